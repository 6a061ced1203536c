"""PII benchmark: this scrubber vs deduce alone vs presidio's default recognizers, on the same corpus.

    .venv/bin/python -m bench.pii            # all three, writes the "pii" section of BENCHMARKS.md
    .venv/bin/python -m bench.pii --only wijkvraag --errors

Per entity type: precision and recall (a gold span counts as found when a prediction of a compatible
type overlaps it), the share of gold spans whose characters were all removed (whatever the type),
the false-positive rate on the policy questions (share of no-PII sentences altered), latency per
sentence (median, p95) and the median for a 300-character text, in a warm process.

Name recall: names of the restricted `persoon_identiteit` table in many phrasings (`tests/pii_corpus/names.py`;
a name counts as caught when none of its words survives), and the share of development-set policy questions
the detector would alter. For this scrubber also without Faker's name lists (only deduce's lists and the rules),
which shows how far the rules carry for names that are on no list.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

import psutil

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
logging.basicConfig(level=logging.WARNING)  # before deduce is imported (it configures DEBUG logging)
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

from tests.pii_corpus.corpus import ENTITIES, allow_list, load  # noqa: E402
from tests.pii_corpus import names as name_set  # noqa: E402

WAREHOUSE = Path(__file__).resolve().parent.parent / "warehouse" / "sociaal_domein.duckdb"
N_NAMES = 600

# A prediction: (start, end, set of gold entity types it may stand for)
Prediction = tuple[int, int, frozenset[str]]
Detector = Callable[[str], list[Prediction]]

TEXT_300 = (
    "Beste collega, mevrouw J.P. Bakker (geb. 12-03-1985) belde over haar aanvraag voor Hulp bij het "
    "huishouden in Moerwijk. Ze woont op de Hoefkade 12a, 2526 AB Den Haag, tel. 06-12345678. Kun je de "
    "kosten voor 2024 per wijk opzoeken en vergelijken met Laak? Bij vragen: 14 070. Groet, Jan de Vries."
)


# --------------------------------------------------------------------------------------------
# The three detectors


def wijkvraag_detector() -> Detector:
    from guards.pii import PiiScrubber

    scrubber = PiiScrubber(allow_list=allow_list())

    def detect(text: str) -> list[Prediction]:
        return [(f.start, f.end, frozenset({f.entity_type})) for f in scrubber.analyze(text)]

    return detect


DEDUCE_TAGS = {
    "persoon": {"NAAM"}, "patient": {"NAAM"}, "locatie": {"ADRES", "POSTCODE"}, "bsn": {"BSN"},
    "telefoonnummer": {"TELEFOON"}, "emailadres": {"EMAIL"}, "datum": {"GEBOORTEDATUM"},
}


def deduce_detector() -> Detector:
    from deduce import Deduce

    cache = Path(os.environ.get("WIJKVRAAG_DEDUCE_CACHE", Path(tempfile.gettempdir()) / "wijkvraag-deduce-cache"))
    cache.mkdir(parents=True, exist_ok=True)
    engine = Deduce(cache_path=cache)
    logging.getLogger().setLevel(logging.WARNING)

    def detect(text: str) -> list[Prediction]:
        doc = engine.deidentify(text)
        out = []
        for ann in doc.annotations:
            tag = ann.tag.split("_")[0] if ann.tag not in DEDUCE_TAGS else ann.tag
            out.append((ann.start_char, ann.end_char, frozenset(DEDUCE_TAGS.get(tag, {ann.tag}))))
        return out

    return detect


PRESIDIO_TYPES = {
    "PERSON": {"NAAM"}, "EMAIL_ADDRESS": {"EMAIL"}, "PHONE_NUMBER": {"TELEFOON"}, "IBAN_CODE": {"IBAN"},
    "DATE_TIME": {"GEBOORTEDATUM"}, "LOCATION": {"ADRES", "POSTCODE"},
}


def presidio_default_detector() -> Detector:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    nlp_engine = NoOpNlpEngine(models=[{"lang_code": "nl", "model_name": "none"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    for recognizer in registry.recognizers:
        recognizer.supported_language = "nl"
    registry.supported_languages = ["nl"]
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["nl"])

    def detect(text: str) -> list[Prediction]:
        return [(r.start, r.end, frozenset(PRESIDIO_TYPES.get(r.entity_type, {r.entity_type})))
                for r in engine.analyze(text=text, language="nl")]

    return detect


DETECTORS: dict[str, tuple[str, Callable[[], Detector]]] = {
    "wijkvraag": ("deze scrubber (guards.pii)", wijkvraag_detector),
    "deduce": ("deduce alleen (Deduce())", deduce_detector),
    "presidio": ("presidio standaard-recognizers", presidio_default_detector),
}


# --------------------------------------------------------------------------------------------
# Scoring


def evaluate(detect: Detector, pii: list[dict], beleid: list[dict], errors: bool = False) -> dict:
    tp_gold, n_gold, covered = defaultdict(int), defaultdict(int), defaultdict(int)
    tp_pred, n_pred = defaultdict(int), defaultdict(int)
    latencies: list[float] = []
    for record in pii:
        text = record["text"]
        t0 = time.perf_counter()
        preds = detect(text)
        latencies.append(time.perf_counter() - t0)
        for span in record["spans"]:
            ent, s, e = span["entity"], span["start"], span["end"]
            n_gold[ent] += 1
            hit = any(ps < e and s < pe and ent in types for ps, pe, types in preds)
            tp_gold[ent] += hit
            masked = set()
            for ps, pe, _ in preds:
                masked.update(range(max(ps, s), min(pe, e)))
            chars = {i for i in range(s, e) if not text[i].isspace()}
            covered[ent] += chars <= masked
            if errors and not hit:
                print(f"  gemist {ent:<13} {text[s:e]!r:<32} in: {text}")
        for ps, pe, types in preds:
            golds = [sp for sp in record["spans"] if ps < sp["end"] and sp["start"] < pe]
            for ent in types & set(ENTITIES) or {"(overig)"}:
                n_pred[ent] += 1
                tp_pred[ent] += any(sp["entity"] in types for sp in golds)
            if errors and not any(sp["entity"] in types for sp in golds):
                print(f"  onterecht {'/'.join(sorted(types)):<11} {text[ps:pe]!r:<32} in: {text}")
    altered = 0
    for record in beleid:
        t0 = time.perf_counter()
        preds = detect(record["text"])
        latencies.append(time.perf_counter() - t0)
        if preds:
            altered += 1
            if errors:
                print("  beleidsvraag gewijzigd:", record["text"], [record["text"][s:e] for s, e, _ in preds])
    long_times = []
    for _ in range(50):
        t0 = time.perf_counter()
        detect(TEXT_300)
        long_times.append(time.perf_counter() - t0)
    per_type = {}
    for ent in ENTITIES:
        per_type[ent] = {
            "gold": n_gold[ent],
            "recall": tp_gold[ent] / n_gold[ent] if n_gold[ent] else float("nan"),
            "precision": tp_pred[ent] / n_pred[ent] if n_pred[ent] else float("nan"),
            "removed": covered[ent] / n_gold[ent] if n_gold[ent] else float("nan"),
        }
    lat = sorted(latencies)
    return {
        "per_type": per_type,
        "fp_rate": altered / len(beleid),
        "altered": altered,
        "n_beleid": len(beleid),
        "median_ms": statistics.median(lat) * 1000,
        "p95_ms": lat[int(0.95 * (len(lat) - 1))] * 1000,
        "median_300_ms": statistics.median(long_times) * 1000,
        "other_preds": n_pred.get("(overig)", 0),
    }


def mask(text: str, preds: list[Prediction]) -> str:
    out, pos = [], 0
    for s, e, _ in sorted(preds):
        if s < pos:
            s = pos
        if e <= s:
            continue
        out.append(text[pos:s])
        out.append("<X>")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def load_names() -> list | None:
    if not WAREHOUSE.exists():
        return None
    import duckdb

    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        return name_set.sample_names(con, N_NAMES)
    finally:
        con.close()


def name_recall(detect: Detector, names: list, policy: list[str]) -> dict:
    """Recall over every (name, phrasing) pair, per phrasing, and policy questions altered."""
    templates = dict(name_set.TEMPLATES)
    missed, total = defaultdict(int), defaultdict(int)
    for tid, name, question in name_set.cases(names):
        total[tid] += 1
        if not name_set.caught(name, question, mask(question, detect(question)), templates[tid]):
            missed[tid] += 1
    n = sum(total.values())
    altered = sum(1 for q in policy if detect(q))
    return {
        "recall": 1 - sum(missed.values()) / n, "n": n,
        "per_template": {tid: 1 - missed[tid] / total[tid] for tid in total},
        "policy_altered": altered, "n_policy": len(policy),
    }


def wijkvraag_without_faker() -> Detector:
    """This scrubber with a lexicon built without Faker's name lists (restored afterwards by the caller)."""
    from guards import pii_lexicon

    pii_lexicon._LEXICON = pii_lexicon._build(with_faker=False)
    return wijkvraag_detector()


def name_table(name_results: dict[str, dict], n_names: int) -> str:
    labels = {**{k: v[0] for k, v in DETECTORS.items()}, "wijkvraag-zonder-faker": "deze scrubber zonder Faker-namenlijsten"}
    names = list(name_results)
    head = "| | " + " | ".join(labels[n] for n in names) + " |\n|---|" + "---|" * len(names) + "\n"
    first = next(iter(name_results.values()))
    rows = [f"| namen in vragen (n={first['n']}): recall | " + " | ".join(f"{r['recall']:.3f}" for r in name_results.values()) + " |"]
    for tid, _ in name_set.TEMPLATES:
        rows.append(f"| — {tid} | " + " | ".join(f"{r['per_template'][tid]:.3f}" for r in name_results.values()) + " |")
    rows.append("| beleidsvragen uit de ontwikkelset gewijzigd | " + " | ".join(
        f"{r['policy_altered']}/{r['n_policy']} = {100 * r['policy_altered'] / r['n_policy']:.1f}%" for r in name_results.values()) + " |")
    notes = (
        f"\n*Namen*: {n_names} verschillende namen (voornaam, tussenvoegsel, achternaam) uit `persoon_identiteit` "
        f"(vaste steekproef), elk in {len(name_set.TEMPLATES)} formuleringen (`tests/pii_corpus/names.py`): voornaam + "
        "tussenvoegsel + achternaam, mevrouw/meneer/dhr./mw./familie + achternaam, initialen, kleine letters, bezitsvorm, "
        "naam aan begin of eind, naast een wijknaam, dubbele achternaam. Een naam telt als gevonden als geen enkel woord "
        "ervan overblijft. De scrubber gebruikt die tabel nooit; de synthetische namen komen wel uit Faker `nl_NL`, "
        "waarvan de scrubber de namenlijsten ook gebruikt: de kolom zonder Faker laat zien wat de regels met alleen "
        "deduce's lijsten halen. Eis: recall ≥ 0.99; beleidsvragen: alle vragen uit `tests/questions/*.yaml` die niet "
        "geweigerd horen te worden.\n"
    )
    return head + "\n".join(rows) + "\n" + notes


def _fmt(x: float) -> str:
    return "–" if x != x else f"{x:.2f}"


def table(results: dict[str, dict], startup: dict[str, float], n_pii: int, n_beleid: int,
          check: dict[str, dict], memory: dict[str, float], n_check: int) -> str:
    names = list(results)
    head = "| | " + " | ".join(DETECTORS[n][0] for n in names) + " |\n|---|" + "---|" * len(names) + "\n"
    rows = []
    for ent in ENTITIES:
        gold = next(iter(results.values()))["per_type"][ent]["gold"]
        cells = [f"{_fmt(r['per_type'][ent]['precision'])} / {_fmt(r['per_type'][ent]['recall'])} / {_fmt(r['per_type'][ent]['removed'])}"
                 for r in results.values()]
        rows.append(f"| {ent} (n={gold}): precisie / recall / verwijderd | " + " | ".join(cells) + " |")
    rows.append("| beleidsvragen gewijzigd (fout-positief) | " + " | ".join(
        f"{r['altered']}/{r['n_beleid']} = {100 * r['fp_rate']:.1f}%" for r in results.values()) + " |")
    rows.append("| latency per zin, mediaan / p95 (ms) | " + " | ".join(
        f"{r['median_ms']:.2f} / {r['p95_ms']:.2f}" for r in results.values()) + " |")
    rows.append("| 300 tekens, mediaan warm (ms) | " + " | ".join(f"{r['median_300_ms']:.2f}" for r in results.values()) + " |")
    rows.append("| opstarttijd (s) | " + " | ".join(f"{startup[n]:.1f}" for n in names) + " |")
    rows.append("| extra geheugen na opstart (MB RSS; – = niet meetbaar, vorige detector vrijgegeven) | " + " | ".join(
        f"{memory[n]:.0f}" if memory[n] > 0 else "–" for n in names) + " |")
    for ent in ENTITIES:
        gold = next(iter(check.values()))["per_type"][ent]["gold"]
        rows.append(f"| controleset {ent} (n={gold}): recall | " + " | ".join(
            _fmt(check[n]["per_type"][ent]["recall"]) for n in names) + " |")
    notes = (
        f"\nCorpus: `tests/pii_corpus/` — {n_pii} zinnen met persoonsgegevens (vragen, e-mails, dossiernotities) en "
        f"{n_beleid} beleidsvragen zonder persoonsgegevens; de *controleset* ({n_check} zinnen, `ongezien.jsonl`) is "
        "pas geschreven nadat de regels waren afgesteld op de eerste set. Een gemarkeerde span telt als gevonden als een voorspelling "
        "van een passend type hem overlapt; *verwijderd* = alle tekens van de span vervangen (welk type ook). "
        "deduce `locatie` en presidio `LOCATION` tellen voor ADRES en POSTCODE, `datum`/`DATE_TIME` voor GEBOORTEDATUM. "
        "Allow-list van deze scrubber: CBS-gebiedsnamen uit `warehouse/data` plus de wetten en soorten. "
        "Presidio zonder spaCy-model (geen NER), recognizers met taal `nl`.\n"
        "\nEisen: recall ≥ 0.98 op BSN, POSTCODE, TELEFOON, EMAIL, IBAN; ≥ 0.90 op NAAM; ≤ 2% beleidsvragen gewijzigd; "
        "300 tekens ≤ 5 ms mediaan warm.\n"
    )
    return head + "\n".join(rows) + "\n" + notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PII-benchmark")
    parser.add_argument("--only", choices=list(DETECTORS), action="append", help="alleen deze detector(s)")
    parser.add_argument("--errors", action="store_true", help="toon gemiste en onterechte vondsten")
    parser.add_argument("--no-write", action="store_true", help="BENCHMARKS.md niet bijwerken")
    args = parser.parse_args(argv)
    pii, beleid = load("pii"), load("beleid")
    check_set = load("ongezien")
    results, startup, check, memory, name_results = {}, {}, {}, {}, {}
    names = load_names()
    policy = name_set.policy_questions()
    process = psutil.Process()
    for name in args.only or list(DETECTORS):
        rss = process.memory_info().rss
        t0 = time.perf_counter()
        detect = DETECTORS[name][1]()
        detect("Opwarmen: mevrouw Bakker, 06-12345678.")
        startup[name] = time.perf_counter() - t0
        memory[name] = (process.memory_info().rss - rss) / 2**20
        print(f"{DETECTORS[name][0]}: gestart in {startup[name]:.1f} s", file=sys.stderr)
        results[name] = evaluate(detect, pii, beleid, errors=args.errors)
        check[name] = evaluate(detect, check_set, beleid[:1], errors=args.errors)
        if names is not None:
            name_results[name] = name_recall(detect, names, policy)
    if names is not None and "wijkvraag" in name_results:
        from guards import pii_lexicon

        saved = pii_lexicon._LEXICON
        try:
            name_results["wijkvraag-zonder-faker"] = name_recall(wijkvraag_without_faker(), names, policy)
        finally:
            pii_lexicon._LEXICON = saved
    body = table(results, startup, len(pii), len(beleid), check, memory, len(check_set))
    if name_results:
        body += "\n### Namen van inwoners in vragen\n\n" + name_table(name_results, len(names))
    else:
        body += "\n(Naamrecall niet gemeten: magazijn ontbreekt; bouw het met `python -m warehouse build`.)\n"
    print(body)
    if not args.no_write and not args.only:
        from bench.report import write_section

        write_section("pii", "PII-guard (Nederlandse tekst)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
