"""The answer composer: a short Dutch answer with Dutch number formatting, period, area, definition,
source and what was suppressed, plus a chart suggestion per result shape."""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from typing import Any

from assistant.answer import Chart
from semantic_layer.compiled import CompiledQuery, OutputColumn
from semantic_layer.query import Filter, SemanticQuery

SUPPRESSED_WORD = "niet getoond"
SYNTHETIC_SOURCE = "gemeentelijke registratie (synthetische demodata)"


# ----------------------------------------------------------------------------- numbers
def plain(value: Any) -> Any:
    """A JSON-ready value: Decimal/numpy -> int/float, dates -> ISO text, NaN -> None."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def dutch_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> '12.346' (decimals=0) or '12.345,6' (decimals=1)."""
    negative = value < 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    result = _group(whole) + ("," + frac if frac else "")
    return ("-" if negative else "") + result


def format_value(value: Any, unit: str | None) -> str:
    """Dutch formatting per unit: 12.345; 4,7%; € 1,2 mln; 12,3 per 1.000; 123 dagen."""
    if value is None:
        return SUPPRESSED_WORD
    if not isinstance(value, (int, float)):
        return str(value)
    if unit == "euro":
        amount = abs(value)
        sign = "-" if value < 0 else ""
        if amount >= 1e9:
            return f"{sign}€ {dutch_number(amount / 1e9, 2)} mld"
        if amount >= 1e6:
            return f"{sign}€ {dutch_number(amount / 1e6, 1)} mln"
        return f"{sign}€ {dutch_number(amount, 0)}"
    if unit == "procent":
        return f"{dutch_number(value, 1)}%"
    if unit == "per 1.000":
        return f"{dutch_number(value, 1)} per 1.000 inwoners"
    if unit == "dagen":
        return f"{dutch_number(value, 0)} dagen"
    if unit == "jaar":
        return str(int(value))
    if isinstance(value, float) and not value.is_integer():
        return dutch_number(value, 1)
    return dutch_number(value, 0)


def signed(value: Any, unit: str | None, difference: bool = False) -> str:
    """A value with its sign; a difference of two percentages is in procentpunten, not a percentage."""
    if value is None:
        return SUPPRESSED_WORD
    text = format_value(value, unit)
    if difference and unit == "procent" and text.endswith("%"):
        text = text[:-1] + " procentpunt"
    return text if text.startswith("-") or value == 0 else "+" + text


# ----------------------------------------------------------------------------- chart
def suggest_chart(query: SemanticQuery | None, compiled: CompiledQuery | None, row_count: int,
                  year_dimension: str = "jaar", map_dimension: str = "wijk", requested: str | None = None) -> Chart:
    """single value -> 'single'; trend -> line; ranking/comparison -> bar; per wijk -> map."""
    if compiled is None or row_count == 0:
        return Chart(kind="none")
    dims = [c.name for c in compiled.columns if c.kind == "dimension"]
    measures = [c.name for c in compiled.columns if c.kind == "measure"]
    if not measures:
        return Chart(kind="none")
    y = measures[0]
    if query is not None and query.order_by:
        wanted = query.order_by[0].field
        y = wanted if wanted in measures else y
    if requested == "none":
        return Chart(kind="none")
    if not dims:
        if len(measures) > 1 and query is not None and query.year_comparison is not None:
            return Chart(kind="bar" if requested != "line" else "line", x=None, y=y)
        return Chart(kind="single", y=y)
    others = [d for d in dims if d != year_dimension]
    if year_dimension in dims:
        kind = requested if requested in ("bar", "line") else "line"
        return Chart(kind=kind, x=year_dimension, y=y, color=others[0] if others else None)
    ranking = query is not None and bool(query.order_by)
    if requested == "map" and map_dimension in dims:
        return Chart(kind="map", x=map_dimension, y=y)
    if map_dimension in dims and not ranking and len(dims) == 1 and requested not in ("bar", "line"):
        return Chart(kind="map", x=map_dimension, y=y)
    kind = "line" if requested == "line" else "bar"
    return Chart(kind=kind, x=others[0], y=y, color=others[1] if len(others) > 1 else None)


def _euro_ratio_parts(model, metric: str | None) -> tuple[str, str] | None:
    """(numerator, denominator) of a percentage of one amount in euro over another (the uitputting of a
    budget: realisatie over begroting), else None."""
    spec = model.metrics[metric].spec if metric in model.metrics else {}
    parts = [spec.get(p) for p in ("numerator", "denominator")]
    if spec.get("kind") == "ratio" and spec.get("per") == 100 and all(
            isinstance(p, str) and p in model.metrics and model.metrics[p].unit == "euro" for p in parts):
        return parts[0], parts[1]
    return None


def reference_value(model, metric: str | None) -> float | None:
    """A line worth drawing beside a figure: 100% for a percentage of one amount in euro over another
    (the uitputting of a budget: above the line more was spent than budgeted)."""
    return 100.0 if _euro_ratio_parts(model, metric) is not None else None


def differences(model, columns: list[str]) -> dict[str, list[str]]:
    """Where a table shows both amounts of such a percentage (begroting and realisatie), their difference as
    a column of its own: the council's 'verschil' (realisatie − begroting). Named after the two columns."""
    out: dict[str, list[str]] = {}
    for name in model.metrics:
        parts = _euro_ratio_parts(model, name)
        if parts and all(p in columns for p in parts) and f"{parts[0]}_min_{parts[1]}" not in out:
            out[f"{parts[0]}_min_{parts[1]}"] = list(parts)
    return out


def ratios(model, columns: list[str]) -> dict[str, list[str]]:
    """Where a table shows both amounts of such a percentage but not the percentage itself (begroting and
    realisatie without the uitputting), the percentage as a column of its own, from the shown amounts: the
    council reads begroot, gerealiseerd, verschil and uitputting in one answer. Named after the metric."""
    out: dict[str, list[str]] = {}
    for name in model.metrics:
        parts = _euro_ratio_parts(model, name)
        if parts and name not in columns and all(p in columns for p in parts):
            out[name] = list(parts)
    return out


# ----------------------------------------------------------------------------- text
class Composer:
    """Turns a released table into a short Dutch answer. Reads labels from the catalogue."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.model = catalogue.model
        home = getattr(catalogue, "home_gemeente", None)
        if home is None and "gemeente" in self.model.dimensions:
            home = self.model.dimensions["gemeente"].spec.get("home")
        self.home = home or "de gemeente"

    # -- pieces ---------------------------------------------------------------------------------------
    def area_text(self, query: SemanticQuery) -> str:
        areas, excluded = [], []
        for f in query.filters:
            dim = self.model.dimensions.get(f.dimension)
            if dim is not None and dim.spec.get("kind") == "area":
                names = [self._area_name(f.dimension, str(v)) for v in f.values]
                (excluded if f.op in ("!=", "not in") else areas).extend(names)
        text = _join(areas) if areas else self.home
        if excluded:  # 'Haagse Hout zonder Bezuidenhout', never 'Haagse Hout en Bezuidenhout'
            text += " zonder " + _join(excluded)
        return text

    def _area_name(self, dimension: str, value: str) -> str:
        """An area with its level where the name alone does not say it: 'stadsdeel Escamp' (a level between
        gemeente and wijk), 'wijk Scheveningen' (a wijk named like a stadsdeel); a gemeente or other wijk by name."""
        areas = [n for n, d in self.model.dimensions.items() if d.spec.get("kind") == "area"]
        label = self.model.dimensions[dimension].label.lower()
        if dimension not in (areas[0], areas[-1]):
            return f"{label} {value}"
        if dimension == areas[-1]:
            for other in areas[1:-1]:
                try:
                    if value in [str(v) for v in self.catalogue.values(other)]:
                        return f"{label} {value}"
                except Exception:  # a catalogue without values for that level
                    continue
        return value

    def period_text(self, query: SemanticQuery) -> str:
        if query.year_comparison is not None:
            return f"{query.year_comparison.base_year} en {query.year_comparison.compare_year}"
        years = query.years
        if not years:
            try:
                latest = self.catalogue.latest_year_for(query.metrics[0])
            except Exception:
                latest = self.catalogue.latest_year
            return str(latest)
        years = sorted(years)
        if len(years) == 1:
            return str(years[0])
        if years == list(range(years[0], years[-1] + 1)):
            return f"{years[0]} tot en met {years[-1]}"
        return _join([str(y) for y in years])

    def filter_text(self, query: SemanticQuery) -> str:
        parts = []
        for f in query.filters:
            dim = self.model.dimensions.get(f.dimension)
            if dim is None or dim.spec.get("kind") == "area":
                continue
            if f.op in ("=", "in", "!=", "not in"):  # a taakveld by code and name ('6.81 Geëscaleerde zorg 18+')
                f = f.model_copy(update={"values": [self.catalogue.value_text(f.dimension, v) for v in f.values]})
            parts.append(describe_filter(f, dim.label))
        words = {">": "boven", ">=": "minstens", "<": "onder", "<=": "hooguit"}
        for c in query.conditions:  # 'alleen waar uitputting van de begroting boven 100%'
            metric = self.model.metrics.get(c.metric)
            unit = "%" if metric is not None and metric.unit == "procent" else ""
            parts.append(f"alleen waar {self.metric_label(c.metric).lower()} {words[c.op]} "
                         f"{dutch_number(c.value, 0 if float(c.value).is_integer() else 1)}{unit}")
        return "; ".join(parts)

    def metric_label(self, name: str) -> str:
        metric = self.model.metrics.get(name)
        return metric.label if metric else name

    # -- the answer -----------------------------------------------------------------------------------
    def compose(self, query: SemanticQuery | None, compiled: CompiledQuery, columns: list[str],
                rows: list[list[Any]], suppressed: list[list[int]], guard_notices: list[str]) -> str:
        specs = {c.name: c for c in compiled.columns}
        dims = [c for c in columns if specs.get(c) is not None and specs[c].kind == "dimension"]
        measures = [c for c in columns if specs.get(c) is not None and specs[c].kind == "measure"]
        scope = self._scope(query)
        lines: list[str] = []
        if not rows:
            if query is not None and query.conditions and dims:  # the bound is met nowhere: say so
                lines.append(f"Geen enkele {self._dim_label(dims[0]).lower()} voldoet hieraan{scope}.")
            else:
                lines.append(f"Er zijn geen gegevens gevonden{scope}.")
        elif not dims and query is not None and query.year_comparison is not None and len(rows) == 1:
            lines.append(self._comparison(query, specs, columns, rows[0], scope))
        elif not dims and len(rows) == 1:
            values = [f"{self._label(specs[m])}: {format_value(rows[0][columns.index(m)], specs[m].unit)}"
                      for m in measures]
            if len(values) == 1:
                lines.append(f"{self._label(specs[measures[0]])}{scope}: "
                             f"{format_value(rows[0][columns.index(measures[0])], specs[measures[0]].unit)}.")
            else:
                lines.append(f"Cijfers{scope}: " + "; ".join(values) + ".")
        else:
            lines.append(self._table(query, specs, columns, rows, dims, measures, scope))
        if suppressed:
            lines.append(self._suppression(specs, columns, rows, suppressed, dims, measures, guard_notices))
        return " ".join(lines)

    def _suppression(self, specs, columns, rows, suppressed, dims, measures, guard_notices) -> str:
        """Plainly: which figures are not shown, and why (the disclosure guard's reasons)."""
        measure_at = {columns.index(m): m for m in measures}
        cells = sorted({(int(r), int(c)) for r, c in suppressed if int(c) in measure_at and int(r) < len(rows)})
        total = len(rows) * len(measures)
        why = " ".join(guard_notices) if guard_notices else (
            "Reden: te weinig personen of huishoudens in de cel, of terug te rekenen uit andere cijfers.")
        if total and len(cells) >= total:
            head = ("Dit cijfer wordt niet getoond om inwoners te beschermen." if total == 1 else
                    f"Geen van de {total} cijfers wordt getoond om inwoners te beschermen.")
            return f"{head} {why}"
        names: list[str] = []
        for r, c in cells:
            parts = [str(rows[r][columns.index(d)]) for d in dims]
            if len(measures) > 1:
                parts.append(self._label(specs[measure_at[c]]).lower())
            names.append(" / ".join(parts) if parts else self._label(specs[measure_at[c]]))
        shown = _join(names) if len(names) <= 6 else ", ".join(names[:6]) + f" en nog {len(names) - 6}"
        count = f"{len(cells)} van de {total} cijfers" if total else f"{len(cells)} cijfers"
        return f"Niet getoond om inwoners te beschermen: {shown} ({count}). {why}"

    def _scope(self, query: SemanticQuery | None) -> str:
        if query is None:
            return ""
        parts = [f" in {self.area_text(query)}", f" in {self.period_text(query)}"]
        filters = self.filter_text(query)
        if filters:
            parts.append(f" ({filters})")
        return "".join(parts)

    def _label(self, spec: OutputColumn) -> str:
        return spec.label or self.metric_label(spec.metric or spec.name)

    def _comparison(self, query, specs, columns, row, scope) -> str:
        out = []
        for metric in query.metrics:
            label = self.metric_label(metric)
            base, comp = query.year_comparison.base_year, query.year_comparison.compare_year
            names = [f"{metric}_{base}", f"{metric}_{comp}", f"{metric}_verschil", f"{metric}_verschil_pct"]
            if not all(n in columns for n in names[:3]):
                continue
            unit = specs[names[0]].unit
            b, c, d = (row[columns.index(n)] for n in names[:3])
            pct = row[columns.index(names[3])] if names[3] in columns else None
            text = f"{label}{scope.replace(' in ' + self.period_text(query), '')}: {base}: {format_value(b, unit)}, " \
                   f"{comp}: {format_value(c, unit)}; verschil {signed(d, unit, difference=True)}"
            if pct is not None:
                text += f" ({signed(pct, 'procent')})"
            out.append(text + ".")
        return " ".join(out)

    def _table(self, query, specs, columns, rows, dims, measures, scope) -> str:
        measure = measures[0] if measures else None
        if query is not None and query.order_by and query.order_by[0].field in measures:
            measure = query.order_by[0].field
        label = self._label(specs[measure]) if measure else "Cijfers"
        unit = specs[measure].unit if measure else None
        by = " en ".join(self._dim_label(d).lower() for d in dims)
        year_dim = next((d for d in dims if (self.model.dimensions.get(d) and
                                             self.model.dimensions[d].spec.get("kind") == "year")), None)
        mi = columns.index(measure) if measure else None

        def key(row) -> str:
            return " / ".join(self.catalogue.value_text(d, row[columns.index(d)]) for d in dims)

        if year_dim and len(dims) == 1 and mi is not None and not (query is not None and query.order_by):
            points = [f"{row[columns.index(year_dim)]}: {format_value(row[mi], unit)}" for row in rows]
            text = f"{label}{scope}, per jaar: " + "; ".join(points) + "."
            known = sorted((row[columns.index(year_dim)], row[mi]) for row in rows if row[mi] is not None)
            if len(known) >= 2 and isinstance(known[0][1], (int, float)) and known[0][1]:
                first, last = known[0], known[-1]
                change = (last[1] - first[1]) / abs(first[1]) * 100
                direction = "een stijging" if change > 0 else "een daling" if change < 0 else "geen verandering"
                text += f" Van {first[0]} tot {last[0]} is dat {direction}"
                text += f" van {dutch_number(abs(change), 1)}%." if change else "."
            return text
        if query is not None and query.order_by and mi is not None:
            ranked = [f"{i + 1}. {key(row)} ({format_value(row[mi], unit)})" for i, row in enumerate(rows[:10])]
            order = "hoogste" if query.order_by[0].descending else "laagste"
            head = f"{label}{scope}, {order} eerst per {by}: " if len(rows) > 1 else f"{label}{scope}, {order}: "
            return head + "; ".join(ranked) + ("." if len(rows) <= 10 else f"; en {len(rows) - 10} meer.")
        if mi is not None and len(rows) <= 8:
            items = [f"{key(row)}: {format_value(row[mi], unit)}" for row in rows]
            extra = ""
            if len(measures) > 1:
                extra = " De tabel toont ook " + ", ".join(self._label(specs[m]).lower() for m in measures[1:]) + "."
            return f"{label}{scope}, per {by}: " + "; ".join(items) + "." + extra
        known = [row for row in rows if mi is not None and isinstance(row[mi], (int, float))]
        text = f"{label}{scope}, per {by}: {len(rows)} rijen in de tabel."
        if known:
            top = max(known, key=lambda r: r[mi])
            filled = [row for row in known if row[mi] != 0]  # an empty group (0) is not 'the lowest'
            low = min(filled or known, key=lambda r: r[mi])
            text += f" Hoogste: {key(top)} ({format_value(top[mi], unit)}); laagste: {key(low)} ({format_value(low[mi], unit)})."
            empty = len(known) - len(filled)
            if filled and empty:
                text += f" {empty} {'groep heeft' if empty == 1 else 'groepen hebben'} de waarde 0."
        return text

    def _dim_label(self, name: str) -> str:
        dim = self.model.dimensions.get(name)
        return dim.label if dim else name


def describe_filter(f: Filter, label: str) -> str:
    values = [str(v) for v in f.values]
    if f.op == ">=":
        return f"{label.lower()} {values[0]} en ouder" if label.lower() == "leeftijd" else f"{label.lower()} ≥ {values[0]}"
    if f.op == "<=":
        return f"{label.lower()} tot en met {values[0]}"
    if f.op == ">":
        return f"{label.lower()} boven {values[0]}"
    if f.op == "<":
        return f"{label.lower()} onder {values[0]}"
    if f.op == "between":
        return f"{label.lower()} {values[0]} tot en met {values[1]}"
    if f.op in ("!=", "not in"):
        return f"{label.lower()} niet {_join(values)}"
    if values and all(label.lower() in str(v).lower() for v in values):
        return _join(values)  # 'Jeugdwet', not 'wet Jeugdwet'
    return f"{label.lower()} {_join(values)}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def source_text(sources: list[str], metrics_sources: list[str]) -> str:
    """'CBS' and/or the synthetic municipal registration, in plain words."""
    out: list[str] = []
    for s in list(metrics_sources) + list(sources):
        low = s.lower()
        text = "CBS (open data, CC BY 4.0)" if low.startswith("cbs") or "bron: cbs" in low else (
            SYNTHETIC_SOURCE if "gemeent" in low or "synthet" in low else s)
        if text not in out:
            out.append(text)
    return "; ".join(out)
