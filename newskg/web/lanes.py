"""Fair sharing of the query workers: slow queries go through a lane narrower than the pool,
so short queries always find a worker while slow ones run.

A protocol query is *slow* when its text has a property path with ``*`` or ``+`` (the usual
way to make an evaluation explode), or when the same text (whitespace aside) ran longer than
``slow_seconds`` or hit the time limit before.  At most ``workers - 1`` slow queries run at
once (at least one), and only while a loaded worker is left over for the other queries: when a
worker is being replaced (after a slow query was stopped at the time limit) the next slow query
waits for the replacement instead of taking the last loaded worker.  Slow queries wait their
turn at most ``queue_timeout`` seconds, then get a 503.  A worker stays free for every other
query, whoever sends the slow ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable

from newskg.web.pool import PoolBusy, QueryTimeout

_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_STARS = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*|\(\s*(?:DISTINCT\s+)?\*\s*\)", re.IGNORECASE)


def looks_slow(text: str) -> bool:
    """True when the query has a ``*`` or ``+`` outside strings, IRIs, comments, ``SELECT *`` and
    ``COUNT(*)``: a property path of any length (or arithmetic, which only costs it the lane)."""
    bare = _STARS.sub(" ", _TOKENS.sub(" ", text))
    return "*" in bare or "+" in bare


def _key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


#: How often a slow query waiting for its turn looks again.
_POLL = 0.1


class SlowLane:
    """``loaded`` tells how many workers are loaded now (the pool's ``health()["ready"]``)."""

    def __init__(self, workers: int, *, slow_seconds: float = 1.0, queue_timeout: float = 30.0,
                 memory: int = 1000, loaded: Callable[[], int] | None = None) -> None:
        self.workers = workers
        self.width = max(1, workers - 1)
        self.slow_seconds = slow_seconds
        self.queue_timeout = queue_timeout
        self.memory = memory
        self.loaded = loaded
        self.running = 0
        self._learned: OrderedDict[str, None] = OrderedDict()

    def _may_start(self) -> bool:
        if self.running >= self.width:
            return False
        if self.workers <= 1 or self.loaded is None:
            return True
        return self.loaded() - self.running >= 2  # one loaded worker stays for the other queries

    async def _enter(self) -> None:
        deadline = time.monotonic() + self.queue_timeout
        while not self._may_start():
            if time.monotonic() >= deadline:
                raise PoolBusy(f"the server is busy with slow queries: yours waited {self.queue_timeout:g} s for "
                               "its turn; make it more selective or try again later.")
            await asyncio.sleep(_POLL)
        self.running += 1

    def is_slow(self, text: str) -> bool:
        return _key(text) in self._learned or looks_slow(text)

    def learn(self, text: str) -> None:
        key = _key(text)
        self._learned[key] = None
        self._learned.move_to_end(key)
        while len(self._learned) > self.memory:
            self._learned.popitem(last=False)

    @contextlib.asynccontextmanager
    async def admit(self, text: str) -> AsyncIterator[None]:
        """Run the body in the slow lane when ``text`` is slow; learn its speed either way."""
        slow = self.is_slow(text)
        if slow:
            await self._enter()
        started = time.monotonic()
        try:
            yield
        except QueryTimeout:
            self.learn(text)
            raise
        finally:
            if slow:
                self.running -= 1
        if time.monotonic() - started > self.slow_seconds:
            self.learn(text)
