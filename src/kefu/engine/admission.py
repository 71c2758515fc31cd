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
from kefu.errors import EngineBusy, KefuError
from kefu.ops import metrics


class AdmissionGate:
    def __init__(self, slots: int, max_queue: int, queue_timeout_s: float) -> None:
        self.slots = slots
        self.max_queue = max_queue
        self.queue_timeout_s = queue_timeout_s
        self._semaphore = asyncio.Semaphore(slots)
        self._running = 0
        self._waiting = 0
        self._mean_duration_s = 5.0  # moving average of one generation, for Retry-After
        self.report()

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return self._waiting

    def report(self) -> None:
        """Publish the batch and the queue as metrics (on every change)."""
        metrics.record_engine_load(self._running, self._waiting, self.slots)

    def retry_after_s(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, drained `slots` at a time."""
        rounds = (self._waiting + 1) / self.slots
        return max(1, min(120, math.ceil(rounds * self._mean_duration_s)))

    async def acquire(self) -> None:
        if self._semaphore.locked() and self._waiting >= self.max_queue:
            metrics.record_rejected("queue_full")
            raise EngineBusy(self.retry_after_s())
        self._waiting += 1
        self.report()
        try:
            async with asyncio.timeout(self.queue_timeout_s):
                await self._semaphore.acquire()
        except TimeoutError:
            metrics.record_rejected("queue_timeout")
            raise EngineBusy(self.retry_after_s()) from None
        finally:
            self._waiting -= 1
            self.report()
        self._running += 1
        self.report()

    def release(self, duration_s: float) -> None:
        self._running -= 1
        self._semaphore.release()
        self.report()
        self._mean_duration_s = 0.8 * self._mean_duration_s + 0.2 * duration_s


class AdmittedEngine:
    """Wraps an engine so every stream first passes the gate; the slot is held until the stream ends."""

    def __init__(self, engine: ManagedEngine, gate: AdmissionGate) -> None:
        self.inner = engine
        self.gate = gate

    async def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        arrived = time.monotonic()
        await self.gate.acquire()
        started = time.monotonic()
        first: float | None = None  # when the first token came (time to first token counts the queue)
        pieces, last = 0, Delta("")
        try:
            async for delta in self.inner.stream(messages, params):
                if delta.text:
                    if first is None:
                        first = time.monotonic()
                    pieces += 1
                last = delta
                yield delta
        except KefuError as exc:
            metrics.record_engine_error(exc.code)
            raise
        finally:
            ended = time.monotonic()
            self.gate.release(ended - started)
            ttft = first - arrived if first is not None else None
            decode = ended - first if first is not None else 0.0
            metrics.record_generation(ttft, decode, pieces, last.prompt_tokens, last.completion_tokens)

    def describe(self) -> ModelInfo:
        return self.inner.describe()

    async def start(self) -> None:
        await self.inner.start()

    async def check(self) -> None:
        await self.inner.check()

    async def aclose(self) -> None:
        await self.inner.aclose()
