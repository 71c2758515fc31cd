"""Rate limits: a token bucket per client IP and per caller (API key or token subject).

Each bucket holds up to one minute's worth of requests and refills continuously, so a client
may burst to its per-minute limit and then gets one request per `60 / limit` seconds. The
buckets live in this process (`MemoryLimiter`); several workers each count on their own,
which a shared store behind the same `Limiter` protocol would fix.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kefu.errors import KefuError

MAX_BUCKETS = 100_000  # past this many clients, idle (full) buckets are dropped


class RateLimited(KefuError):
    """429: too many requests; retry after `retry_after_s` seconds."""

    code = "rate_limited"
    status = 429

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"Too many requests; retry in {retry_after_s} s.", f"请求过于频繁，请 {retry_after_s} 秒后重试。"
        )
        self.retry_after_s = retry_after_s


class Limiter(Protocol):
    def take(self, key: str, per_minute: int) -> float:
        """Spend one request of `key`'s budget: 0 when allowed, else the seconds until it would be."""
        ...


@dataclass
class _Bucket:
    capacity: float  # the per-minute limit; refills at capacity / 60 a second
    tokens: float
    at: float

    def level(self, now: float) -> float:
        return min(self.capacity, self.tokens + (now - self.at) * self.capacity / 60.0)


class MemoryLimiter:
    """Token buckets in a dict (one process; no lock needed: the event loop runs one `take` at a time)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str, per_minute: int) -> float:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None or bucket.capacity != per_minute:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(per_minute), float(per_minute), now)
        bucket.tokens, bucket.at = bucket.level(now), now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) * 60.0 / per_minute

    def _forget_idle(self, now: float) -> None:
        """Drop the buckets that have refilled: a new one would be the same."""
        for key in [k for k, b in self._buckets.items() if b.level(now) >= b.capacity]:
            del self._buckets[key]


def check(limiter: Limiter, key: str, per_minute: int) -> None:
    """Raise `RateLimited` when `key` is over `per_minute` (0: no limit)."""
    if per_minute <= 0:
        return
    wait = limiter.take(key, per_minute)
    if wait > 0:
        raise RateLimited(max(1, math.ceil(wait)))
