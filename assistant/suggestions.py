"""Suggested follow-ups: after an answer, two or three next questions a reader is likely to ask (another
year, a breakdown, the whole gemeente, the course over the years), each carried as a whole semantic query, so that choosing one answers
exactly that query and nothing has to be read again from words."""

from __future__ import annotations

from pydantic import BaseModel

from semantic_layer import Catalogue, QueryError, SemanticQuery, validate_query

__all__ = ["Suggestion", "follow_ups"]

# breakdowns offered for a single figure, in order of preference, with how the question says it
_BREAKDOWNS = (("wijk", "En per wijk?"), ("stadsdeel", "En per stadsdeel?"), ("leeftijdsklasse", "En per leeftijdsklasse?"),
               ("geslacht", "En voor mannen en vrouwen apart?"), ("soort", "En per soort voorziening?"),
               ("taakveld", "En per taakveld?"))
_AREAS = ("wijk", "stadsdeel")
MAX_SUGGESTIONS = 3


class Suggestion(BaseModel):
    """A next question: the words shown on its button (and kept in the history), and the query it answers."""

    label: str
    query: dict


def follow_ups(query: SemanticQuery, catalogue: Catalogue) -> list[Suggestion]:
    """Up to three follow-ups of an answered ``query`` that the semantic layer can answer: the year before,
    a breakdown of a single figure, the whole gemeente where one wijk or stadsdeel was asked, and the course
    over the years."""
    model = catalogue.model
    metrics = [model.metrics[m] for m in query.metrics if m in model.metrics]
    if len(metrics) != len(query.metrics):
        return []
    allowed = set.intersection(*(set(m.dimensions) for m in metrics))
    fixed = {f.dimension for f in query.filters if f.op in ("=", "in") and len(f.values) == 1}
    candidates: list[tuple[str, SemanticQuery]] = []

    years = catalogue.years_for_all(query.metrics)
    asked = query.years or ([years[-1]] if years else [])
    if years and query.year_comparison is None and "jaar" not in query.dimensions and len(asked) == 1:
        earlier = [y for y in years if y < asked[0]]
        if earlier:
            candidates.append((f"En in {earlier[-1]}?", query.model_copy(update={"years": [earlier[-1]]})))

    if not query.dimensions:
        area_fixed = bool(fixed & set(_AREAS))
        for dimension, label in _BREAKDOWNS:
            if dimension in allowed and dimension not in fixed and not (area_fixed and dimension in _AREAS):
                candidates.append((label, query.model_copy(update={"dimensions": [dimension]})))
                break

    area_filters = [f for f in query.filters if f.dimension in _AREAS]
    area_dimensions = [d for d in query.dimensions if d in _AREAS]
    if (area_filters or area_dimensions) and "gemeente" not in fixed:
        whole = query.model_copy(update={
            "filters": [f for f in query.filters if f.dimension not in _AREAS],
            "dimensions": [d for d in query.dimensions if d not in _AREAS],
            "order_by": [o for o in query.order_by if o.field not in _AREAS] if not area_dimensions else [],
            "limit": None if area_dimensions else query.limit,
            "conditions": [] if area_dimensions else query.conditions,
        })
        candidates.append((f"En in heel {_gemeente_name(catalogue.home_gemeente)}?", whole))

    # a percentage made of two figures of the semantic layer: those figures beside it (the budget view:
    # begroting and realisatie beside the uitputting)
    first = metrics[0]
    parts = [first.spec.get(p) for p in ("denominator", "numerator")]
    if (first.spec.get("kind") == "ratio" and all(isinstance(p, str) and p in model.metrics for p in parts)
            and not set(parts) & set(query.metrics)):
        names = " en ".join(model.metrics[p].label.lower() for p in parts)
        candidates.insert(min(1, len(candidates)), (f"Met {names} erbij?",
                                                     query.model_copy(update={"metrics": [*query.metrics, *parts]})))

    # the course over the years of the same figure (or breakdown), where one year was asked
    if (years and len(years) > 1 and len(asked) == 1 and query.year_comparison is None and "jaar" not in query.dimensions
            and not query.limit and not query.order_by and "wijk" not in query.dimensions):  # 45 wijken x years: no
        candidates.append((f"En het verloop sinds {years[0]}?",
                           query.model_copy(update={"years": list(years), "dimensions": [*query.dimensions, "jaar"]})))

    suggestions = []
    for label, candidate in candidates:
        try:
            validate_query(candidate, catalogue)
        except (QueryError, ValueError, KeyError):
            continue  # not a question the semantic layer answers: not offered
        suggestions.append(Suggestion(label=label, query=candidate.model_dump(exclude_none=True)))
    return suggestions[:MAX_SUGGESTIONS]


def _gemeente_name(name: str) -> str:
    """The name readers use: Den Haag for 's-Gravenhage."""
    return "Den Haag" if name == "'s-Gravenhage" else name
