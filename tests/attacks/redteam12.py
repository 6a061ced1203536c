"""Helpers of the red team 12 tests: the sessions of red team 11 (two analysts and a policy officer of one
assistant on a release log of the attempt's own) and a council member, and a row's released figure."""

from __future__ import annotations

import pytest

from tests.attacks.redteam11 import rt11  # noqa: F401  (the fixture rt12 builds on)


@pytest.fixture
def rt12(rt11):  # noqa: F811
    """Factory: rt12(tag) -> (assistant, analyst a, analyst b, beleidsmaker, raadslid) on one fresh release log."""
    def make(tag):
        a, s1, s2, s3 = rt11(tag)
        return a, s1, s2, s3, a.new_session(user="rt12d", role="raadslid", roles=("raadslid",))

    make.db = rt11.db
    return make


def row_value(ans, key=None):
    """The released number of the row whose first column is `key` (or of the single cell); None if not shown."""
    d = ans.to_json_dict()
    if d["status"] != "answered" or not d["rows"]:
        return None
    for r in d["rows"]:
        if key is None or r[0] == key:
            v = r[-1]
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    return None
