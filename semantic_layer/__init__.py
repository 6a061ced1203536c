"""Wijkvraag semantic layer: the single source of names and meanings, and the SQL compiler.

Public surface::

    model = load_model()                                  # YAML -> validated SemanticModel
    catalogue = Catalogue.from_warehouse(model, con)      # + values and years from the warehouse
    compiled = compile_query(SemanticQuery(...), catalogue)
    compiled.sql("postgres")
    to_sql(query, catalogue) / from_sql("SELECT wijk, MEASURE(clienten) ...", catalogue)   # analyst SQL
"""

from semantic_layer.catalogue import Catalogue
from semantic_layer.compiled import DIALECTS, CompiledQuery, OutputColumn
from semantic_layer.compiler import QueryError, compile_query, validate_query
from semantic_layer.loader import ModelError, load_model
from semantic_layer.model import Dimension, Metric, SemanticModel
from semantic_layer.query import Filter, OrderBy, SemanticQuery, YearComparison
from semantic_layer.sql_api import SqlApiError, from_sql, to_sql

__all__ = [
    "Catalogue",
    "CompiledQuery",
    "DIALECTS",
    "Dimension",
    "Filter",
    "Metric",
    "ModelError",
    "OrderBy",
    "OutputColumn",
    "QueryError",
    "SemanticModel",
    "SemanticQuery",
    "SqlApiError",
    "YearComparison",
    "compile_query",
    "validate_query",
    "from_sql",
    "load_model",
    "to_sql",
]
