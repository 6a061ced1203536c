"""The catalogue: the semantic model plus what the warehouse actually holds.

The interpreter and the UI read names, synonyms and dimension values from here; the compiler uses it
to validate filter values and to find the latest year with data for a metric.
"""

from __future__ import annotations

import re

from semantic_layer.loader import metric_views, normalize_term
from semantic_layer.model import SemanticModel


class Catalogue:
    """The model with dimension values, years and value synonyms read from the warehouse."""

    def __init__(
        self,
        model: SemanticModel,
        *,
        values: dict[str, list] | None = None,
        view_years: dict[str, list[int]] | None = None,
        cbs_years: dict[str, list[int]] | None = None,
        cbs_wijken: dict[str, list[str]] | None = None,
        extra_value_synonyms: dict[str, dict[str, list[str]]] | None = None,
        value_links: dict[tuple[str, str], dict[str, list[str]]] | None = None,
        value_names: dict[str, dict[str, str]] | None = None,
        area_codes: dict[str, tuple[str, str, str]] | None = None,
    ) -> None:
        self.model = model
        # CBS area codes ('WK051828', 'GM0518') -> (level, name, gemeente)
        self.area_codes = {str(k).upper(): tuple(v) for k, v in (area_codes or {}).items()}
        self._value_names = {d: dict(names) for d, names in (value_names or {}).items()}
        self._value_links = {k: {d: list(v) for d, v in links.items()} for k, links in (value_links or {}).items()}
        self._values: dict[str, list] = {}
        for name, dim in model.dimensions.items():
            merged = list((values or {}).get(name) or [])
            for v in dim.values:
                if v not in merged:
                    merged.append(v)
            self._values[name] = merged
        self._view_years = {k: sorted(set(v)) for k, v in (view_years or {}).items()}
        self._cbs_years = {k: sorted(set(v)) for k, v in (cbs_years or {}).items()}
        self._cbs_wijken = {k: list(v) for k, v in (cbs_wijken or {}).items()}
        self._value_synonyms: dict[str, dict[str, list[str]]] = {}
        for name, dim in model.dimensions.items():
            syns: dict[str, list[str]] = {}
            known: dict[object, set[str]] = {}

            def add(target, words) -> None:
                seen = known.setdefault(target, {normalize_term(target)})
                for word in words:
                    if normalize_term(word) not in seen:
                        syns.setdefault(target, []).append(word)
                        seen.add(normalize_term(word))

            # the warehouse's own names first (official taakveld names), then the YAML synonyms
            for key, words in ((extra_value_synonyms or {}).get(name) or {}).items():
                add(key, words)
            for key, words in dim.value_synonyms.items():
                target = self._match_value(name, key)
                if target is not None:
                    add(target, words)
            self._value_synonyms[name] = syns
        self._lookup: dict[str, dict[str, object]] = {}
        for name in model.dimensions:
            table: dict[str, object] = {}
            for value in self._values[name]:
                table[normalize_term(value)] = value
            for value, words in self._value_synonyms[name].items():
                for word in words:
                    table.setdefault(normalize_term(word), value)
            self._lookup[name] = table
        self._home = model.dimensions["gemeente"].spec.get("home") if "gemeente" in model.dimensions else None
        municipal = self._view_years.get("vw_voorziening_jaar") or [
            y for ys in self._view_years.values() for y in ys
        ]
        self.years: list[int] = sorted(set(municipal))
        self.latest_year: int = max(self.years) if self.years else max(
            (y for ys in self._cbs_years.values() for y in ys), default=0
        )

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_warehouse(cls, model: SemanticModel, con) -> "Catalogue":
        """Read dimension values and years from the analytic views of a (read-only) connection: a DuckDB
        connection or a ``warehouse.backends`` backend (the SQL below is rendered in its dialect)."""
        import sqlglot

        from semantic_layer.dialects import render
        from warehouse.backends import dialect_of

        cur = con.cursor()
        dialect = dialect_of(cur)

        def rows(sql: str, params: list | None = None) -> list[tuple]:
            tree = sqlglot.parse_one(sql, read="duckdb")
            for placeholder, value in zip(list(tree.find_all(sqlglot.exp.Placeholder)), params or []):
                placeholder.replace(sqlglot.exp.Literal.string(str(value)))
            return cur.execute(render(tree, dialect)).fetchall()

        home = model.dimensions["gemeente"].spec.get("home")
        wijken = [r[0] for r in rows(
            "SELECT DISTINCT wijk FROM vw_bevolking WHERE gemeente = ? AND wijk IS NOT NULL "
            "UNION SELECT DISTINCT wijk FROM vw_voorziening_jaar WHERE wijk IS NOT NULL ORDER BY 1", [home])]
        wijk_stadsdeel = rows(
            "SELECT DISTINCT wijk, stadsdeel FROM vw_bevolking WHERE gemeente = ? AND stadsdeel IS NOT NULL "
            "ORDER BY 2, 1", [home])
        stadsdelen = list(dict.fromkeys(str(s) for _w, s in wijk_stadsdeel))
        gemeenten = [r[0] for r in rows(
            "SELECT DISTINCT gebied FROM vw_cbs_kerncijfers WHERE niveau IN ('gemeente', 'land') "
            "AND gebied IS NOT NULL ORDER BY 1")]
        if home not in gemeenten:
            gemeenten.append(home)
        cbs_wijken: dict[str, list[str]] = {}
        for gemeente, wijk in rows(
            "SELECT DISTINCT gemeente, gebied FROM vw_cbs_kerncijfers WHERE niveau = 'wijk' "
            "AND gemeente IS NOT NULL AND gebied IS NOT NULL ORDER BY 1, 2"):
            cbs_wijken.setdefault(gemeente, []).append(wijk)
        area_codes = {code: (niveau, gebied, gemeente) for code, niveau, gebied, gemeente in rows(
            "SELECT DISTINCT gebied_code, niveau, gebied, gemeente FROM vw_cbs_kerncijfers "
            "WHERE niveau IN ('gemeente', 'wijk') AND gebied_code IS NOT NULL AND gebied IS NOT NULL")}
        value_links: dict[tuple[str, str], dict[str, list[str]]] = {}
        for wet, soort, taakveld in rows("SELECT DISTINCT wet, soort, taakveld FROM vw_voorziening_jaar ORDER BY 3, 1, 2"):
            for key, parents in ((("wet", str(wet)), {"taakveld": taakveld}),
                                 (("soort", str(soort)), {"taakveld": taakveld, "wet": wet})):
                for dim, value in parents.items():
                    targets = value_links.setdefault(key, {}).setdefault(dim, [])
                    if str(value) not in targets:
                        targets.append(str(value))
        for wijk, stadsdeel in wijk_stadsdeel:  # a wijk's stadsdeel, as a soort's wet; a stadsdeel's wijken
            value_links.setdefault(("wijk", str(wijk)), {})["stadsdeel"] = [str(stadsdeel)]
            value_links.setdefault(("stadsdeel", str(stadsdeel)), {}).setdefault("wijk", []).append(str(wijk))
        wetten = [r[0] for r in rows("SELECT DISTINCT wet FROM vw_voorziening_jaar ORDER BY 1")]
        soorten = [r[0] for r in rows("SELECT DISTINCT soort FROM vw_voorziening_jaar ORDER BY 1")]
        taakvelden: dict[str, str | None] = {}
        for code, naam in rows("SELECT DISTINCT taakveld, taakveld_naam FROM vw_begroting ORDER BY 1"):
            taakvelden[code] = naam
        for (code,) in rows("SELECT DISTINCT taakveld FROM vw_kosten ORDER BY 1"):
            taakvelden.setdefault(code, None)
        view_years = {
            view: [r[0] for r in rows(f"SELECT DISTINCT jaar FROM {view} ORDER BY 1")]
            for view in ("vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking")
        }
        cbs_columns = sorted({
            m.spec["column"] for m in model.metrics.values() if m.spec.get("kind") == "cbs"
        })
        cbs_years: dict[str, list[int]] = {c: [] for c in cbs_columns}
        if cbs_columns:
            counts = ", ".join(f"COUNT({c})" for c in cbs_columns)
            for row in rows(f"SELECT jaar, {counts} FROM vw_cbs_kerncijfers GROUP BY jaar ORDER BY jaar"):
                for col, n in zip(cbs_columns, row[1:]):
                    if n:
                        cbs_years[col].append(row[0])
        extra = {"taakveld": {}}
        for code, naam in taakvelden.items():
            if naam and naam != code:
                words = [naam]
                if not str(naam).startswith(str(code)):
                    words.append(f"{code} {naam}")
                else:
                    words.append(str(naam)[len(str(code)):].strip())
                extra["taakveld"][code] = words
        return cls(
            model,
            values={
                "gemeente": gemeenten,
                "stadsdeel": stadsdelen,
                "wijk": wijken,
                "wet": wetten,
                "soort": soorten,
                "taakveld": list(taakvelden),
                "jaar": sorted({y for ys in view_years.values() for y in ys}
                               | {y for ys in cbs_years.values() for y in ys}),
            },
            view_years=view_years,
            cbs_years=cbs_years,
            cbs_wijken=cbs_wijken,
            extra_value_synonyms=extra,
            value_links=value_links,
            value_names={"taakveld": {code: naam for code, naam in taakvelden.items() if naam}},
            area_codes=area_codes,
        )

    # ------------------------------------------------------------------ lookups
    @property
    def home_gemeente(self) -> str:
        """The gemeente whose municipal registration the warehouse holds ('s-Gravenhage)."""
        return self._home

    def value_text(self, dimension: str, value: object) -> str:
        """A value as a reader knows it: a taakveld code with its name ('6.81 Geëscaleerde zorg 18+')."""
        code = str(value)
        name = self._value_names.get(dimension, {}).get(code)
        if not name or name == code:
            return code
        return name if name.startswith(code) else f"{code} {name}"

    def value_links(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        """Which wider values a value falls under, from the registration itself: a soort's wet and
        taakvelden ('Pleegzorg' -> wet 'Jeugdwet', taakveld '6.72'), a wet's taakvelden."""
        return {k: {d: list(v) for d, v in links.items()} for k, links in self._value_links.items()}

    def values(self, dimension: str) -> list:
        """Every allowed value of a dimension (wijk names of 's-Gravenhage, gemeente names, ...)."""
        if dimension not in self.model.dimensions:
            raise KeyError(dimension)
        return list(self._values.get(dimension, []))

    def class_ranges(self, dimension: str) -> dict[str, tuple[int, int | None]] | None:
        """For a dimension whose values are all ranges ('0-17', '75+'): value -> (low, high), high None
        for an open class. None for any other dimension."""
        ranges: dict[str, tuple[int, int | None]] = {}
        for value in self.values(dimension):
            m = re.fullmatch(r"(\d+)\s*(?:-\s*(\d+)|\+)", str(value))
            if m is None:
                return None
            ranges[str(value)] = (int(m.group(1)), int(m.group(2)) if m.group(2) else None)
        return ranges or None

    def value_synonyms(self, dimension: str) -> dict[str, list[str]]:
        """Canonical value -> other ways people write it ('Laakkwartier en Spoorwijk' -> ['Laak', ...])."""
        if dimension not in self.model.dimensions:
            raise KeyError(dimension)
        return {k: list(v) for k, v in self._value_synonyms.get(dimension, {}).items()}

    def resolve_value(self, dimension: str, text) -> object | None:
        """The canonical value for a value or synonym (case- and accent-insensitive), else None."""
        return self._lookup.get(dimension, {}).get(normalize_term(text))

    def wijken_of(self, gemeente: str) -> list[str]:
        """Wijk names of a gemeente: the catalogue's wijken for the home gemeente, CBS wijken otherwise."""
        if gemeente == self._home:
            return self.values("wijk")
        return list(self._cbs_wijken.get(gemeente, []))

    def resolve_wijk(self, gemeente: str, text) -> str | None:
        if gemeente == self._home:
            found = self.resolve_value("wijk", text)
            return None if found is None else str(found)
        key = normalize_term(text)
        for wijk in self._cbs_wijken.get(gemeente, []):
            if normalize_term(wijk) == key:
                return wijk
        return None

    def years_for(self, metric: str) -> list[int]:
        """Years with data for a metric (CBS: years in which CBS published that figure)."""
        spec = self.model.metrics[metric].spec
        return self._spec_years(spec)

    def years_for_all(self, metrics: list[str]) -> list[int]:
        """Years with data for every one of ``metrics`` (a table of several figures)."""
        return sorted(set.intersection(*(set(self.years_for(m)) for m in metrics))) if metrics else []

    def _spec_years(self, spec: dict) -> list[int]:
        kind = spec.get("kind")
        if kind == "cbs":
            return list(self._cbs_years.get(spec["column"], []))
        if kind == "ratio":
            years = None
            for part in ("numerator", "denominator"):
                ref = spec[part]
                ys = set(self._spec_years(self.model.metrics[ref].spec if isinstance(ref, str) else ref))
                years = ys if years is None else years & ys
            return sorted(years or [])
        return list(self._view_years.get(spec["view"], []))

    def latest_year_for(self, metric: str) -> int:
        """The latest year with data for this metric (municipal 2024, CBS Wmo 2021)."""
        years = self.years_for(metric)
        if not years:
            raise KeyError(f"geen jaren met gegevens voor '{metric}'")
        return max(years)

    def vocabulary(self) -> set[str]:
        """Every label, synonym, dimension value and value synonym: the PII guard's allow-list."""
        words: set[str] = set()
        for items in (self.model.metrics, self.model.dimensions):
            for item in items.values():
                words.add(item.label)
                words.update(item.synonyms)
        for name in self.model.dimensions:
            words.update(str(v) for v in self._values.get(name, []))
            for value, syns in self._value_synonyms.get(name, {}).items():
                words.add(str(value))
                words.update(syns)
        words.update(self.model.concepts)
        for wijken in self._cbs_wijken.values():  # other gemeenten' CBS wijken ('de Haarlemse wijk Meerwijk')
            words.update(wijken)
        return {w for w in words if str(w).strip()}

    def allowed_views(self) -> set[str]:
        """The views compiled queries read (the SQL guard's table allow-list)."""
        views: set[str] = set()
        for metric in self.model.metrics.values():
            views |= metric_views(self.model, metric.spec)
        return views

    # ------------------------------------------------------------------ helpers
    def _match_value(self, dimension: str, key) -> object | None:
        """Map a YAML value-synonym key onto a catalogue value (taakveld keys are code prefixes)."""
        values = self._values.get(dimension, [])
        for value in values:
            if normalize_term(value) == normalize_term(key):
                return value
        if self.model.dimensions[dimension].spec.get("match") == "code_prefix":
            for value in values:
                if str(value).startswith(f"{key} "):
                    return value
            return None
        # areas and categories declared in YAML but absent from the warehouse stay out of the catalogue
        return None if values else key
