from __future__ import annotations

import asyncio

import pytest

from kefu.errors import ConfigError
from kefu.store.events import EventBus, MemoryEventBus, create_event_bus

pytestmark = pytest.mark.anyio


async def test_subscribers_get_their_conversations_events_in_order() -> None:
    bus = MemoryEventBus()
    first, second, elsewhere = bus.subscribe("c1"), bus.subscribe("c1"), bus.subscribe("c2")
    for n in range(3):
        await bus.publish("c1", {"type": "message", "seq": n})
    await bus.publish("c3", {"type": "message", "seq": 99})  # nobody listens: nothing happens
    for subscription in (first, second):
        assert [(await anext(subscription))["seq"] for _ in range(3)] == [0, 1, 2]
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await anext(elsewhere)


async def test_a_subscriber_waits_for_the_next_event() -> None:
    bus = MemoryEventBus()
    subscription = bus.subscribe("c1")
    waiting = asyncio.create_task(anext(subscription))
    await asyncio.sleep(0)
    assert not waiting.done()
    await bus.publish("c1", {"type": "handoff_claimed"})
    assert (await asyncio.wait_for(waiting, 1))["type"] == "handoff_claimed"


async def test_a_slow_subscriber_is_dropped_without_blocking_the_publisher() -> None:
    bus = MemoryEventBus(queue_size=4)
    slow, reader = bus.subscribe("c1"), bus.subscribe("c1")
    received = []
    for n in range(10):
        await asyncio.wait_for(bus.publish("c1", {"seq": n}), 0.5)  # never waits for a reader
        received.append((await anext(reader))["seq"])
    assert received == list(range(10)) and not reader.dropped
    assert slow.dropped and bus.subscribers("c1") == 1
    leftovers = [event["seq"] async for event in slow]  # ends: the client reconnects and replays
    assert leftovers == [0, 1, 2, 3]  # what fitted its queue, in order, then the end


async def test_aclose_ends_iteration_and_unsubscribes() -> None:
    bus = MemoryEventBus()
    subscription = bus.subscribe("c1")
    waiting = asyncio.create_task(anext(subscription))
    await asyncio.sleep(0)
    await subscription.aclose()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(waiting, 1)
    assert bus.subscribers("c1") == 0 and not subscription.dropped
    await bus.publish("c1", {"seq": 1})
    assert [e async for e in subscription] == []


def test_registry() -> None:
    bus: EventBus = create_event_bus("memory", queue_size=8)
    assert isinstance(bus, MemoryEventBus) and bus.queue_size == 8
    with pytest.raises(ConfigError, match="unknown event bus 'redis'"):
        create_event_bus("redis")
