"""How much a phone (or a machine pretending to be many) may ask of the workshop.

A room of 4 to 15 people never comes near these limits; a script flooding the
laptop's server does, and gets 429 pages instead of the facilitator's attention.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final

BODY_LIMIT: Final = 8 * 1024  # bytes of one form: a name, a vote, a CSRF token


@dataclass(frozen=True)
class Rate:
    """At most `count` events per `seconds`."""

    count: int
    seconds: float


JOINS: Final = Rate(100, 60.0)  # per network address: a projector's room, or a benchmark's 60 phones
CODE_TRIES: Final = Rate(10, 60.0)  # per network address: the short code is guessed no faster
VOTES: Final = Rate(30, 10.0)  # per participant: changing one's mind is fine, a loop is not
PAGES: Final = Rate(600, 10.0)  # per network address: any request at all
STREAMS: Final = 400  # live-update connections at once, in all


class RateLimiter:
    """A sliding window per key; the time comes from the caller (monotonic seconds)."""

    def __init__(self, rate: Rate, keys: int = 10_000) -> None:
        self.rate = rate
        self.keys = keys
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Count one event for `key` at `now`; False when it is one too many."""
        window = self._seen.get(key)
        if window is None:
            if len(self._seen) >= self.keys:
                self._forget(now)
            window = self._seen[key] = deque()
        while window and now - window[0] >= self.rate.seconds:
            window.popleft()
        if len(window) >= self.rate.count:
            return False
        window.append(now)
        return True

    def _forget(self, now: float) -> None:
        """Drop the keys whose windows are empty by now; if none, the oldest half."""
        stale = [k for k, w in self._seen.items() if not w or now - w[-1] >= self.rate.seconds]
        if not stale:
            stale = sorted(self._seen, key=lambda k: self._seen[k][-1])[: len(self._seen) // 2]
        for key in stale:
            del self._seen[key]
