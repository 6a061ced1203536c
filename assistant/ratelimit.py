"""Rate limits per user: at most N questions and M SQL runs per minute for one subject.

One :class:`RateLimiter` per ``Assistant`` (per process), shared by every session of a subject, so a
new conversation or a second browser tab does not reset the count. A sliding window of the accepted
requests' times; a refused request does not count, so a user who waits is served again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["RateLimiter", "KIND_LABELS"]

KIND_LABELS = {"question": ("vragen", "vraag"), "sql": ("SQL-opdrachten", "SQL-opdracht")}


class RateLimiter:
    """``check(subject, kind)`` returns None when the request may go ahead (and counts it), or a Dutch
    reason when the subject is over its limit for ``kind`` ("question" or "sql"). A limit of 0 is none."""

    def __init__(self, limits: dict[str, int], window_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limits = dict(limits)
        self.window_s = window_s
        self._clock = clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, subject: str, kind: str) -> str | None:
        limit = self.limits.get(kind, 0)
        if limit <= 0:
            return None
        now = self._clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget subjects that asked nothing within the window
                self._seen = {k: t for k, t in self._seen.items() if t and t[-1] > now - self.window_s}
            times = self._seen.setdefault((subject, kind), deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= limit:
                wait = max(1, int(times[0] + self.window_s - now + 0.999))
                plural, _ = KIND_LABELS.get(kind, (kind, kind))
                return (f"U heeft de grens van {limit} {plural} per minuut bereikt. Probeer het over {wait} "
                        f"seconde{'n' if wait != 1 else ''} opnieuw.")
            times.append(now)
            return None
