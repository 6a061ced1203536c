"""The answer every interface shows: the SPEC §6 JSON fields plus what the app needs to render it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, SkipValidation, field_serializer

from assistant.suggestions import Suggestion

Status = Literal["answered", "suppressed", "refused", "clarification", "error"]
JSON_FIELDS = ("status", "answer", "question", "sql", "columns", "rows", "suppressed", "notices", "source",
               "protection")


class Chart(BaseModel):
    """A suggested chart: 'single' (one number), 'bar' (ranking, comparison), 'line' (trend), 'map' (per wijk)."""

    kind: Literal["none", "single", "bar", "line", "map"] = "none"
    x: str | None = None
    y: str | None = None
    color: str | None = None
    reference: float | None = Field(default=None, description="een waarde om als lijn te tonen (100% = precies de begroting)")


class DialectSql(Mapping[str, str]):
    """The SQL of one answer per dialect, rendered only when a dialect is asked for (then kept).

    Most answers are read as JSON or text and never show another dialect; rendering all of them up
    front costs more than answering the question."""

    def __init__(self, dialects: tuple[str, ...], render: Callable[[str], str | None]):
        self._dialects = tuple(dialects)
        self._render = render
        self._done: dict[str, str | None] = {}

    def _get(self, dialect: str) -> str | None:
        if dialect not in self._done:
            try:
                self._done[dialect] = self._render(dialect)
            except Exception:  # a dialect the SQL cannot be expressed in: left out
                self._done[dialect] = None
        return self._done[dialect]

    def __getitem__(self, dialect: str) -> str:
        if dialect not in self._dialects:
            raise KeyError(dialect)
        text = self._get(dialect)
        if text is None:
            raise KeyError(dialect)
        return text

    def __contains__(self, dialect: object) -> bool:
        return isinstance(dialect, str) and dialect in self._dialects and self._get(dialect) is not None

    def __iter__(self) -> Iterator[str]:
        return (d for d in self._dialects if self._get(d) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"DialectSql({list(self._dialects)})"


class Answer(BaseModel):
    status: Status
    answer: str
    question: str = ""
    sql: str | None = None
    sql_editable: str | None = Field(
        default=None, description="dezelfde vraag als één gewone SELECT die een analist kan bewerken en opnieuw draaien")
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Any]] = Field(default_factory=list)
    suppressed: list[list[int]] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    source: str | None = None
    semantic_query: dict | None = None
    definitions: dict[str, str] = Field(default_factory=dict)
    chart: Chart = Field(default_factory=Chart)
    options: list[str] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(
        default_factory=list, description="vervolgvragen, elk met de volledige semantische query die ze beantwoordt")
    refusal: Literal["privacy", "scope", "sql", "access"] | None = Field(
        default=None, description="waarom geweigerd: privacy (personen, kleine groepen), scope (buiten het domein "
        "of niet begrepen), sql (eigen SQL buiten de semantische laag), access (rol of snelheidsgrens)")
    protection: dict | None = Field(default=None, description="hoe vrijgegeven cijfers beschermd zijn: method, max_deviation, k")
    column_labels: dict[str, str] = Field(default_factory=dict)
    column_units: dict[str, str | None] = Field(default_factory=dict)
    value_texts: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="per dimensiekolom: waarde -> hoe een lezer haar kent "
        "('6.81' -> '6.81 Geëscaleerde zorg 18+'), alleen waar dat verschilt")
    differences: dict[str, list[str]] = Field(
        default_factory=dict, description="afgeleide kolom -> [kolom, min kolom]: het verschil van twee getoonde "
        "bedragen (realisatie − begroting), berekend uit de getoonde waarden; label en eenheid in column_labels/units")
    ratios: dict[str, list[str]] = Field(
        default_factory=dict, description="afgeleide kolom -> [teller, noemer]: teller / noemer x 100 uit de getoonde "
        "bedragen (de uitputting naast begroting en realisatie); label en eenheid in column_labels/units")
    share_of: dict | None = Field(
        default=None, description="bij een aandeel: de semantische query van het geheel (semantic_query telt het deel); "
        "kolom 'aandeel' = deel / geheel x 100 uit de twee vrijgegeven aantallen")
    beside: list[dict] = Field(
        default_factory=list, description="bij gebieden van verschillend niveau naast elkaar: per gebied (kolom "
        "'gebied') zijn semantische query, {'gebied', 'query'}; elk gebied door dezelfde guards als een losse vraag")
    previous: dict | None = Field(
        default=None, description="bij één cijfer over één jaar: hetzelfde cijfer een jaar eerder, door dezelfde "
        "guards ({'jaar', 'waarde'}); de app toont het verschil")
    sql_by_dialect: SkipValidation[Mapping[str, str]] = Field(
        default_factory=dict, description="SQL per dialect (duckdb, postgres, tsql, spark, trino), rendered on demand")

    @field_serializer("sql_by_dialect")
    def _dialects_as_dict(self, value: Mapping[str, str]) -> dict[str, str]:
        return dict(value)

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the SPEC §6 fields, with plain JSON numbers."""
        data = self.model_dump(include=set(JSON_FIELDS))
        return {name: data[name] for name in JSON_FIELDS}
