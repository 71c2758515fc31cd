"""The customer's side of a handoff: the conversation's live event stream, callback tickets,
and where the handoff stands.

`GET /v1/conversations/{id}/events` streams server-sent events: every stored message
(`message` for the customer's and the bot's, `agent_message` for an agent's; the SSE `id` is
the message's `seq`) and the handoff's changes (`handoff_queued`, `handoff_claimed`,
`handoff_released`, `handoff_closed`, `handoff_callback`). The agent who may read the
conversation gets the same stream at `GET /v1/agent/conversations/{id}/events`. A reconnecting client sends
`Last-Event-ID` (browsers do it by themselves) or `?after=SEQ` and first receives the stored
messages it missed; without either, the stream starts with the whole transcript. A comment
line every `HEARTBEAT_S` keeps proxies from closing an idle stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, status
from fastapi.responses import StreamingResponse

from kefu.api.agent_schemas import CallbackCreate, CallbackPublic, HandoffStatusPublic
from kefu.api.auth import Chat
from kefu.api.deps import JSONOnly, RuntimeDep, visible_conversation
from kefu.api.schemas import documented_errors
from kefu.api.streaming import sse_data
from kefu.dialog.handoff import stored_message_event
from kefu.dialog.runtime import Runtime
from kefu.errors import InvalidInput
from kefu.store.events import Event, Subscription
from kefu.store.handoff_models import QUEUED

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ERRORS = documented_errors(400, 404, 409, 413, 415, 422)
HEARTBEAT_S = 15.0
MAX_SEQ = 2**63 - 1  # the largest integer every supported database holds
RETRY_MS = 2000  # how long a browser waits before reconnecting


After = Annotated[
    int | None, Query(ge=-1, le=MAX_SEQ, description="replay stored messages after this seq")
]
LastEventId = Annotated[str | None, Header(alias="Last-Event-ID")]
SSE = {"content": {"text/event-stream": {}}, "description": "server-sent events"}
STREAM_RESPONSES = {**ERRORS, 200: SSE}


def render(event: Event) -> str:
    seq = event.get("seq")
    head = f"id: {seq}\n" if isinstance(seq, int) else ""
    return head + sse_data(event, event=str(event.get("type", "message")))


def start_after(after: int | None, last_event_id: str | None) -> int:
    """The last message the client has: `Last-Event-ID` (the browser's, newest) wins over `after`."""
    if last_event_id is not None and last_event_id.strip():
        try:
            return min(MAX_SEQ, max(-1, int(last_event_id.strip())))
        except ValueError:
            raise InvalidInput(
                "invalid_last_event_id",
                f"Last-Event-ID must be a message seq (an integer), not {last_event_id[:40]!r}.",
                "Last-Event-ID 必须是消息序号（整数）。",
            ) from None
    return -1 if after is None else after


async def _events(backlog: list[Event], subscription: Subscription, after: int) -> AsyncIterator[str]:
    sent: set[int] = set()  # live events may repeat the backlog, or arrive out of order
    try:
        yield f"retry: {RETRY_MS}\n\n"
        for event in backlog:
            sent.add(event["seq"])
            yield render(event)
        while True:
            try:
                async with asyncio.timeout(HEARTBEAT_S):
                    event = await anext(subscription)
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            except StopAsyncIteration:  # fell behind and was dropped: the client reconnects and replays
                yield sse_data({"type": "reconnect"}, event="reconnect")
                return
            seq = event.get("seq")
            if isinstance(seq, int):
                if seq <= after or seq in sent:
                    continue
                sent.add(seq)
            yield render(event)
    finally:
        await subscription.aclose()


@router.get(
    "/{conversation_id}/events",
    responses=STREAM_RESPONSES,
    response_class=StreamingResponse,
)
async def conversation_events(
    conversation_id: str,
    runtime: RuntimeDep,
    principal: Chat,
    after: After = None,
    last_event_id: LastEventId = None,
) -> StreamingResponse:
    """The conversation's messages and handoff changes, live, as server-sent events."""
    start = start_after(after, last_event_id)
    await visible_conversation(runtime, principal, conversation_id)  # 404 before the stream starts
    return await event_stream(runtime, conversation_id, start)


async def event_stream(runtime: Runtime, conversation_id: str, start: int) -> StreamingResponse:
    """The stream of one conversation (the caller may read it: checked before), after `start`."""
    subscription = runtime.events.subscribe(conversation_id)  # before the backlog: nothing falls between
    try:
        stored = await runtime.handoff.repository.messages_after(conversation_id, start)
    except BaseException:
        await subscription.aclose()
        raise
    backlog = [stored_message_event(m) for m in stored]
    return StreamingResponse(
        _events(backlog, subscription, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post(
    "/{conversation_id}/callback",
    status_code=status.HTTP_201_CREATED,
    dependencies=[JSONOnly],
    responses=ERRORS,
)
async def request_callback(
    conversation_id: str, runtime: RuntimeDep, principal: Chat, body: CallbackCreate | None = None
) -> CallbackPublic:
    """Ask to be called back instead of waiting for an agent (the conversation leaves the queue)."""
    await visible_conversation(runtime, principal, conversation_id)
    body = body or CallbackCreate()
    ticket = await runtime.handoff.callback(conversation_id, body.phone, body.note)
    return CallbackPublic.model_validate(ticket)


@router.get("/{conversation_id}/handoff", responses=ERRORS)
async def handoff_status(conversation_id: str, runtime: RuntimeDep, principal: Chat) -> HandoffStatusPublic:
    """Whether the conversation waits for (and where in the queue) or is served by a person."""
    await visible_conversation(runtime, principal, conversation_id)
    handoff = await runtime.handoff.current(conversation_id)
    online = runtime.handoff.agents_online()
    if handoff is None:
        return HandoffStatusPublic(conversation_id=conversation_id, status="none", agents_online=online)
    position = await runtime.handoff.repository.position(handoff)
    return HandoffStatusPublic(
        conversation_id=conversation_id,
        status=handoff.status,
        handoff_id=handoff.id,
        position=position,
        skill_group=handoff.skill_group,
        agents_online=online,
        callback_offered=handoff.status == QUEUED and online == 0,
    )
