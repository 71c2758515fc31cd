"""Reading a tenant's conversations for the admin console: filtered pages of summaries, and one
conversation's full transcript with the ratings, annotations and handoffs of its messages.

A page is one query over `conversations` (the filters are EXISTS subqueries on the messages,
ratings and handoffs of each conversation, newest first by keyset), then a few grouped queries
over the ≤100 conversations of the page; nothing is computed per row in Python that SQL can do,
and every query is plain SQLAlchemy Core that runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.store.annotation_models import Annotation
from kefu.store.feedback_models import RATINGS, Feedback
from kefu.store.handoff_models import Handoff
from kefu.store.models import Conversation, Message
from kefu.store.repository import conversation_not_found

NO_INTENTS = ("", "none")  # stored for turns the NLU could not place
NONE = "none"  # the handoff state of a conversation never handed to a person
REQUESTED = "requested"  # a handoff answer without a handoff record (no handoff service)


@dataclass(frozen=True)
class ConversationFilter:
    """Which of a tenant's conversations to list; `None` leaves a criterion out.

    `route` and `intent` match a conversation with at least one message of that route or intent;
    `rating` one with at least one answer rated so; `handoff` one handed (or not) to a person;
    `since` <= start < `until`.
    """

    tenant: str
    kb: str | None = None  # the stored KB name
    route: str | None = None
    intent: str | None = None
    rating: str | None = None
    handoff: bool | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass
class ConversationSummary:
    id: str
    kb: str
    user_id: str | None
    channel: str | None
    started_at: datetime
    last_message_at: datetime | None
    message_count: int = 0
    last_route: str | None = None
    intents: list[str] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    handed_off: bool = False
    handoff_status: str = NONE  # none | requested | queued | claimed | released | closed | callback


@dataclass
class Transcript:
    conversation: Conversation
    messages: list[Message]
    feedback: dict[str, Feedback]  # by message id
    annotations: dict[str, Annotation]  # by message id
    handoffs: list[Handoff]  # oldest first


def _handed_off() -> ColumnElement[bool]:
    by_turn = exists().where(Message.conversation_id == Conversation.id, Message.handoff.is_(True))
    by_record = exists().where(Handoff.conversation_id == Conversation.id)
    return or_(by_turn, by_record)


def matching(criteria: ConversationFilter) -> Select[Conversation]:
    """The conversations the filter selects, newest first (ties broken by id)."""
    query = select(Conversation).where(Conversation.tenant == criteria.tenant)
    if criteria.kb is not None:
        query = query.where(Conversation.kb == criteria.kb)
    if criteria.since is not None:
        query = query.where(Conversation.created_at >= criteria.since)
    if criteria.until is not None:
        query = query.where(Conversation.created_at < criteria.until)
    if criteria.route is not None:
        query = query.where(
            exists().where(Message.conversation_id == Conversation.id, Message.route == criteria.route)
        )
    if criteria.intent is not None:
        query = query.where(
            exists().where(Message.conversation_id == Conversation.id, Message.intent == criteria.intent)
        )
    if criteria.rating is not None:
        query = query.where(
            exists().where(Feedback.conversation_id == Conversation.id, Feedback.rating == criteria.rating)
        )
    if criteria.handoff is not None:
        query = query.where(_handed_off() if criteria.handoff else not_(_handed_off()))
    return query.order_by(Conversation.created_at.desc(), Conversation.id.desc())


class ConversationBrowser:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def page(
        self, criteria: ConversationFilter, limit: int, after: tuple[datetime, str] | None = None
    ) -> tuple[list[ConversationSummary], bool]:
        """Up to `limit` summaries after the keyset `after` (started_at, id), and whether more follow."""
        query = matching(criteria)
        if after is not None:
            started, last_id = after
            query = query.where(
                or_(
                    Conversation.created_at < started,
                    and_(Conversation.created_at == started, Conversation.id < last_id),
                )
            )
        async with self.sessions() as session:
            rows = list(await session.scalars(query.limit(limit + 1)))
            page = rows[:limit]
            summaries = await _summaries(session, page)
        return summaries, len(rows) > limit

    async def transcript(self, conversation_id: str, tenant: str) -> Transcript:
        """The conversation of `tenant` with everything said in it (another tenant's: 404)."""
        async with self.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None or conversation.tenant != tenant:
                raise conversation_not_found(conversation_id)
            messages = await session.scalars(
                select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)
            )
            ratings = await session.scalars(
                select(Feedback).where(Feedback.conversation_id == conversation_id)
            )
            notes = await session.scalars(
                select(Annotation).where(Annotation.conversation_id == conversation_id)
            )
            handoffs = await session.scalars(
                select(Handoff)
                .where(Handoff.conversation_id == conversation_id)
                .order_by(Handoff.queued_at, Handoff.id)
            )
            return Transcript(
                conversation,
                list(messages),
                {f.message_id: f for f in ratings},
                {a.message_id: a for a in notes},
                list(handoffs),
            )


async def _summaries(session: AsyncSession, conversations: list[Conversation]) -> list[ConversationSummary]:
    summaries = {
        c.id: ConversationSummary(c.id, c.kb, c.user_id, c.channel, c.created_at, None) for c in conversations
    }
    if not summaries:
        return []
    ids = list(summaries)
    in_page = Message.conversation_id.in_(ids)
    counts = select(Message.conversation_id, func.count(), func.max(Message.created_at)).where(in_page)
    for conversation_id, count, last in await session.execute(counts.group_by(Message.conversation_id)):
        summaries[conversation_id].message_count = int(count)
        summaries[conversation_id].last_message_at = last
    for conversation_id, route in await session.execute(_last_routes(ids)):
        summaries[conversation_id].last_route = route
    intents = (
        select(Message.conversation_id, Message.intent, func.min(Message.seq).label("first"))
        .where(in_page, Message.intent.is_not(None), Message.intent.not_in(NO_INTENTS))
        .group_by(Message.conversation_id, Message.intent)
        .order_by("first")
    )
    for conversation_id, intent, _ in await session.execute(intents):
        summaries[conversation_id].intents.append(str(intent))
    ratings = (
        select(Feedback.conversation_id, Feedback.rating, func.count())
        .where(Feedback.conversation_id.in_(ids))
        .group_by(Feedback.conversation_id, Feedback.rating)
    )
    for conversation_id, rating, count in await session.execute(ratings):
        summaries[conversation_id].ratings[rating] = int(count)
    await _handoff_states(session, ids, summaries)
    return [summaries[c.id] for c in conversations]


def _last_routes(ids: list[str]) -> Select[str, Any]:
    """(conversation id, route of its latest message that has one)."""
    latest = (
        select(Message.conversation_id, func.max(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(ids), Message.route.is_not(None))
        .group_by(Message.conversation_id)
        .subquery()
    )
    return select(Message.conversation_id, Message.route).join(
        latest, and_(Message.conversation_id == latest.c.conversation_id, Message.seq == latest.c.seq)
    )


async def _handoff_states(
    session: AsyncSession, ids: list[str], summaries: dict[str, ConversationSummary]
) -> None:
    """The status of each conversation's latest handoff; `requested` for a handoff answer without one."""
    requested = select(Message.conversation_id).where(
        Message.conversation_id.in_(ids), Message.handoff.is_(True)
    )
    for conversation_id in set(await session.scalars(requested.distinct())):
        summaries[conversation_id].handed_off = True
        summaries[conversation_id].handoff_status = REQUESTED
    latest: dict[str, str] = {}
    records = (
        select(Handoff.conversation_id, Handoff.status)
        .where(Handoff.conversation_id.in_(ids))
        .order_by(Handoff.queued_at, Handoff.id)
    )
    for conversation_id, status in await session.execute(records):
        latest[conversation_id] = status  # the last one read is the latest
    for conversation_id, status in latest.items():
        summaries[conversation_id].handed_off = True
        summaries[conversation_id].handoff_status = status
