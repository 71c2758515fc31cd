"""Admission control: a bounded queue in front of the engine.

At most `slots` generations run at once (the engine's batch); at most `max_queue` more
wait, each for at most `queue_timeout_s`. Anything beyond is refused at once with
`EngineBusy`, which the API turns into 503 + Retry-After, instead of letting latency grow
without bound.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Sequence

from kefu.engine.base import ChatMessage, Delta, GenerationParams, ManagedEngine, ModelInfo
from kefu.errors import EngineBusy


class AdmissionGate:
    def __init__(self, slots: int, max_queue: int, queue_timeout_s: float) -> None:
        self.slots = slots
        self.max_queue = max_queue
        self.queue_timeout_s = queue_timeout_s
        self._semaphore = asyncio.Semaphore(slots)
        self._running = 0
        self._waiting = 0
        self._mean_duration_s = 5.0  # moving average of one generation, for Retry-After

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return self._waiting

    def retry_after_s(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, drained `slots` at a time."""
        rounds = (self._waiting + 1) / self.slots
        return max(1, min(120, math.ceil(rounds * self._mean_duration_s)))

    async def acquire(self) -> None:
        if self._semaphore.locked() and self._waiting >= self.max_queue:
            raise EngineBusy(self.retry_after_s())
        self._waiting += 1
        try:
            async with asyncio.timeout(self.queue_timeout_s):
                await self._semaphore.acquire()
        except TimeoutError:
            raise EngineBusy(self.retry_after_s()) from None
        finally:
            self._waiting -= 1
        self._running += 1

    def release(self, duration_s: float) -> None:
        self._running -= 1
        self._semaphore.release()
        self._mean_duration_s = 0.8 * self._mean_duration_s + 0.2 * duration_s


class AdmittedEngine:
    """Wraps an engine so every stream first passes the gate; the slot is held until the stream ends."""

    def __init__(self, engine: ManagedEngine, gate: AdmissionGate) -> None:
        self.inner = engine
        self.gate = gate

    async def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        await self.gate.acquire()
        started = time.monotonic()
        try:
            async for delta in self.inner.stream(messages, params):
                yield delta
        finally:
            self.gate.release(time.monotonic() - started)

    def describe(self) -> ModelInfo:
        return self.inner.describe()

    async def start(self) -> None:
        await self.inner.start()

    async def check(self) -> None:
        await self.inner.check()

    async def aclose(self) -> None:
        await self.inner.aclose()
