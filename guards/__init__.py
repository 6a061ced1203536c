"""Guards between the warehouse and every answer: PII scrubbing, SQL guard, disclosure control, audit.

Names are imported lazily so that, for example, the SQL guard does not load the PII engine.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "scrub": "guards.pii",
    "PiiScrubber": "guards.pii",
    "Finding": "guards.pii",
    "refuse_individual_request": "guards.individual",
    "check_sql": "guards.sql_guard",
    "SqlRefused": "guards.sql_guard",
    "analyst_query": "guards.analyst",
    "DisclosureGuard": "guards.disclosure",
    "GuardResult": "guards.disclosure",
    "ReleaseMemory": "guards.disclosure",
    "PublishedCells": "guards.disclosure",
    "run_guarded": "guards.runner",
    "execute_with_timeout": "guards.sql_guard",
    "StatementTimeout": "guards.sql_guard",
    "AuditLog": "guards.audit",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'guards' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
