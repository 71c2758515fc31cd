"""Conversations: create, send a message (whole or streamed), read back."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Query, status
from fastapi.responses import StreamingResponse

from kefu.api.auth import Chat
from kefu.api.deps import JSONOnly, RuntimeDep, public_kb, tenant_kb, visible_conversation
from kefu.api.errors import error_body
from kefu.api.schemas import (
    CitationPublic,
    ConversationCreate,
    ConversationDetail,
    ConversationPublic,
    DialogStatePublic,
    MessageCreate,
    MessagePublic,
    TurnPublic,
    documented_errors,
)
from kefu.api.streaming import primed, sse_data, sse_response
from kefu.dialog.conversations import StoredTurn
from kefu.dialog.state import DialogState
from kefu.errors import KefuError
from kefu.store.models import Conversation

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ERRORS = documented_errors(400, 404, 409, 413, 415, 422, 503)


def _public(conversation: Conversation) -> ConversationPublic:
    return ConversationPublic(
        id=conversation.id,
        kb=public_kb(conversation.kb),
        user_id=conversation.user_id,
        channel=conversation.channel,
        metadata=conversation.meta,
        turns=conversation.turns,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
    )


def turn_public(turn: StoredTurn) -> TurnPublic:
    result = turn.result
    return TurnPublic(
        conversation_id=turn.conversation_id,
        message_id=turn.message_id,
        reply=result.reply,
        route=result.route,
        citations=[CitationPublic(**asdict(c)) for c in result.citations],
        intent=result.intent,
        confidence=result.confidence,
        slots=result.slots,
        handoff=result.handoff,
        handoff_reason=result.handoff_reason,
        task=result.task,
        task_status=result.task_status,
        state=DialogStatePublic.of(turn.state) if turn.state else None,
        latency_ms=result.latency_ms,
        grounded=result.grounded,
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
        kb_version=result.kb_version,
    )


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS)
async def create_conversation(
    runtime: RuntimeDep, principal: Chat, body: ConversationCreate | None = None
) -> ConversationPublic:
    """Start a conversation bound to one knowledge base (the default one when `kb` is omitted)."""
    body = body or ConversationCreate()
    conversation = await runtime.conversations.create(
        tenant_kb(principal, body.kb or runtime.settings.default_kb),
        body.user_id,
        body.channel,
        body.metadata,
        tenant=principal.tenant,
        subject=principal.subject,
    )
    return _public(conversation)


@router.post(
    "/{conversation_id}/messages", dependencies=[JSONOnly], responses=ERRORS, response_model=TurnPublic
)
async def send_message(
    conversation_id: str,
    body: MessageCreate,
    runtime: RuntimeDep,
    principal: Chat,
    stream: bool = Query(default=False, description="stream the reply as server-sent events"),
) -> TurnPublic | StreamingResponse:
    """Answer the customer's message. With `?stream=true`: `delta` events, then one `done` event."""
    await visible_conversation(runtime, principal, conversation_id)
    if not stream:
        turn = await runtime.conversations.reply(conversation_id, body.text)
        return turn_public(turn)
    events = runtime.conversations.stream_reply(conversation_id, body.text)

    def render(event: str | StoredTurn) -> str:
        if isinstance(event, str):
            return sse_data({"text": event}, event="delta")
        return sse_data(turn_public(event).model_dump(mode="json"), event="done")

    def on_error(exc: KefuError) -> str:
        return sse_data(error_body(exc.code, exc.message), event="error")

    return sse_response(await primed(events), render, on_error)


@router.get("/{conversation_id}", responses=ERRORS)
async def get_conversation(conversation_id: str, runtime: RuntimeDep, principal: Chat) -> ConversationDetail:
    """Metadata, dialogue state and every message."""
    await visible_conversation(runtime, principal, conversation_id)
    conversation = await runtime.conversations.get(conversation_id)
    state = DialogState.load(conversation.state)
    return ConversationDetail(
        **_public(conversation).model_dump(),
        state=DialogStatePublic.of(state),
        messages=[MessagePublic.model_validate(m) for m in conversation.messages],
    )
