from __future__ import annotations

import asyncio

import pytest

from kefu.engine.admission import AdmissionGate, AdmittedEngine
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.errors import EngineBusy

pytestmark = pytest.mark.anyio


async def _drain(engine: AdmittedEngine) -> str:
    return "".join([d.text async for d in engine.stream([ChatMessage("user", "hi")], GenerationParams())])


async def test_past_the_queue_requests_are_refused_with_a_retry_hint() -> None:
    engine = AdmittedEngine(FakeEngine(lambda m, p: "x" * 20, delay_s=0.01), AdmissionGate(2, 1, 5.0))
    results = await asyncio.gather(*(_drain(engine) for _ in range(5)), return_exceptions=True)
    busy = [r for r in results if isinstance(r, EngineBusy)]
    assert [r for r in results if r == "x" * 20] and len(busy) == 2  # 2 running + 1 queued served
    assert all(b.retry_after_s >= 1 for b in busy)
    assert engine.gate.running == 0 and engine.gate.waiting == 0


async def test_a_request_waiting_too_long_is_refused() -> None:
    engine = AdmittedEngine(FakeEngine(lambda m, p: "x" * 50, delay_s=0.01), AdmissionGate(1, 5, 0.05))
    results = await asyncio.gather(_drain(engine), _drain(engine), return_exceptions=True)
    assert results[0] == "x" * 50
    assert isinstance(results[1], EngineBusy)


async def test_slot_is_released_when_the_consumer_stops_early() -> None:
    engine = AdmittedEngine(FakeEngine(lambda m, p: "abc"), AdmissionGate(1, 0, 1.0))
    stream = engine.stream([ChatMessage("user", "hi")], GenerationParams())
    await anext(stream)
    await stream.aclose()
    assert engine.gate.running == 0
    assert await _drain(engine) == "abc"
