"""The semantic query: what a question asks, in the semantic layer's own names.

Interpreters (offline rules, LLM) produce a :class:`SemanticQuery`; the compiler turns it into SQL.
No SQL text and no warehouse rows ever live here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FilterOp = Literal["=", "!=", "in", "not in", ">=", "<=", ">", "<", "between"]


class Filter(BaseModel):
    """A restriction on one dimension, e.g. ``wijk in ['Moerwijk']`` or ``leeftijd >= 18``."""

    model_config = ConfigDict(extra="forbid")

    dimension: str = Field(description="naam van een dimensie uit de semantische laag, bv. 'wijk', 'soort', 'leeftijd'")
    op: FilterOp = "in"
    values: list[str | int | float] = Field(min_length=1, description="waarde(n); voor 'between' precies twee")

    @model_validator(mode="after")
    def _check_arity(self) -> "Filter":
        if self.op == "between" and len(self.values) != 2:
            raise ValueError("'between' heeft precies twee waarden nodig")
        if self.op in {"=", "!=", ">=", "<=", ">", "<"} and len(self.values) != 1:
            raise ValueError(f"'{self.op}' heeft precies één waarde nodig")
        return self


class OrderBy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="een metric of dimensie uit de query")
    descending: bool = True


class YearComparison(BaseModel):
    """Compare every metric between two years: value in each year, change and % change."""

    model_config = ConfigDict(extra="forbid")

    base_year: int
    compare_year: int


class Condition(BaseModel):
    """Keep only the rows whose (released) figure meets a bound, e.g. ``uitputting > 100``: applied after
    protection, so a row is judged on the value that is shown."""

    model_config = ConfigDict(extra="forbid")

    metric: str = Field(description="een metric van de query")
    op: Literal[">", ">=", "<", "<="]
    value: float


class SemanticQuery(BaseModel):
    """A question in semantic-layer terms. Validated against the loaded model before compiling."""

    model_config = ConfigDict(extra="forbid")

    metrics: list[str] = Field(min_length=1, description="metric-namen uit de semantische laag")
    dimensions: list[str] = Field(default_factory=list, description="groeperen naar deze dimensies, bv. ['wijk', 'jaar']")
    filters: list[Filter] = Field(default_factory=list)
    years: list[int] | None = Field(default=None, description="jaren; None = het laatste jaar met gegevens")
    year_comparison: YearComparison | None = None
    conditions: list[Condition] = Field(default_factory=list, description="alleen rijen waarvan het cijfer hieraan voldoet")
    order_by: list[OrderBy] = Field(default_factory=list)
    limit: int | None = Field(default=None, ge=1, le=10_000, description="top-N / maximum aantal rijen")
