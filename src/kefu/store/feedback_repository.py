"""Storing the customers' ratings of answers: one per answer, the latest one wins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.errors import InvalidInput, NotFound
from kefu.store.feedback_models import Feedback
from kefu.store.models import Message, new_id, utcnow

RATEABLE_ROLE = "assistant"  # kefu's answers; not the customer's messages, nor an agent's


@dataclass(frozen=True)
class Rated:
    """The stored rating, and the one it replaced (None when the answer was not rated before)."""

    feedback: Feedback
    previous: str | None


def message_not_found(message_id: str) -> NotFound:
    return NotFound(
        "message_not_found",
        f"No message with id {message_id!r} in this conversation.",
        f"该会话中没有消息 {message_id!r}。",
    )


def not_an_answer(message_id: str, role: str) -> InvalidInput:
    return InvalidInput(
        "not_an_answer",
        f"Only kefu's answers can be rated; message {message_id!r} is a {role} message.",
        f"只能评价客服机器人的回答；消息 {message_id!r} 不是机器人的回答。",
        status=422,
    )


class FeedbackRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def rate(
        self,
        conversation_id: str,
        message_id: str,
        rating: str,
        comment: str | None,
        *,
        tenant: str,
        subject: str | None,
    ) -> Rated:
        """Rate the answer `message_id` of the conversation, replacing an earlier rating of it.

        A message that is not in the conversation is 404; one that is not an answer, 422.
        """
        for attempt in (1, 2):
            try:
                return await self._upsert(conversation_id, message_id, rating, comment, tenant, subject)
            except IntegrityError:
                # Two first ratings of the same answer at once: the other one was stored; replace it.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _upsert(
        self,
        conversation_id: str,
        message_id: str,
        rating: str,
        comment: str | None,
        tenant: str,
        subject: str | None,
    ) -> Rated:
        async with self.sessions.begin() as session:
            message = await session.get(Message, message_id)
            if message is None or message.conversation_id != conversation_id:
                raise message_not_found(message_id)
            if message.role != RATEABLE_ROLE:
                raise not_an_answer(message_id, message.role)
            found = await session.scalar(select(Feedback).where(Feedback.message_id == message_id))
            now = utcnow()
            if found is None:
                found = Feedback(
                    id=new_id(),
                    message_id=message_id,
                    conversation_id=conversation_id,
                    tenant=tenant,
                    created_at=now,
                )
                session.add(found)
                previous = None
            else:
                previous = found.rating
            found.rating = rating
            found.comment = comment
            found.subject = subject
            found.updated_at = now
        return Rated(found, previous)

    async def of_conversation(self, conversation_id: str) -> list[Feedback]:
        """The conversation's ratings, oldest first."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Feedback)
                .where(Feedback.conversation_id == conversation_id)
                .order_by(Feedback.created_at)
            )
            return list(rows)
