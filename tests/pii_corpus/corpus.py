"""The labelled Dutch PII corpus: hand-written sources with [[TYPE|text]] mark-up, built into JSON lines.

    python -m tests.pii_corpus.corpus      # rebuilds pii.jsonl and beleid.jsonl from the *_bron.txt files

Each record: {"id", "kind" ("pii" | "beleid" | "ongezien"), "source" ("vraag" | "email" | "notitie"), "text",
"spans": [{"start", "end", "entity"}]}. Also the allow-list used by the tests and the benchmark:
CBS region names from warehouse/data plus the wet and soort strings of the warehouse contract.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "warehouse" / "data"
ENTITIES = ("NAAM", "BSN", "ADRES", "TELEFOON", "EMAIL", "IBAN", "POSTCODE", "GEBOORTEDATUM")
FILES = {
    "pii": ("pii_bron.txt", "pii.jsonl"),
    "beleid": ("beleid_bron.txt", "beleid.jsonl"),
    "ongezien": ("ongezien_bron.txt", "ongezien.jsonl"),  # written after the rules were tuned; a check set
}
_MARK = re.compile(r"\[\[([A-Z]+)\|([^\]]+)\]\]")

WETTEN_EN_SOORTEN = {
    "Wmo": ["Hulp bij het huishouden", "Begeleiding", "Dagbesteding", "Hulpmiddelen", "Woningaanpassing",
            "Vervoersvoorziening", "Beschermd wonen", "Maatschappelijke opvang"],
    "Jeugdwet": ["Jeugdhulp zonder verblijf", "Jeugdhulp met verblijf", "Pleegzorg", "Jeugdbescherming",
                 "Jeugdreclassering"],
    "Participatiewet": ["Bijstand levensonderhoud", "Bijzondere bijstand", "Re-integratie"],
    "Schuldhulpverlening": ["Schuldhulpverlening"],
}


def parse_marked(line: str) -> tuple[str, list[dict]]:
    """'Bel [[NAAM|Kees]] op ...' -> ('Bel Kees op ...', [{'start': 4, 'end': 8, 'entity': 'NAAM'}])."""
    text, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(line):
        before = line[pos : m.start()]
        text.append(before)
        length += len(before)
        entity, value = m.group(1), m.group(2)
        if entity not in ENTITIES:
            raise ValueError(f"onbekend type {entity!r} in: {line}")
        spans.append({"start": length, "end": length + len(value), "entity": entity})
        text.append(value)
        length += len(value)
        pos = m.end()
    text.append(line[pos:])
    return "".join(text), spans


def records(kind: str) -> list[dict]:
    source_file = HERE / FILES[kind][0]
    out = []
    for n, raw in enumerate(source_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        source, _, marked = raw.partition("|")
        text, spans = parse_marked(marked)
        out.append({"id": f"{kind}-{n:03d}", "kind": kind, "source": source, "text": text, "spans": spans})
    return out


def build() -> None:
    for kind, (_, target) in FILES.items():
        lines = [json.dumps(r, ensure_ascii=False) for r in records(kind)]
        (HERE / target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(kind: str) -> list[dict]:
    """The built JSON lines of one part of the corpus ('pii' or 'beleid')."""
    path = HERE / FILES[kind][1]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def allow_list() -> set[str]:
    """Region names as people say them (CBS files) plus wetten and soorten: the test vocabulary."""
    names: set[str] = set()
    with open(DATA / "kwb2021_2022_wijk_gemeente_social_subset.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.add(re.sub(r"^Wijk \d+\s+", "", row["regio"]).strip())
            names.add(row["gm_naam"].strip())
    for fname, cols in (("wijkbuurtkaart2024_wijk_2024_stats.csv", ("wijknaam", "gemeentenaam")),
                        ("wijkbuurtkaart2024_gemeente_2024_stats.csv", ("gemeentenaam",))):
        with open(DATA / fname, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                names.update(row[c].strip() for c in cols)
    for wet, soorten in WETTEN_EN_SOORTEN.items():
        names.add(wet)
        names.update(soorten)
    names.update({"Den Haag", "Laak", "Transvaal", "Escamp", "Segbroek", "Schilderswijk", "Haagse"})
    return {n for n in names if n}


if __name__ == "__main__":
    build()
    for kind in FILES:
        data = load(kind)
        print(kind, len(data), "zinnen,", sum(len(r["spans"]) for r in data), "spans")
