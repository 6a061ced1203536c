"""How an answer is laid out for a reader: one headline sentence, what was understood (with every
default made visible), and each notice once. Pure functions over an ``Answer`` (or its dict)."""

from __future__ import annotations

import re
from typing import Any

from assistant.compose import describe_filter
from semantic_layer.query import Filter

SYNTHETIC_MARKERS = ("synthetische demodata", "synthetische demonstratiegegevens")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])", re.MULTILINE)


def field(obj: Any, name: str, default: Any = None) -> Any:
    """A field of an ``Answer`` or of its dict (a stored answer)."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def derived_values(answer: Any) -> dict[str, list[float | None]]:
    """The columns a reader sees beside the released ones, per row, computed from the shown values: each
    difference (``answer.differences``: realisatie − begroting) and each percentage (``answer.ratios``:
    realisatie / begroting x 100); None where a part is withheld or missing."""
    columns = list(field(answer, "columns", []) or [])
    rows = list(field(answer, "rows", []) or [])
    hidden = {(int(r), int(c)) for r, c in (field(answer, "suppressed", []) or [])}

    def combine(parts: list[str], how) -> list[float | None]:
        i, j = (columns.index(p) for p in parts)
        out: list[float | None] = []
        for r, row in enumerate(rows):
            a, b = row[i], row[j]
            shown = (r, i) not in hidden and (r, j) not in hidden and isinstance(a, int | float) \
                and isinstance(b, int | float)
            out.append(how(float(a), float(b)) if shown else None)
        return out

    derived: dict[str, list[float | None]] = {}
    for name, parts in dict(field(answer, "differences", {}) or {}).items():
        if all(p in columns for p in parts):
            derived[name] = combine(parts, lambda a, b: a - b)
    for name, parts in dict(field(answer, "ratios", {}) or {}).items():
        if all(p in columns for p in parts):
            derived[name] = combine(parts, lambda a, b: round(100 * a / b, 1) if b else None)
    return derived


def escape_markdown(text: str) -> str:
    """Text shown as itself: no links, images, emphasis or HTML (a question is never markup)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def sentences(text: str) -> list[str]:
    """Split at '. ' before a capital, but not after an item number ('1. Moerwijk') or inside '3.286'."""
    out, start = [], 0
    for match in re.finditer(r"[.!?]\s+(?=[A-Z'\"])", text):
        before = text[start:match.start()]
        number = re.search(r"(?:^|[:;,]\s*)(\d{1,2})$", before)
        if number:  # a ranking's item number ('1. Moerwijk (..); 2. Ypenburg') is not a sentence end
            n = int(number.group(1))
            if (n == 1 and "; 2. " in text[match.end():]) or (n > 1 and f"; {n}" in before and f"{n - 1}. " in before):
                continue
        out.append(text[start:match.start() + 1].strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def body_and_headline(answer: Any) -> tuple[str, str]:
    """(headline, rest): the answer text without the definition, the source and the notices, which
    the page shows in their own sections."""
    text = str(field(answer, "answer", "") or "")
    for marker in (" Definitie (", " Bron: "):
        cut = text.find(marker)
        if cut >= 0 and field(answer, "status") in ("answered", "suppressed"):
            text = text[:cut]
    notices = [str(n).strip() for n in (field(answer, "notices", []) or [])]
    parts = [s for s in sentences(text) if s not in notices]
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


def notices_once(answer: Any) -> list[str]:
    """Each notice once, without the synthetic-data label (the page shows that once, at the top)."""
    seen: list[str] = []
    for notice in field(answer, "notices", []) or []:
        text = str(notice).strip()
        if text and text not in seen and not any(m in text.lower() for m in SYNTHETIC_MARKERS):
            seen.append(text)
    return seen


def understood(answer: Any) -> str:
    """'Cliënten · wet Wmo · Schildersbuurt · 2023': the measure, filters, breakdown, area and year,
    with the defaults the question left open marked as such."""
    query = field(answer, "semantic_query")
    if not query:
        return ""
    labels = dict(field(answer, "column_labels", {}) or {})
    sql = str(field(answer, "sql", "") or "")
    parts = [labels.get(m, m.replace("_", " ")) for m in query.get("metrics", [])]
    area_named = False
    for flt in query.get("filters", []):
        dim, values = flt.get("dimension", ""), [str(v) for v in flt.get("values", [])]
        op = flt.get("op", "=")
        if op not in ("=", "in"):  # 'wijk niet Zorgvliet', 'leeftijd 18 en ouder': never the value itself
            parts.append(describe_filter(Filter(**flt), labels.get(dim, dim.replace("_", " "))))
        elif dim in ("wijk", "buurt", "gemeente", "stadsdeel"):
            area_named = True
            parts.append(" en ".join(values))
        elif dim in ("wet",):
            parts.append(" en ".join(values))
        else:
            parts.append(f"{labels.get(dim, dim.replace('_', ' '))}: {' en '.join(values)}")
    dimensions = list(query.get("dimensions", []))
    if not area_named:
        gemeente = re.search(r"gemeente = '((?:[^']|'')+)'", sql)
        name = gemeente.group(1).replace("''", "'") if gemeente else "de hele gemeente"
        parts.append(f"{name} (standaard)" if not {"wijk", "buurt"} & set(dimensions) else name)
    for dim in dimensions:
        if dim != "jaar":
            parts.append(f"per {labels.get(dim, dim).lower()}")
    years = query.get("years") or []
    if years:
        parts.append(" en ".join(str(y) for y in years) if len(years) <= 3 else f"{years[0]}–{years[-1]}")
    elif "jaar" in dimensions:
        parts.append("per jaar")
    else:
        year = re.search(r"\bjaar = (\d{4})", sql)
        if year:
            parts.append(f"{year.group(1)} (standaard: laatste jaar)")
    return " · ".join(p for p in parts if p)


def sql_in_dialect(sql: str, dialect: str) -> str | None:
    """The analyst's form of the SQL (the one the editor accepts, DuckDB) in another dialect, or None."""
    if dialect == "duckdb":
        return sql
    try:
        import sqlglot

        return sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True)[0]
    except Exception:  # noqa: BLE001 - a dialect the SQL cannot be expressed in is left out
        return None
