"""Read and validate the semantic model from YAML files.

Every problem is reported as a :class:`ModelError` whose message names the file and the field
(``metrics_gemeente.yaml: metrics.clienten.dimensions: ...``), so a broken model never loads.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from semantic_layer.model import Dimension, Metric, SemanticModel
from semantic_layer.query import Filter, SemanticQuery

MODEL_DIR = Path(__file__).resolve().parent

# Views the compiler may read, with the dimension-independent columns each metric kind needs.
KNOWN_VIEWS = {"vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers"}
CBS_DIMENSIONS = {"gemeente", "wijk", "jaar"}
METRIC_KINDS = {"count", "sum", "average", "stapeling", "budget", "ratio", "cbs", "population"}
_REQUIRED_SPEC = {
    "count": ("view", "count_column", "unit_column"),
    "sum": ("view", "value_column", "unit_column"),
    "average": ("view", "value_column", "unit_column"),
    "stapeling": ("view", "unit_column", "distinct_column", "min_distinct"),
    "budget": ("view", "value_column"),
    "population": ("view", "value_column"),
    "cbs": ("view", "column"),
    "ratio": ("numerator", "denominator", "per"),
}
DIMENSION_KINDS = {"area", "year", "category", "numeric"}


class ModelError(ValueError):
    """The semantic model (YAML) is invalid; the message names the file and the field."""


def normalize_term(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a label, synonym or value."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("’", "'").split())


def default_model_paths() -> list[Path]:
    return sorted(MODEL_DIR.glob("*.yaml"))


def load_model(paths: list[Path] | None = None) -> SemanticModel:
    """Read the YAML files (default: every ``semantic_layer/*.yaml``) into a validated model."""
    files = [Path(p) for p in (paths if paths is not None else default_model_paths())]
    if not files:
        raise ModelError("Geen YAML-bestanden voor de semantische laag gevonden.")
    metrics: dict[str, Metric] = {}
    dimensions: dict[str, Dimension] = {}
    concepts: dict[str, str] = {}
    origin: dict[tuple[str, str], str] = {}  # (section, name) -> file name

    for path in files:
        fname = path.name
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"{fname}: bestand bestaat niet ({path})") from None
        except yaml.YAMLError as err:
            raise ModelError(f"{fname}: geen geldige YAML: {err}") from None
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise ModelError(f"{fname}: verwacht een mapping met 'metrics', 'dimensions' en/of 'concepts'")
        unknown = set(raw) - {"metrics", "dimensions", "concepts"}
        if unknown:
            raise ModelError(f"{fname}: onbekende sectie(s) {sorted(unknown)}; toegestaan: metrics, dimensions, concepts")
        for section, target, cls in (("dimensions", dimensions, Dimension), ("metrics", metrics, Metric)):
            entries = raw.get(section) or {}
            if not isinstance(entries, dict):
                raise ModelError(f"{fname}: {section}: verwacht een mapping naam -> definitie")
            for name, body in entries.items():
                where = f"{fname}: {section}.{name}"
                if not isinstance(body, dict):
                    raise ModelError(f"{where}: verwacht een mapping met velden")
                if name in target:
                    raise ModelError(f"{where}: naam is al gedefinieerd in {origin[(section, name)]}")
                if "name" in body and body["name"] != name:
                    raise ModelError(f"{where}.name: '{body['name']}' wijkt af van de sleutel '{name}'")
                try:
                    target[name] = cls(**{**body, "name": name})
                except ValidationError as err:
                    raise ModelError(_pydantic_message(where, err)) from None
                origin[(section, name)] = fname
        entries = raw.get("concepts") or {}
        if not isinstance(entries, dict):
            raise ModelError(f"{fname}: concepts: verwacht een mapping begrip -> uitleg")
        for term, text in entries.items():
            if not isinstance(text, str) or not text.strip():
                raise ModelError(f"{fname}: concepts.{term}: uitleg ontbreekt of is geen tekst")
            if term in concepts:
                raise ModelError(f"{fname}: concepts.{term}: begrip is al gedefinieerd in {origin[('concepts', term)]}")
            concepts[str(term)] = text.strip()
            origin[("concepts", str(term))] = fname

    model = SemanticModel(metrics=metrics, dimensions=dimensions, concepts=concepts)
    _validate(model, origin)
    return model


def _pydantic_message(where: str, err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        field = ".".join(str(x) for x in e["loc"])
        msg = "verplicht veld ontbreekt" if e["type"] == "missing" else e["msg"]
        parts.append(f"{where}.{field}: {msg}")
    return "; ".join(parts)


def _validate(model: SemanticModel, origin: dict[tuple[str, str], str]) -> None:
    def where(section: str, name: str, field: str) -> str:
        return f"{origin.get((section, name), '?')}: {section}.{name}.{field}"

    for name, dim in model.dimensions.items():
        kind = dim.spec.get("kind")
        if kind not in DIMENSION_KINDS:
            raise ModelError(f"{where('dimensions', name, 'spec.kind')}: '{kind}' is onbekend; kies uit {sorted(DIMENSION_KINDS)}")
        columns = dim.spec.get("columns")
        if not isinstance(columns, dict) or not columns:
            raise ModelError(f"{where('dimensions', name, 'spec.columns')}: verwacht per view de kolomnaam")
        bad = set(columns) - KNOWN_VIEWS
        if bad:
            raise ModelError(f"{where('dimensions', name, 'spec.columns')}: onbekende view(s) {sorted(bad)}")
        for group, members in dim.value_groups.items():
            if len(set(members)) < 2:
                raise ModelError(f"{where('dimensions', name, 'value_groups')}: groep '{group}' noemt minder dan twee "
                                 "waarden")
        seen: dict[str, str] = {normalize_term(v): str(v) for v in dim.values}
        for value, syns in dim.value_synonyms.items():
            seen.setdefault(normalize_term(value), str(value))
        for value, syns in dim.value_synonyms.items():
            for syn in syns:
                key = normalize_term(syn)
                owner = seen.get(key)
                if owner is not None and owner != str(value):
                    raise ModelError(
                        f"{where('dimensions', name, 'value_synonyms')}: synoniem '{syn}' van '{value}' "
                        f"is al een waarde of synoniem van '{owner}'"
                    )
                seen[key] = str(value)

    # one owner per label / synonym across metrics and dimensions
    terms: dict[str, str] = {}
    for section, items in (("dimensions", model.dimensions), ("metrics", model.metrics)):
        for name, item in items.items():
            for field, words in (("label", [item.label]), ("synonyms", item.synonyms)):
                for word in words:
                    key = normalize_term(word)
                    owner = terms.get(key)
                    if owner is not None and owner != f"{section}.{name}":
                        raise ModelError(
                            f"{where(section, name, field)}: '{word}' wordt al gebruikt door {owner}"
                        )
                    terms[key] = f"{section}.{name}"

    for name, metric in model.metrics.items():
        _validate_metric(model, name, metric, lambda field, n=name: where("metrics", n, field))


def metric_views(model: SemanticModel, spec: dict) -> set[str]:
    """The views a metric spec (or an inline spec) reads."""
    if spec.get("kind") == "ratio":
        views: set[str] = set()
        for part in ("numerator", "denominator"):
            ref = spec[part]
            views |= metric_views(model, model.metrics[ref].spec if isinstance(ref, str) else ref)
        return views
    return {spec["view"]}


def supports_dimension(model: SemanticModel, spec: dict, dimension: str) -> bool:
    """Whether rows of this (numerator) spec can be grouped or filtered by the dimension."""
    kind = spec.get("kind")
    if kind == "ratio":
        ref = spec["numerator"]
        return supports_dimension(model, model.metrics[ref].spec if isinstance(ref, str) else ref, dimension)
    if kind == "cbs":
        return dimension in CBS_DIMENSIONS
    dim = model.dimensions.get(dimension)
    return dim is not None and spec.get("view") in dim.spec.get("columns", {})


def _validate_spec(model: SemanticModel, spec: Any, at) -> None:
    if not isinstance(spec, dict):
        raise ModelError(f"{at('spec')}: verwacht een mapping")
    kind = spec.get("kind")
    if kind not in METRIC_KINDS:
        raise ModelError(f"{at('spec.kind')}: '{kind}' is onbekend; kies uit {sorted(METRIC_KINDS)}")
    for key in _REQUIRED_SPEC[kind]:
        if key not in spec:
            raise ModelError(f"{at('spec.' + key)}: verplicht veld ontbreekt (nodig voor kind '{kind}')")
    if "view" in spec and spec["view"] not in KNOWN_VIEWS:
        raise ModelError(f"{at('spec.view')}: onbekende view '{spec['view']}'; toegestaan: {sorted(KNOWN_VIEWS)}")
    if kind == "ratio":
        for part in ("numerator", "denominator"):
            ref = spec[part]
            if isinstance(ref, str):
                if ref not in model.metrics:
                    raise ModelError(f"{at('spec.' + part)}: onbekende metric '{ref}'")
                if model.metrics[ref].spec.get("kind") == "ratio":
                    raise ModelError(f"{at('spec.' + part)}: '{ref}' is zelf een verhouding; gebruik een basismetric")
            else:
                _validate_spec(model, ref, lambda f, p=part: at(f"spec.{p}.{f[5:] if f.startswith('spec.') else f}"))
                if ref.get("kind") == "ratio":
                    raise ModelError(f"{at('spec.' + part)}: een geneste verhouding is niet toegestaan")
        if not isinstance(spec["per"], (int, float)) or spec["per"] <= 0:
            raise ModelError(f"{at('spec.per')}: verwacht een positief getal (1, 100 of 1000)")
    if "round" in spec and (not isinstance(spec["round"], int) or spec["round"] < 0):
        raise ModelError(f"{at('spec.round')}: verwacht een geheel getal >= 0")
    if "scale" in spec and not isinstance(spec["scale"], (int, float)):
        raise ModelError(f"{at('spec.scale')}: verwacht een getal")


def _validate_metric(model: SemanticModel, name: str, metric: Metric, at) -> None:
    _validate_spec(model, metric.spec, at)
    spec = metric.spec
    kind = spec["kind"]
    for dim in metric.dimensions:
        if dim not in model.dimensions:
            raise ModelError(f"{at('dimensions')}: onbekende dimensie '{dim}'")
        if not supports_dimension(model, spec, dim):
            raise ModelError(
                f"{at('dimensions')}: metric '{name}' kan niet naar '{dim}' gegroepeerd of gefilterd worden "
                f"(de bron {sorted(metric_views(model, spec))} kent die dimensie niet)"
            )
    if kind == "ratio":
        for part in ("numerator", "denominator"):
            ref = spec[part]
            if isinstance(ref, str):
                missing = [d for d in metric.dimensions if d not in model.metrics[ref].dimensions]
                if part == "numerator" and missing:
                    raise ModelError(f"{at('dimensions')}: de teller '{ref}' kent de dimensie(s) {missing} niet")
    if (metric.counting_unit is None) != (kind in {"budget", "cbs"}):
        if kind in {"budget", "cbs"}:
            raise ModelError(f"{at('counting_unit')}: een {kind}-cijfer heeft geen telbare eenheid (null)")
        raise ModelError(f"{at('counting_unit')}: verplicht voor cijfers over inwoners (persoon of huishouden)")
    if metric.source == "CBS" and kind != "cbs":
        raise ModelError(f"{at('source')}: bron CBS hoort bij spec.kind 'cbs'")
    for i, raw in enumerate(metric.default_filters):
        try:
            flt = Filter(**raw)
        except (ValidationError, TypeError) as err:
            raise ModelError(f"{at(f'default_filters[{i}]')}: ongeldig filter: {err}") from None
        if flt.dimension not in model.dimensions:
            raise ModelError(f"{at(f'default_filters[{i}].dimension')}: onbekende dimensie '{flt.dimension}'")
        if not supports_dimension(model, spec, flt.dimension):
            raise ModelError(f"{at(f'default_filters[{i}].dimension')}: de bron kent '{flt.dimension}' niet")
    for other in metric.preferred_over:
        if other not in model.metrics:
            raise ModelError(f"{at('preferred_over')}: onbekende metric '{other}'")
        if other == name:
            raise ModelError(f"{at('preferred_over')}: een metric kan niet van zichzelf winnen")
    if metric.preferred_over and not metric.preference_reason:
        raise ModelError(f"{at('preference_reason')}: verplicht als preferred_over is ingevuld")
    for i, example in enumerate(metric.examples):
        try:
            query = SemanticQuery(**example.query)
        except (ValidationError, TypeError) as err:
            raise ModelError(f"{at(f'examples[{i}].query')}: geen geldige semantische vraag: {err}") from None
        for m in query.metrics:
            if m not in model.metrics:
                raise ModelError(f"{at(f'examples[{i}].query.metrics')}: onbekende metric '{m}'")
        if name not in query.metrics:
            raise ModelError(f"{at(f'examples[{i}].query.metrics')}: het voorbeeld gebruikt '{name}' niet")
