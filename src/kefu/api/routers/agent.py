"""The agent API: the handoff queue, and claiming, answering, releasing and closing conversations.

With authentication on, the agent is the caller (`sub` of its token) and sees its tenant's
queue only; without it (dev), agents name themselves with the `X-Agent-Id` header. Every
call also marks the agent online. Callers with `pii:read` may read a transcript with the
originals of `token`-mode masked values put back; every such reveal is audited.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from kefu.api.admin_schemas import SuggestionPublic
from kefu.api.agent_schemas import (
    AgentConversationPublic,
    AgentMessageCreate,
    AgentQueuePublic,
    CallbackPublic,
    HandoffPublic,
    QueueItemPublic,
    TranscriptMessagePublic,
)
from kefu.api.audit_trail import append_as_caller
from kefu.api.auth import AgentPrincipal, PiiReader, Principal
from kefu.api.deps import JSONOnly, RuntimeDep, public_kb, tenant_conversation
from kefu.api.routers.events import STREAM_RESPONSES, After, LastEventId, event_stream, start_after
from kefu.api.schemas import documented_errors
from kefu.dialog.suggestions import suggest_reply
from kefu.errors import InvalidInput
from kefu.safety.masking import Masker, token_ids
from kefu.store.auth_models import CONVERSATIONS_READ
from kefu.store.handoff_models import CLAIMED, OPEN_STATUSES, QUEUED, Handoff
from kefu.store.handoff_repository import QueueEntry
from kefu.store.models import Message
from kefu.store.repository import conversation_not_found
from kefu.store.vault_repository import VaultRepository

router = APIRouter(prefix="/v1/agent", tags=["agent"])
ERRORS = documented_errors(400, 401, 403, 404, 409, 413, 415, 422)
AGENT_ID = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
QUEUE_STATUSES = {"queued": (QUEUED,), "claimed": (CLAIMED,), "open": OPEN_STATUSES}
PII_REVEALED = "pii_revealed"


def current_agent(
    runtime: RuntimeDep,
    principal: AgentPrincipal,
    x_agent_id: Annotated[
        str | None,
        Header(alias="X-Agent-Id", description="dev without auth: the agent's id, 1–64 of A-Z a-z 0-9 _.@-"),
    ] = None,
) -> str:
    """The calling agent: the authenticated subject, else (dev) `X-Agent-Id`; marks the agent online."""
    if runtime.settings.auth_enabled:
        x_agent_id = principal.subject
    if x_agent_id is None or not x_agent_id.strip():
        raise InvalidInput(
            "agent_id_missing",
            "The agent API needs the X-Agent-Id header (the agent's id).",
            "客服接口需要 X-Agent-Id 请求头（客服工号）。",
            status=401,
        )
    if not AGENT_ID.fullmatch(x_agent_id):
        raise InvalidInput(
            "agent_id_invalid",
            "X-Agent-Id must be 1–64 characters of letters, digits, '_', '.', '@' or '-'.",
            "X-Agent-Id 须为 1–64 个字母、数字或 _ . @ - 字符。",
            status=401,
        )
    runtime.handoff.agent_seen(x_agent_id)
    return x_agent_id


AgentDep = Annotated[str, Depends(current_agent)]


def may_read(principal: Principal, agent_id: str, handoff: Handoff | None) -> bool:
    """Whether an agent may read a conversation: one waiting in the queue or held by the agent
    (any of the tenant's with `conversations:read`)."""
    if principal.can(CONVERSATIONS_READ):
        return True
    return handoff is not None and (handoff.status == QUEUED or handoff.agent_id == agent_id)


def handoff_public(handoff: Handoff) -> HandoffPublic:
    context = handoff.context or {}
    sentiment = context.get("sentiment")
    return HandoffPublic(
        id=handoff.id,
        conversation_id=handoff.conversation_id,
        status=handoff.status,
        reason=handoff.reason,
        skill_group=handoff.skill_group,
        priority=handoff.priority,
        agent_id=handoff.agent_id,
        summary=handoff.summary,
        summary_source=context.get("summary_source"),
        intent=context.get("intent"),
        slots=context.get("slots") or {},
        sentiment=float(sentiment) if isinstance(sentiment, int | float) else None,
        evidence=context.get("evidence") or [],
        queued_at=handoff.queued_at,
        claimed_at=handoff.claimed_at if handoff.claimed_at else None,
        released_at=handoff.released_at if handoff.released_at else None,
        closed_at=handoff.closed_at if handoff.closed_at else None,
        sla_deadline=handoff.sla_deadline,
    )


def queue_item(entry: QueueEntry, now: datetime) -> QueueItemPublic:
    handoff = entry.handoff
    queued_at = handoff.queued_at
    waited_until = handoff.claimed_at if handoff.claimed_at else now
    return QueueItemPublic(
        **handoff_public(handoff).model_dump(),
        position=entry.position,
        waiting_s=max(0, int((waited_until - queued_at).total_seconds())),
        overdue=handoff.status == QUEUED and now > handoff.sla_deadline,
        sla_remaining_s=int((handoff.sla_deadline - now).total_seconds()),
    )


@router.get("/queue", responses=ERRORS)
async def queue(
    runtime: RuntimeDep,
    agent_id: AgentDep,
    principal: AgentPrincipal,
    skill_group: str | None = Query(default=None, max_length=64, description="only this skill group"),
    status: Literal["queued", "claimed", "open"] = Query(default="queued", description="open: both"),
) -> AgentQueuePublic:
    """Waiting conversations, highest priority first, then oldest; with their context package."""
    entries = await runtime.handoff.queue(skill_group, QUEUE_STATUSES[status], principal.tenant)
    now = datetime.now(UTC)
    return AgentQueuePublic(
        items=[queue_item(e, now) for e in entries], agents_online=runtime.handoff.agents_online()
    )


@router.get("/callbacks", responses=ERRORS)
async def callbacks(
    runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> list[CallbackPublic]:
    """Open callback tickets, oldest first."""
    tickets = await runtime.handoff.repository.callbacks(tenant=principal.tenant)
    return [CallbackPublic.model_validate(t) for t in tickets]


@router.get("/conversations/{conversation_id}", responses=ERRORS)
async def conversation(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> AgentConversationPublic:
    """The transcript, the dialogue state and the handoff (open, else latest) of a conversation:
    one in the caller's queue or held by it (any of its tenant's with `conversations:read`)."""
    await tenant_conversation(runtime, principal, conversation_id)
    handoff = await runtime.handoff.current(conversation_id)
    if not may_read(principal, agent_id, handoff):
        raise conversation_not_found(conversation_id)
    found = await runtime.conversations.get(conversation_id)
    return AgentConversationPublic(
        id=found.id,
        kb=public_kb(found.kb),
        user_id=found.user_id,
        channel=found.channel,
        turns=found.turns,
        state=found.state,
        handoff=handoff_public(handoff) if handoff else None,
        messages=[TranscriptMessagePublic.model_validate(m) for m in found.messages],
    )


@router.get(
    "/conversations/{conversation_id}/events", responses=STREAM_RESPONSES, response_class=StreamingResponse
)
async def conversation_events(
    conversation_id: str,
    runtime: RuntimeDep,
    agent_id: AgentDep,
    principal: AgentPrincipal,
    after: After = None,
    last_event_id: LastEventId = None,
) -> StreamingResponse:
    """The customer's event stream of a conversation in the caller's queue or held by it: the
    agent sees the customer's messages and the handoff's changes live."""
    start = start_after(after, last_event_id)
    await tenant_conversation(runtime, principal, conversation_id)
    if not may_read(principal, agent_id, await runtime.handoff.current(conversation_id)):
        raise conversation_not_found(conversation_id)
    return await event_stream(runtime, conversation_id, start)


@router.post("/conversations/{conversation_id}/claim", dependencies=[JSONOnly], responses=ERRORS)
async def claim(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> HandoffPublic:
    """Take a queued conversation; 409 if another agent took it first."""
    await tenant_conversation(runtime, principal, conversation_id)
    return handoff_public(await runtime.handoff.claim(conversation_id, agent_id))


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    dependencies=[JSONOnly],
    responses=ERRORS,
)
async def send_message(
    conversation_id: str,
    body: AgentMessageCreate,
    runtime: RuntimeDep,
    agent_id: AgentDep,
    principal: AgentPrincipal,
) -> TranscriptMessagePublic:
    """Write to the customer (only the agent who claimed the conversation)."""
    await tenant_conversation(runtime, principal, conversation_id)
    message = await runtime.handoff.send(conversation_id, agent_id, body.text)
    return TranscriptMessagePublic.model_validate(message)


@router.post(
    "/conversations/{conversation_id}/suggest",
    dependencies=[JSONOnly],
    responses={**ERRORS, **documented_errors(503)},
)
async def suggest(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> SuggestionPublic:
    """A reply drafted from the KB for the customer's latest message(s), for the agent to edit and
    send with `POST …/messages`: nothing is sent or stored. For a conversation the caller may read
    (queued, or held by it); 409 `nothing_to_suggest` before the customer has written."""
    await tenant_conversation(runtime, principal, conversation_id)
    if not may_read(principal, agent_id, await runtime.handoff.current(conversation_id)):
        raise conversation_not_found(conversation_id)
    found = await runtime.conversations.get(conversation_id)
    draft = await suggest_reply(runtime.pipeline, runtime.engine, found.messages, found.kb)
    return SuggestionPublic.model_validate(asdict(draft))


@router.post("/conversations/{conversation_id}/release", dependencies=[JSONOnly], responses=ERRORS)
async def release(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> HandoffPublic:
    """Hand the conversation back to the bot."""
    await tenant_conversation(runtime, principal, conversation_id)
    return handoff_public(await runtime.handoff.release(conversation_id, agent_id))


@router.post("/conversations/{conversation_id}/close", dependencies=[JSONOnly], responses=ERRORS)
async def close(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: AgentPrincipal
) -> HandoffPublic:
    """End the handoff (the customer was served, or left)."""
    await tenant_conversation(runtime, principal, conversation_id)
    return handoff_public(await runtime.handoff.close(conversation_id, agent_id))


class RevealedConversationPublic(BaseModel):
    """A transcript with the originals of `token`-mode masked values put back."""

    id: str
    messages: list[TranscriptMessagePublic]
    revealed: int = Field(description="how many distinct tokens were decrypted (each is audited by id)")


@router.get("/conversations/{conversation_id}/revealed", responses=documented_errors(401, 403, 404, 500))
async def revealed(
    conversation_id: str, runtime: RuntimeDep, agent_id: AgentDep, principal: PiiReader
) -> RevealedConversationPublic:
    """The transcript with personal data masked in `token` mode decrypted (`pii:read`). Every call
    is written to the audit log as `pii_revealed`, with the token ids, never the values. 500
    `pii_vault_error` when a value cannot be decrypted (the secret key changed)."""
    await tenant_conversation(runtime, principal, conversation_id)
    if not may_read(principal, agent_id, await runtime.handoff.current(conversation_id)):
        raise conversation_not_found(conversation_id)
    found = await runtime.conversations.get(conversation_id)
    wanted = set().union(*(token_ids(message.text) for message in found.messages))
    ciphertexts = await VaultRepository(runtime.database.sessions).get(wanted, tenant=principal.tenant)
    masker = runtime.conversations.privacy.masker
    # A value that cannot be decrypted raises VaultError here: nothing revealed, nothing audited.
    messages = [_revealed_message(masker, m, ciphertexts) for m in found.messages]
    opened = sorted(ciphertexts)
    record = {"conversation_id": conversation_id, "token_ids": opened, "count": len(opened)}
    await append_as_caller(runtime.audit, PII_REVEALED, record, principal.tenant)
    return RevealedConversationPublic(id=found.id, messages=messages, revealed=len(opened))


def _revealed_message(
    masker: Masker, message: Message, ciphertexts: dict[str, str]
) -> TranscriptMessagePublic:
    public = TranscriptMessagePublic.model_validate(message)
    return public.model_copy(update={"text": masker.reveal(message.text, ciphertexts)})
