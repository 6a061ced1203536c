"""Lookup structures for the offline interpreter, built once per catalogue.

Every name comes from the catalogue: metric labels and synonyms, dimension labels and synonyms,
dimension values and their value synonyms, and the concepts of the semantic layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import STOPWORDS, stem, words, zipf

MUNICIPAL_SOURCE_PREFIX = "gemeentelijke"

# Everyday Dutch words that mean the same as a word the semantic layer uses (language, not data).
EVERYDAY_WORDS = {
    "klant": "client",
    "deelnemer": "client",
    "gerechtigd": "client",
    "betaald": "kost",
    "kostt": "kost",
    "uitgav": "uitgaav",
    "gezin": "huishoud",
}

# Parts of a wijk name people leave off ('Valkenbos' for Valkenboskwartier, 'Transvaal' for Transvaalkwartier).
AREA_SUFFIXES = ("kwartier", "buurt")


@dataclass(frozen=True)
class Entry:
    kind: str  # "value" | "dimension" | "concept"
    key: str  # value, dimension name or concept name
    dimension: str | None = None
    phrase: tuple[str, ...] = ()


@dataclass
class MetricPhrase:
    metric: str
    stems: tuple[str, ...]
    content: frozenset[str]


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    metric_phrases: list[MetricPhrase] = field(default_factory=list)
    known_stems: set[str] = field(default_factory=set)
    fuzzy_words: dict[str, str] = field(default_factory=dict)  # folded word -> stem
    max_len: int = 1
    dimension_kind: dict[str, str] = field(default_factory=dict)
    area_dimensions: list[str] = field(default_factory=list)
    numeric_dimension: str | None = None
    year_dimension: str | None = None
    home_area: str | None = None
    home_dimension: str | None = None
    default_count_metric: str | None = None
    value_codes: dict[tuple[str, str], str] = field(default_factory=dict)


def phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


def _several_said_as_number(text: str) -> list[str]:
    """'voorzieningen uit meerdere wetten' as said with a number: 'uit 2+ wetten', 'uit twee of meer wetten'."""
    if not re.search(r"\bmeerdere\b", text):
        return []
    return [re.sub(r"\bmeerdere\b", other, text) for other in ("2+", "twee of meer", "2 of meer")]


def _measured_as(model) -> dict[str, list[str]]:
    """What an analyst writes for a plain metric: the column it counts ('huishouden_id' for the households,
    'voorziening_id' for the provisions) or the aggregate of the column it sums ('SUM(bedrag)'), from the semantic
    layer's own definitions. Metrics with the same definition ('kosten', and 'realisatie' beside a budget) are named
    by the first; a column that plain metrics over different views use names none."""
    said: dict[str, list[tuple[str, str, str]]] = {}
    for name, metric in model.metrics.items():
        spec = metric.spec
        if spec.get("flag") or metric.default_filters:
            continue
        if spec.get("kind") == "count" and spec.get("count_column"):
            column = str(spec["count_column"]).replace("_", " ")
            said.setdefault(f"count {column}", []).append((name, column, str(spec.get("view"))))
        elif spec.get("kind") == "sum" and spec.get("value_column"):
            column = str(spec["value_column"]).replace("_", " ")
            said.setdefault(f"sum {column}", []).append((name, column, str(spec.get("view"))))
    out: dict[str, list[str]] = {}
    for key, metrics in said.items():
        if len({view for _n, _c, view in metrics}) != 1:
            continue
        name, column, _view = metrics[0]
        if key.startswith("count"):
            out.setdefault(name, []).extend([column, f"count {column}", f"count distinct {column}"])
        else:
            out.setdefault(name, []).extend(f"{aggregate} {column}" for aggregate in ("sum", "som", "totaal"))
    return out


def _without_parentheses(text: str) -> str:
    return re.sub(r"\([^)]*\)", " ", text).strip()


def _content(stems: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s for s in stems if s not in STOPWORDS or s == "per")


def _code_of(value: str) -> str | None:
    """'6.81 Geëscaleerde zorg 18+' -> '6.81' (codes in values such as taakvelden)."""
    match = re.match(r"^(\d+(?:\.\d+)*)\s", str(value))
    return match.group(1) if match else None


def build_lexicon(catalogue) -> Lexicon:
    model = catalogue.model
    lex = Lexicon()

    def add(text: str, entry: Entry) -> None:
        stems = phrase_stems(text)
        if not stems:
            return
        entry = Entry(entry.kind, entry.key, entry.dimension, stems)
        bucket = lex.phrases.setdefault(stems, [])
        if entry not in bucket:
            bucket.append(entry)
        lex.max_len = max(lex.max_len, len(stems))
        lex.known_stems.update(stems)
        for w in words(text):
            if len(w) >= 5 and w not in STOPWORDS and not w.isdigit():
                lex.fuzzy_words.setdefault(w, stem(w))

    for name, dim in model.dimensions.items():
        kind = str(dim.spec.get("kind", "category"))
        lex.dimension_kind[name] = kind
        if kind == "area":
            lex.area_dimensions.append(name)
            if dim.spec.get("home") and lex.home_area is None:
                lex.home_area = str(dim.spec["home"])
                lex.home_dimension = name
        elif kind == "numeric" and lex.numeric_dimension is None:
            lex.numeric_dimension = name
        elif kind == "year" and lex.year_dimension is None:
            lex.year_dimension = name
        if kind != "numeric":
            for text in [dim.label, name, *dim.synonyms]:
                add(_without_parentheses(text), Entry("dimension", name))
        if kind in ("year", "numeric"):
            continue
        try:
            values = list(catalogue.values(name))
        except Exception:  # a dimension the catalogue holds no values for
            values = list(dim.values)
        try:
            synonyms = dict(catalogue.value_synonyms(name))
        except Exception:
            synonyms = dict(dim.value_synonyms)
        codes = {_code_of(v): v for v in values if _code_of(v)}
        for value in values:
            value = str(value)
            code = _code_of(value)
            filter_value = code if code else value
            if code:
                lex.value_codes[(name, code)] = value
                add(value[len(code):].strip(), Entry("value", filter_value, name))
            add(value, Entry("value", filter_value, name))
        for key, alternatives in synonyms.items():
            key = str(key)
            if key not in {str(v) for v in values} and key not in codes:
                continue
            filter_value = _code_of(key) or key
            for alt in alternatives:
                add(alt, Entry("value", filter_value, name))

    _add_short_area_names(lex, add)

    measured = _measured_as(model)
    for name, metric in model.metrics.items():
        texts = [metric.label, _without_parentheses(metric.label), name.replace("_", " "), *metric.synonyms,
                 *measured.get(name, [])]
        texts += [v for t in texts for v in _several_said_as_number(t)]
        seen: set[tuple[str, ...]] = set()
        for text in texts:
            stems = phrase_stems(text)
            if not stems or stems in seen:
                continue
            seen.add(stems)
            content = _content(stems)
            if not content:
                continue
            lex.metric_phrases.append(MetricPhrase(name, stems, content))
            lex.known_stems.update(stems)
            for w in words(text):
                if len(w) >= 5 and w not in STOPWORDS and not w.isdigit():
                    lex.fuzzy_words.setdefault(w, stem(w))
        if (
            lex.default_count_metric is None
            and metric.unit == "aantal"
            and metric.counting_unit == "persoon"
            and str(metric.source).startswith(MUNICIPAL_SOURCE_PREFIX)
            and not metric.default_filters
            and not metric.spec.get("flag")
        ):
            lex.default_count_metric = name

    for concept in model.concepts:
        add(concept, Entry("concept", concept))
    lex.known_stems.update(EVERYDAY_WORDS.values())
    return lex


def _add_short_area_names(lex: Lexicon, add) -> None:
    """A one-word area name without its suffix ('Valkenbos') names that area when no other name claims it
    and it is not a common Dutch word ('Staten' of Statenkwartier stems to 'staat')."""
    candidates: dict[tuple[str, ...], list[Entry]] = {}
    for key, entries in list(lex.phrases.items()):
        for entry in entries:
            if entry.kind != "value" or entry.dimension not in lex.area_dimensions or len(key) != 1:
                continue
            word = key[0]
            for suffix in AREA_SUFFIXES:
                short = word[: -len(suffix)]
                if word.endswith(suffix) and len(short) >= 6 and zipf(short) < 4.5:
                    candidates.setdefault((stem(short),), []).append(entry)
    for short, entries in candidates.items():
        if short in lex.phrases or short[0] in lex.known_stems or short[0] in STOPWORDS:
            continue
        if len({(e.dimension, e.key) for e in entries}) == 1:
            add(short[0], Entry("value", entries[0].key, entries[0].dimension))


def is_municipal(catalogue, metric: str) -> bool:
    return str(catalogue.model.metrics[metric].source).startswith(MUNICIPAL_SOURCE_PREFIX)
