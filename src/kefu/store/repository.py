"""Reading and writing conversations. Each turn is written in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from kefu.errors import InvalidInput, NotFound
from kefu.store.models import DEFAULT_TENANT, Conversation, Message, new_id, utcnow


@dataclass
class NewMessage:
    """A message about to be stored (the customer's, or the reply)."""

    role: str
    text: str
    route: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    citations: list[Any] = field(default_factory=list)
    handoff: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int | None = None
    kb_version: int | None = None
    id: str = field(default_factory=new_id)


def conversation_not_found(conversation_id: str) -> NotFound:
    return NotFound(
        "conversation_not_found",
        f"No conversation with id {conversation_id!r}.",
        f"找不到会话 {conversation_id!r}。",
    )


class ConversationRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def create(
        self,
        kb: str,
        user_id: str | None,
        channel: str | None,
        metadata: dict[str, Any],
        *,
        tenant: str = DEFAULT_TENANT,
        subject: str | None = None,
    ) -> Conversation:
        conversation = Conversation(
            id=new_id(),
            tenant=tenant,
            subject=subject,
            kb=kb,
            user_id=user_id,
            channel=channel,
            meta=metadata,
            state={},
            turns=0,
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        async with self.sessions.begin() as session:
            session.add(conversation)
        return conversation

    async def get(self, conversation_id: str, *, with_messages: bool = False) -> Conversation:
        query = select(Conversation).where(Conversation.id == conversation_id)
        if with_messages:
            query = query.options(selectinload(Conversation.messages))
        async with self.sessions() as session:
            conversation = (await session.execute(query)).scalar_one_or_none()
        if conversation is None:
            raise conversation_not_found(conversation_id)
        return conversation

    async def record_turn(
        self, conversation: Conversation, question: NewMessage, reply: NewMessage, state: dict[str, Any]
    ) -> None:
        """Store the customer's message, the reply and the new state together, or nothing.

        The turn counter doubles as an optimistic lock: if another turn of the same
        conversation was stored since `conversation` was read, this one is refused.
        """
        seen = conversation.turns
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id, Conversation.turns == seen)
                .values(turns=seen + 1, state=state, updated_at=utcnow())
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise InvalidInput(
                    "conversation_busy",
                    "Another message of this conversation was answered at the same time; please resend.",
                    "该会话的另一条消息刚刚被处理，请重新发送。",
                    status=409,
                )
            for offset, message in enumerate((question, reply)):
                session.add(message_row(conversation.id, 2 * seen + offset, message))
        conversation.turns = seen + 1
        conversation.state = state


def message_row(conversation_id: str, seq: int, message: NewMessage, agent_id: str | None = None) -> Message:
    """The stored form of a new message."""
    return Message(
        id=message.id,
        conversation_id=conversation_id,
        seq=seq,
        role=message.role,
        text=message.text,
        route=message.route,
        intent=message.intent,
        slots=message.slots,
        citations=message.citations,
        handoff=message.handoff,
        prompt_tokens=message.prompt_tokens,
        completion_tokens=message.completion_tokens,
        latency_ms=message.latency_ms,
        kb_version=message.kb_version,
        agent_id=agent_id,
        created_at=utcnow(),
    )
