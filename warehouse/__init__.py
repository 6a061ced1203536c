"""Wijkvraag warehouse: CBS open data and synthetic 's-Gravenhage microdata in one DuckDB file.

Public surface: `build(path, seed=42, scale="gemeente")`, `DEFAULT_PATH`, `BuildError`, and the CLI
`python -m warehouse build`.
"""

from warehouse.builder import DEFAULT_PATH, BuildError, build

__all__ = ["DEFAULT_PATH", "BuildError", "build"]
