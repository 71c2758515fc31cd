"""Conversation events (new messages, handoff changes) fanned out to live subscribers.

    bus = create_event_bus("memory")
    subscription = bus.subscribe(conversation_id)   # registered now: nothing published later is missed
    await bus.publish(conversation_id, {"type": "message", "seq": 3, ...})
    async for event in subscription: ...

Delivery is best effort and never slows a publisher: each subscriber has a bounded queue,
and a subscriber that falls behind is dropped (its iteration ends with `dropped` set). Its
client reconnects and replays what it missed from the stored messages (`seq`), so the bus
itself keeps no history. The in-process bus serves one worker; a Redis one would implement
the same protocol and register itself in `EVENT_BUSES`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from kefu.errors import ConfigError

Event = dict[str, Any]
DEFAULT_QUEUE_SIZE = 256


class Subscription(Protocol):
    """The live events of one conversation, from the moment of subscribing."""

    dropped: bool

    def __aiter__(self) -> Subscription: ...

    async def __anext__(self) -> Event: ...

    async def aclose(self) -> None:
        """Stop receiving; iteration ends."""
        ...


class EventBus(Protocol):
    async def publish(self, conversation_id: str, event: Event) -> None:
        """Deliver `event` to the conversation's current subscribers; never blocks on them."""
        ...

    def subscribe(self, conversation_id: str) -> Subscription:
        """Start receiving the conversation's events (already registered when this returns)."""
        ...


_CLOSED: Event = {"type": "_closed"}


class MemorySubscription:
    def __init__(self, bus: MemoryEventBus, conversation_id: str, size: int) -> None:
        self._bus = bus
        self.conversation_id = conversation_id
        self.size = size
        self._queue: asyncio.Queue[Event] = asyncio.Queue(size + 1)  # + the end marker
        self.dropped = False
        self.closed = False

    def offer(self, event: Event) -> None:
        if self.closed:
            return
        if self._queue.qsize() >= self.size:
            self.dropped = True
            self._end()
            return
        self._queue.put_nowait(event)

    def _end(self) -> None:
        self.closed = True
        self._bus.discard(self)
        self._queue.put_nowait(_CLOSED)  # wakes a waiting reader once the queued events are read

    def __aiter__(self) -> MemorySubscription:
        return self

    async def __anext__(self) -> Event:
        if self.closed and self._queue.empty():
            raise StopAsyncIteration
        event = await self._queue.get()
        if event is _CLOSED:
            raise StopAsyncIteration
        return event

    async def aclose(self) -> None:
        if not self.closed:
            self._end()

    async def __aenter__(self) -> MemorySubscription:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class MemoryEventBus:
    """Subscribers of this process, each with a bounded queue (`queue_size` events)."""

    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        self.queue_size = queue_size
        self._subscribers: dict[str, set[MemorySubscription]] = {}

    async def publish(self, conversation_id: str, event: Event) -> None:
        for subscription in list(self._subscribers.get(conversation_id, ())):
            subscription.offer(event)

    def subscribe(self, conversation_id: str) -> MemorySubscription:
        subscription = MemorySubscription(self, conversation_id, self.queue_size)
        self._subscribers.setdefault(conversation_id, set()).add(subscription)
        return subscription

    def subscribers(self, conversation_id: str) -> int:
        return len(self._subscribers.get(conversation_id, ()))

    def discard(self, subscription: MemorySubscription) -> None:
        subscribers = self._subscribers.get(subscription.conversation_id)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.conversation_id]


EVENT_BUSES: dict[str, Callable[..., EventBus]] = {"memory": MemoryEventBus}


def create_event_bus(name: str = "memory", **options: Any) -> EventBus:
    """The event bus registered as `name` (only "memory" ships; "redis" can be added)."""
    factory = EVENT_BUSES.get(name)
    if factory is None:
        known = ", ".join(sorted(EVENT_BUSES))
        raise ConfigError(f"unknown event bus {name!r}; known: {known}")
    return factory(**options)


def message_event(
    *,
    seq: int,
    message_id: str,
    role: str,
    text: str,
    created_at: datetime,
    route: str | None = None,
    intent: str | None = None,
    handoff: bool = False,
    agent_id: str | None = None,
) -> Event:
    """The event of a stored message; `seq` orders it in the conversation (the SSE id)."""
    return {
        "type": "agent_message" if role == "agent" else "message",
        "seq": seq,
        "message_id": message_id,
        "role": role,
        "text": text,
        "route": route,
        "intent": intent,
        "handoff": handoff,
        "agent_id": agent_id,
        "created_at": created_at.isoformat(),
    }
