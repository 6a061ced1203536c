"""The answer every interface shows: the SPEC §6 JSON fields plus what the app needs to render it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["answered", "suppressed", "refused", "clarification", "error"]
JSON_FIELDS = ("status", "answer", "question", "sql", "columns", "rows", "suppressed", "notices", "source")


class Chart(BaseModel):
    """A suggested chart: 'single' (one number), 'bar' (ranking, comparison), 'line' (trend), 'map' (per wijk)."""

    kind: Literal["none", "single", "bar", "line", "map"] = "none"
    x: str | None = None
    y: str | None = None
    color: str | None = None


class Answer(BaseModel):
    status: Status
    answer: str
    question: str = ""
    sql: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Any]] = Field(default_factory=list)
    suppressed: list[list[int]] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    source: str | None = None
    semantic_query: dict | None = None
    definitions: dict[str, str] = Field(default_factory=dict)
    chart: Chart = Field(default_factory=Chart)
    options: list[str] = Field(default_factory=list)
    column_labels: dict[str, str] = Field(default_factory=dict)
    column_units: dict[str, str | None] = Field(default_factory=dict)
    sql_by_dialect: dict[str, str] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the SPEC §6 fields, with plain JSON numbers."""
        data = self.model_dump(include=set(JSON_FIELDS))
        return {name: data[name] for name in JSON_FIELDS}
