"""The loaded semantic model: metrics and dimensions as pydantic objects (read from the YAML files)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from semantic_layer.compiled import CountingUnit

Source = Literal["CBS", "gemeentelijke registratie (synthetisch)"]
Unit = Literal["aantal", "euro", "per 1.000", "procent", "dagen"]


class ExampleQuestion(BaseModel):
    """A verified example: a Dutch question and the semantic query it means."""

    model_config = ConfigDict(extra="forbid")

    question: str
    query: dict = Field(description="SemanticQuery als dict")


class Metric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    synonyms: list[str] = Field(default_factory=list)
    description: str
    unit: Unit
    counting_unit: CountingUnit | None = Field(description="None voor CBS-cijfers en begroting")
    source: Source
    dimensions: list[str] = Field(description="dimensies waarnaar deze metric gegroepeerd/gefilterd mag worden")
    default_filters: list[dict] = Field(default_factory=list)
    examples: list[ExampleQuestion] = Field(default_factory=list)
    preferred_over: list[str] = Field(
        default_factory=list, description="metrics die dezelfde vraag beantwoorden maar van deze verliezen"
    )
    preference_reason: str | None = None
    # compiler-specific fields (kind, expression, base view, numerator/denominator ...) live in `spec`
    spec: dict = Field(default_factory=dict)


class Dimension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    synonyms: list[str] = Field(default_factory=list)
    description: str
    values: list[str | int] = Field(default_factory=list, description="toegestane waarden (uit het magazijn)")
    value_synonyms: dict[str, list[str]] = Field(
        default_factory=dict, description="waarde -> andere schrijfwijzen ('Laak' -> 'Laakkwartier en Spoorwijk')"
    )
    value_groups: dict[str, list[str]] = Field(
        default_factory=dict, description="naam van een vaste groep waarden -> die waarden ('de vier grote steden' -> "
        "Amsterdam, Rotterdam, 's-Gravenhage, Utrecht); een vraag die de groep noemt, noemt elke waarde")
    spec: dict = Field(default_factory=dict)


class SemanticModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metrics: dict[str, Metric]
    dimensions: dict[str, Dimension]
    concepts: dict[str, str] = Field(
        default_factory=dict, description="begrip -> uitleg in gewoon Nederlands ('stapeling', 'uitputting', ...)"
    )
