"""What the compiler hands to the guards and the answer composer.

A compiled query is one SELECT (a sqlglot AST) whose result has, per output cell, everything the
disclosure guard needs to decide without re-running the question:

* ``dimension`` columns (area by name, jaar, soort, ...),
* ``measure`` columns (the numbers a user sees),
* ``guard`` columns that are never shown: for each measure the number of distinct counting units
  behind the cell (``count_column``) and, for money, the largest single unit's contribution
  (``max_column``).

For the cell key method (guards/perturbation.py) each measure with a ``release`` kind has guard columns
named after it: ``<m>__ck`` the sum of its units' record keys modulo 2**32 (count, magnitude, average);
``<m>__som``, ``<m>__rijen``, ``<m>__top`` the total, row count and largest value behind an average;
``<m>__teller``, ``<m>__teller_ck``, ``<m>__teller_max``, ``<m>__noemer``, ``<m>__noemer_ck`` the parts of a
ratio (a ``_ck`` part is perturbed as a count, or with ``_max`` as a magnitude; a part without a key,
such as a population or a budget, is used as it is).

``units_sql`` returns, for the same cells, the exact set of counting units (``list(DISTINCT id)``)
so the guard can detect differencing against cells released earlier.
"""

from __future__ import annotations

from typing import Any, Literal

import sqlglot
from pydantic import BaseModel, ConfigDict, Field

from semantic_layer.dialects import render
from semantic_layer.query import SemanticQuery

Dialect = Literal["duckdb", "postgres", "tsql", "spark", "trino"]
DIALECTS: tuple[Dialect, ...] = ("duckdb", "postgres", "tsql", "spark", "trino")

CountingUnit = Literal["persoon", "huishouden"]


class OutputColumn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = Field(description="Nederlands label voor tabelkop")
    kind: Literal["dimension", "measure", "guard"]
    unit: str | None = Field(default=None, description="aantal, euro, per 1.000, procent, jaar, dagen")
    metric: str | None = None
    counting_unit: CountingUnit | None = Field(
        default=None, description="None: geen herleidbaar risico (CBS-cijfer, begroting)"
    )
    count_column: str | None = None
    max_column: str | None = None
    depends_on: list[str] = Field(
        default_factory=list,
        description="andere measure-kolommen waaruit deze waarde is afgeleid (verschil, % verschil)",
    )
    release: Literal["count", "magnitude", "average", "ratio", "change", "pct_change"] | None = Field(
        default=None,
        description="hoe de disclosure guard de vrijgegeven (geperturbeerde) waarde maakt; None: ongewijzigd "
        "(CBS-cijfer, begroting)",
    )
    per: float | None = Field(default=None, description="ratio: teller / noemer x per")
    counted_as: str | None = Field(
        default=None, description="ratio: de telling (metric) waarvan de vrijgegeven waarde het geperturbeerde aantal "
        "prijsgeeft (kosten / kosten per cliënt = cliënten); de combinatiecontrole rekent de cel daar")
    counted_size: str | None = Field(default=None, description="ratio: de kolom met het echte aantal van die telling")
    views: list[str] = Field(
        default_factory=list, description="telling: de andere eenheden achter de cel (personen, voorzieningen), elk "
        "met kolommen <naam>__<eenheid>_n/__schets/__uk/__units; de exacte controles rekenen de cel ook als die "
        "eenheden, waar die één op één samenvallen (red team 14)")
    digits: int | None = Field(default=None, description="afronding van de vrijgegeven waarde")


class WiderGroup(BaseModel):
    """One wider group of a query's cells: its SQL (unit counts per cell), how a row of the query finds its
    row there (``lift``: dimension -> value -> value of the wider group, e.g. soort -> wet, where that
    dimension is called 'wet'), and which metric counts it (``metrics``: stapeling -> households).
    ``left_out``: not a wider group but what the question leaves out ('wijk != Zorgvliet': Zorgvliet's part
    of the same group), hidden behind when it holds 1..k-1 units. ``kind``: how a wider group widens the cells
    (``widen``: narrowing dropped, ``lift``: soorten to their wet, ``both``, ``renamed``: the same cells counted
    by the wider metric); ``dropped``: the dimensions whose filters it drops."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    ast: sqlglot.exp.Expression
    lift: dict[str, dict[str, str | list[str]]] = Field(default_factory=dict)
    metrics: dict[str, str] = Field(default_factory=dict)
    left_out: bool = False
    kind: str = ""
    dropped: list[str] = Field(default_factory=list)


class AgeRun(BaseModel):
    """Where a question's age bounds cut an age class (``leeftijd >= 30`` cuts 27-64): one run of that class's
    ages that the question keeps (30..64) or leaves out (27..29), and its SQL (unit counts per cell of the
    same question over those ages only; None when that question cannot be formed: the guard fails closed)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    ast: sqlglot.exp.Expression | None
    klasse: str
    ages: tuple[int, int]
    kept: bool


class Partition(BaseModel):
    """A way the counting units of one year split into disjoint groups (area: its wijken; age: years of
    age; gender), and where this query's cells lie on it. Counts of cells that differ only along one
    partition add up over its atoms, so the disclosure guard can tell which small groups a combination of
    released counts pins down (``guards.combinations``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="gebied, leeftijd, geslacht")
    dimensions: list[str] = Field(description="de filter- en uitsplitsdimensies die bij deze indeling horen")
    atoms: list[str | int] = Field(description="de delen (wijken, leeftijden, geslachten) die de filters overlaten")
    by_value: dict[str, dict[str, list[str | int]]] = Field(
        default_factory=dict, description="uitsplitsdimensie -> waarde (als tekst) -> haar delen")


class CellScope(BaseModel):
    """Where a query's cells lie: on each partition, and in what else defines them, written so that the
    same cells asked in other words get the same description: the provisions as the set of soorten that
    the wet, soort and taakveld filters and output values leave (``soorten``, ``soorten_by_value``), the
    years of each metric (a cell's own year where jaar is an output dimension or the column is one year of
    a comparison), and ``context``: any other filter, canonically."""

    model_config = ConfigDict(extra="forbid")

    context: str
    partitions: list[Partition]
    soorten: list[str] | None = Field(default=None, description="None: the question does not narrow the provisions")
    soorten_by_value: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    years: dict[str, list[int]] = Field(default_factory=dict)


class CompiledQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    query: SemanticQuery
    ast: sqlglot.exp.Expression
    columns: list[OutputColumn]
    units_ast: sqlglot.exp.Expression | None = Field(
        default=None,
        description="SELECT <dimension columns>, <measure>__units ... : exacte verzameling eenheden per cel",
    )
    sources: list[str] = Field(default_factory=list, description="bronvermelding per gebruikte metric")
    definitions: dict[str, str] = Field(default_factory=dict, description="metric-label -> definitie in gewoon Nederlands")
    parents: list[WiderGroup] = Field(
        default_factory=list,
        description="de bredere groepen van elke cel (zonder afbakening naar leeftijd of geslacht; soort of taakveld "
        "opgetild tot wet; beide): is zo'n groep klein, dan zegt ook een 0 of een ontbrekende rij iets over die "
        "personen; wijkt een cel er maar 1..k-1 eenheden van af, dan wordt zij niet getoond",
    )
    age_cut: list[str] = Field(
        default_factory=list,
        description="de leeftijdsklassen die de leeftijdsgrenzen van de vraag doorsnijden: een cel daarin wordt alleen "
        "getoond met minstens k eenheden in elk deel van die klasse, binnen en buiten de grenzen (``age_runs``); "
        "anders zegt de reeks antwoorden de leeftijd van de jongste of oudste",
    )
    age_runs: list[AgeRun] = Field(default_factory=list)
    population_ast: sqlglot.exp.Expression | None = Field(
        default=None,
        description="SELECT <celdimensies die de bevolking kent>, inwoners: de inwoners van elke cel (ook van cellen "
        "zonder rij); de guard toont geen cijfer, ook geen 0, over 1..k-1 inwoners",
    )
    domains: dict[str, list] = Field(
        default_factory=dict,
        description="dimensie -> alle waarden die een groep kan hebben (spec.complete), binnen de filters: "
        "de disclosure guard vult ontbrekende rijen (nul) aan in een groep met een onderdrukte cel",
    )
    scope: CellScope | None = Field(
        default=None,
        description="waar de cellen liggen op elke indeling van de telbare eenheden (gebied, leeftijd, geslacht)",
    )
    semantic_model: Any = Field(
        default=None, exclude=True, repr=False,
        description="het semantische model waarmee gecompileerd is (voor de bewerkbare SQL van editable_ast)",
    )

    @property
    def parent_ast(self) -> sqlglot.exp.Expression | None:
        """The first wider group's SQL (the same cells without age or gender narrowing, where there is one)."""
        return self.parents[0].ast if self.parents else None

    def sql(self, dialect: Dialect = "duckdb", pretty: bool = False) -> str:
        return render(self.ast, dialect, pretty=pretty)

    def units_sql(self, dialect: Dialect = "duckdb") -> str | None:
        return None if self.units_ast is None else render(self.units_ast, dialect)

    def editable_ast(self) -> sqlglot.exp.Select:
        """The same question as analyst SQL over the semantic layer (``semantic_layer.sql_api``): what an
        analyst sees, edits and sends back through the same compiler and guards. Plain aggregates over
        one view where the metrics have them (``COUNT(DISTINCT persoon_id) AS clienten``), otherwise
        ``MEASURE(...) FROM semantische_laag``; a year comparison as two FILTER (WHERE jaar = ...) columns
        per metric. Translating it back gives a query that compiles to this same SQL."""
        from semantic_layer.sql_api import render

        dims = [c.name for c in self.columns if c.kind == "dimension"]
        return render(self.query, dims, self.semantic_model)

    def editable_sql(self, dialect: Dialect = "duckdb", pretty: bool = True) -> str:
        """``editable_ast`` as text (analyst SQL is read back as DuckDB)."""
        return self.editable_ast().sql(dialect=dialect, pretty=pretty)

    @property
    def visible_columns(self) -> list[OutputColumn]:
        return [c for c in self.columns if c.kind != "guard"]
