"""Reading and writing handoffs, agent messages and callback tickets.

Every state change is one conditional UPDATE (`... WHERE status = 'queued'`), so two agents
claiming at once cannot both win, on SQLite or PostgreSQL, and no lock is held between a
read and a write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.errors import InvalidInput, NotFound
from kefu.store.handoff_models import (
    CALLBACK,
    CLAIMED,
    CLOSED,
    OPEN_STATUSES,
    QUEUED,
    RELEASED,
    CallbackTicket,
    Handoff,
)
from kefu.store.models import Conversation, Message, new_id, utcnow
from kefu.store.repository import NewMessage, conversation_not_found, message_row


@dataclass(frozen=True)
class QueueEntry:
    """A queued (or claimed) handoff and its place in its skill group's queue (1 = next)."""

    handoff: Handoff
    position: int


def handoff_not_found(conversation_id: str) -> NotFound:
    return NotFound(
        "handoff_not_found",
        f"Conversation {conversation_id!r} is not waiting for or held by an agent.",
        f"会话 {conversation_id!r} 没有待处理的人工服务请求。",
    )


def _claimed_by_other(agent_id: str | None) -> InvalidInput:
    return InvalidInput(
        "handoff_already_claimed",
        f"Another agent ({agent_id}) has already claimed this conversation.",
        f"该会话已被其他客服（{agent_id}）接入。",
        status=409,
    )


def _not_claimed() -> InvalidInput:
    return InvalidInput(
        "handoff_not_claimed",
        "Claim the conversation before writing to it or releasing it.",
        "请先接入该会话，再发送消息或释放。",
        status=409,
    )


def _not_yours(agent_id: str | None) -> InvalidInput:
    return InvalidInput(
        "handoff_not_yours",
        f"This conversation is held by another agent ({agent_id}).",
        f"该会话由其他客服（{agent_id}）处理中。",
        status=403,
    )


_ORDER = (Handoff.priority.desc(), Handoff.queued_at, Handoff.id)


def _conversations_of(tenant: Any) -> Any:
    """The ids of a tenant's conversations, as a subquery (`tenant`: a value or a scalar subquery)."""
    return select(Conversation.id).where(Conversation.tenant == tenant)


class HandoffRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def enqueue(
        self,
        conversation_id: str,
        *,
        reason: str,
        skill_group: str,
        priority: int,
        summary: str,
        context: dict[str, Any],
        sla_deadline: datetime,
    ) -> tuple[Handoff, bool]:
        """Queue the conversation for an agent: (the handoff, True), or (its open one, False)."""
        existing = await self.open_handoff(conversation_id)
        if existing is not None:
            return existing, False
        now = utcnow()
        handoff = Handoff(
            id=new_id(),
            conversation_id=conversation_id,
            open_key=conversation_id,
            status=QUEUED,
            reason=reason,
            skill_group=skill_group,
            priority=priority,
            summary=summary,
            context=context,
            queued_at=now,
            sla_deadline=sla_deadline,
            created_at=now,
            updated_at=now,
        )
        try:
            async with self.sessions.begin() as session:
                if await session.get(Conversation, conversation_id) is None:
                    raise conversation_not_found(conversation_id)
                session.add(handoff)
        except IntegrityError:  # queued at the same moment by another request: one wins
            existing = await self.open_handoff(conversation_id)
            if existing is None:
                raise
            return existing, False
        return handoff, True

    async def get(self, handoff_id: str) -> Handoff:
        async with self.sessions() as session:
            handoff = await session.get(Handoff, handoff_id)
        if handoff is None:
            raise NotFound(
                "handoff_not_found", f"No handoff {handoff_id!r}.", f"找不到转人工记录 {handoff_id!r}。"
            )
        return handoff

    async def open_handoff(self, conversation_id: str) -> Handoff | None:
        """The conversation's queued or claimed handoff, if any."""
        async with self.sessions() as session:
            query = select(Handoff).where(Handoff.open_key == conversation_id)
            return (await session.execute(query)).scalar_one_or_none()

    async def latest(self, conversation_id: str) -> Handoff | None:
        """The conversation's newest handoff, open or not."""
        query = (
            select(Handoff)
            .where(Handoff.conversation_id == conversation_id)
            .order_by(Handoff.created_at.desc(), Handoff.id.desc())
            .limit(1)
        )
        async with self.sessions() as session:
            return (await session.execute(query)).scalar_one_or_none()

    async def queue(
        self, skill_group: str | None = None, statuses: tuple[str, ...] = (QUEUED,), tenant: str | None = None
    ) -> list[QueueEntry]:
        """Handoffs (of every tenant, or of one) by priority (highest first), then age; `position`
        counts within the skill group among queued handoffs (claimed ones have position 0)."""
        query = select(Handoff).where(Handoff.status.in_(statuses)).order_by(*_ORDER)
        if skill_group is not None:
            query = query.where(Handoff.skill_group == skill_group)
        if tenant is not None:
            query = query.where(Handoff.conversation_id.in_(_conversations_of(tenant)))
        async with self.sessions() as session:
            rows = list((await session.execute(query)).scalars())
        seen: dict[str, int] = {}
        entries = []
        for handoff in rows:
            position = 0
            if handoff.status == QUEUED:
                position = seen[handoff.skill_group] = seen.get(handoff.skill_group, 0) + 1
            entries.append(QueueEntry(handoff, position))
        return entries

    async def position(self, handoff: Handoff) -> int:
        """1 + the queued handoffs of the same tenant and skill group served before this one; 0 unless
        queued."""
        if handoff.status != QUEUED:
            return 0
        tenant = select(Conversation.tenant).where(Conversation.id == handoff.conversation_id)
        ahead = (
            select(func.count())
            .select_from(Handoff)
            .where(Handoff.status == QUEUED, Handoff.skill_group == handoff.skill_group)
            .where(Handoff.conversation_id.in_(_conversations_of(tenant.scalar_subquery())))
            .where(
                (Handoff.priority > handoff.priority)
                | ((Handoff.priority == handoff.priority) & (Handoff.queued_at < handoff.queued_at))
                | (
                    (Handoff.priority == handoff.priority)
                    & (Handoff.queued_at == handoff.queued_at)
                    & (Handoff.id < handoff.id)
                )
            )
        )
        async with self.sessions() as session:
            return int((await session.execute(ahead)).scalar_one()) + 1

    async def mean_wait_s(self, skill_group: str, recent: int = 20) -> float | None:
        """Mean queue wait of the skill group's last `recent` claimed handoffs (None: no history)."""
        query = (
            select(Handoff.queued_at, Handoff.claimed_at)
            .where(Handoff.skill_group == skill_group, Handoff.claimed_at.is_not(None))
            .order_by(Handoff.claimed_at.desc())
            .limit(recent)
        )
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        waits = [(claimed - queued).total_seconds() for queued, claimed in rows if claimed]
        return sum(waits) / len(waits) if waits else None

    async def claim(self, conversation_id: str, agent_id: str) -> Handoff:
        """Give the queued conversation to `agent_id`; claiming one's own again is a no-op.

        Raises 409 `handoff_already_claimed` when another agent won, 404 when nothing is queued.
        """
        now = utcnow()
        won = await self._transition(
            update(Handoff)
            .where(Handoff.open_key == conversation_id, Handoff.status == QUEUED)
            .values(status=CLAIMED, agent_id=agent_id, claimed_at=now, updated_at=now)
        )
        handoff = await self._open_or_404(conversation_id)
        if not won and handoff.agent_id != agent_id:
            raise _claimed_by_other(handoff.agent_id)
        return handoff

    async def release(self, conversation_id: str, agent_id: str) -> Handoff:
        """Hand the conversation back to the bot (only the agent holding it may)."""
        return await self._finish(conversation_id, agent_id, RELEASED, "released_at")

    async def close(self, conversation_id: str, agent_id: str) -> Handoff:
        """End the handoff: a queued one by any agent, a claimed one by its agent."""
        return await self._finish(conversation_id, agent_id, CLOSED, "closed_at", queued_too=True)

    async def _finish(
        self, conversation_id: str, agent_id: str, status: str, stamp: str, *, queued_too: bool = False
    ) -> Handoff:
        handoff = await self._open_or_404(conversation_id)
        if handoff.status == QUEUED and not queued_too:
            raise _not_claimed()
        if handoff.status == CLAIMED and handoff.agent_id != agent_id:
            raise _not_yours(handoff.agent_id)
        now = utcnow()
        done = await self._transition(
            update(Handoff)
            .where(Handoff.id == handoff.id, Handoff.status == handoff.status)  # claims never change hands
            .values({"status": status, "open_key": None, "agent_id": agent_id, stamp: now, "updated_at": now})
        )
        if not done:  # claimed or finished by someone else meanwhile
            await self._check_holder(conversation_id, agent_id)
        return await self.get(handoff.id)

    async def add_agent_message(self, conversation_id: str, agent_id: str, text: str) -> Message:
        """Store the agent's message in the conversation (only the agent holding it may write)."""
        async with self.sessions.begin() as session:
            # A write first: it proves the agent holds the conversation and locks the row until commit.
            held = await session.execute(
                update(Handoff)
                .where(
                    Handoff.open_key == conversation_id,
                    Handoff.status == CLAIMED,
                    Handoff.agent_id == agent_id,
                )
                .values(updated_at=utcnow())
            )
            if held.rowcount == 1:  # type: ignore[attr-defined]
                return await self._append(session, conversation_id, NewMessage("agent", text), agent_id)
        await self._check_holder(conversation_id, agent_id)
        raise AssertionError("unreachable: _check_holder raises")  # pragma: no cover

    async def append_message(
        self, conversation_id: str, message: NewMessage, agent_id: str | None = None
    ) -> Message:
        """Store one message outside a bot turn (an agent's, or the customer's while an agent holds
        the conversation). It takes the next turn's first sequence number, so the bot's later turns
        (`seq = 2 * turns`) never collide with it."""
        async with self.sessions.begin() as session:
            return await self._append(session, conversation_id, message, agent_id)

    async def _append(
        self, session: AsyncSession, conversation_id: str, message: NewMessage, agent_id: str | None
    ) -> Message:
        now = utcnow()
        bumped = await session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(turns=Conversation.turns + 1, updated_at=now)
        )
        if bumped.rowcount != 1:  # type: ignore[attr-defined]
            raise conversation_not_found(conversation_id)
        turns = (
            await session.execute(select(Conversation.turns).where(Conversation.id == conversation_id))
        ).scalar_one()
        row = message_row(conversation_id, 2 * (turns - 1), message, agent_id)
        session.add(row)
        return row

    async def messages_after(self, conversation_id: str, after_seq: int) -> list[Message]:
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
            .order_by(Message.seq)
        )
        async with self.sessions() as session:
            return list((await session.execute(query)).scalars())

    async def update_summary(self, handoff_id: str, summary: str, source: str) -> None:
        async with self.sessions.begin() as session:
            handoff = await session.get(Handoff, handoff_id)
            if handoff is not None:
                handoff.summary = summary
                handoff.context = {**handoff.context, "summary_source": source}
                handoff.updated_at = utcnow()

    async def create_callback(
        self, conversation_id: str, phone: str | None, note: str
    ) -> tuple[CallbackTicket, Handoff | None]:
        """A callback ticket; a queued handoff of the conversation leaves the queue for it.

        Refused (409) while an agent holds the conversation.
        """
        now = utcnow()
        async with self.sessions.begin() as session:
            if await session.get(Conversation, conversation_id) is None:
                raise conversation_not_found(conversation_id)
            query = select(Handoff).where(Handoff.open_key == conversation_id)
            handoff = (await session.execute(query)).scalar_one_or_none()
            if handoff is not None and handoff.status == CLAIMED:
                raise InvalidInput(
                    "handoff_in_progress",
                    "An agent is already serving this conversation.",
                    "客服已接入该会话，无需回电。",
                    status=409,
                )
            if handoff is not None:
                handoff.status = CALLBACK
                handoff.open_key = None
                handoff.updated_at = now
            ticket = CallbackTicket(
                id=new_id(),
                conversation_id=conversation_id,
                handoff_id=handoff.id if handoff else None,
                phone=phone,
                note=note,
                skill_group=handoff.skill_group if handoff else None,
                status="open",
                created_at=now,
            )
            session.add(ticket)
        return ticket, handoff

    async def callbacks(self, status: str = "open", tenant: str | None = None) -> list[CallbackTicket]:
        """Callback tickets (of every tenant, or of one), oldest first."""
        query = (
            select(CallbackTicket).where(CallbackTicket.status == status).order_by(CallbackTicket.created_at)
        )
        if tenant is not None:
            query = query.where(CallbackTicket.conversation_id.in_(_conversations_of(tenant)))
        async with self.sessions() as session:
            return list((await session.execute(query)).scalars())

    async def _transition(self, statement: Any) -> bool:
        async with self.sessions.begin() as session:
            result = await session.execute(statement)
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def _open_or_404(self, conversation_id: str) -> Handoff:
        handoff = await self.open_handoff(conversation_id)
        if handoff is None:
            await self._require_conversation(conversation_id)
            raise handoff_not_found(conversation_id)
        return handoff

    async def _check_holder(self, conversation_id: str, agent_id: str) -> None:
        """Raise why `agent_id` may not act on the conversation's handoff."""
        handoff = await self._open_or_404(conversation_id)
        if handoff.status == QUEUED:
            raise _not_claimed()
        if handoff.agent_id != agent_id:
            raise _not_yours(handoff.agent_id)
        raise _not_claimed()  # pragma: no cover - it changed under us; the caller may retry

    async def _require_conversation(self, conversation_id: str) -> None:
        async with self.sessions() as session:
            if await session.get(Conversation, conversation_id) is None:
                raise conversation_not_found(conversation_id)


__all__ = ["OPEN_STATUSES", "HandoffRepository", "QueueEntry"]
