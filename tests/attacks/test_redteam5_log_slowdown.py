"""Red team 5: cost denial of service through the global release log. One analyst sends 48 harmless-looking
`GROUP BY stadsdeel, jaar[, geslacht]` statements over age ranges (about 3 minutes of the attacker's time, every
answer released); after that another user's plain per-wijk question takes about a minute instead of about a
second, in every process that shares the log (the combination and exact checks compare each new cell with every
released cell of its family and context).

Measured (red team 5, 2 cores): "Hoeveel cliënten jeugdhulp waren er in 2024 per wijk?" 1.8 s on a fresh log,
70.7 s after the 48 statements (54.3 s after 78 statements of another run); the attacker's own statements went
from 0.3 s to 3-10 s each (to 37 s after 78). SPEC §7: p95 <= 200 ms per question.
Written as a strict xfail that failed on 1ecfc0a; with the sketch membership by binary search and the combination
check on one reduced SVD the question stays under the bound (the batch itself is still slow: about 7 minutes).
"""

from __future__ import annotations

import time

import pytest

from tests.attacks.test_redteam5_three_partitions import _steps

QUESTION = "Hoeveel cliënten jeugdhulp waren er in 2024 per wijk?"
MAX_SECONDS = 10.0   # fifty times the SPEC's p95, and five times a fresh log on a busy machine


@pytest.mark.slow
def test_other_users_question_stays_fast_after_an_analysts_batch(tmp_path):
    from assistant import Assistant, Settings

    def assistant():
        return Assistant(Settings(release_log_path=tmp_path / "vrijgaven.sqlite", audit_log_path=tmp_path / "audit.jsonl",
                                  app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0))

    attacker_process = assistant()
    attacker = attacker_process.new_session(user="analist-a", role="analist")
    for _rest, _c, sql in _steps():
        assert attacker.run_sql(sql).status in ("answered", "suppressed")  # the log fills either way
    victim = assistant().new_session(user="beleid-b", role="beleidsmaker")   # another process on the same log
    start = time.monotonic()
    answer = victim.ask(QUESTION)
    seconds = time.monotonic() - start
    assert answer.status == "answered"
    assert seconds <= MAX_SECONDS, f"{QUESTION!r} took {seconds:.1f} s after another user's batch"
