"""Server-sent events, started only once the first piece is ready.

Priming the stream before the response begins means refusals (bad input, unknown ids,
a busy or failed engine) still get their proper status code instead of a 200 stream.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from fastapi.responses import StreamingResponse

from kefu.errors import KefuError

T = TypeVar("T")
log = logging.getLogger(__name__)


async def primed(events: AsyncIterator[T]) -> AsyncIterator[T]:
    """Run `events` up to its first item now (raising its errors here); return the whole stream."""
    try:
        first = await anext(events)
    except StopAsyncIteration:
        first = None

    async def replay() -> AsyncIterator[T]:
        if first is not None:
            yield first
            async for event in events:
                yield event

    return replay()


def sse_data(payload: dict[str, Any] | str, event: str | None = None) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return (f"event: {event}\n" if event else "") + f"data: {data}\n\n"


def sse_response(
    events: AsyncIterator[T], render: Callable[[T], str], on_error: Callable[[KefuError], str]
) -> StreamingResponse:
    async def body() -> AsyncIterator[str]:
        try:
            async for event in events:
                yield render(event)
        except KefuError as exc:  # after the headers: the error travels as the last event
            log.warning("stream ended by %s: %s", exc.code, exc.message)
            yield on_error(exc)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
