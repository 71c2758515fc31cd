"""Storing the annotation queue: kefu's answers queued for review, and the labels people give them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from kefu.errors import InvalidInput, NotFound
from kefu.store.annotation_models import DONE, OPEN, THUMBS_DOWN, Annotation
from kefu.store.feedback_models import DOWN, Feedback
from kefu.store.models import Conversation, Message, new_id, utcnow

ANSWER_ROLE = "assistant"
COLLECTED_ROUTES = ("refuse", "clarify")


@dataclass(frozen=True)
class Label:
    """What a reviewer says of an answer."""

    label: str
    corrected_answer: str | None = None
    expected_faq_id: str | None = None
    expected_source: str | None = None


@dataclass(frozen=True)
class AnnotationItem:
    """A queued answer with what a reviewer needs beside it: the question, the customer's rating."""

    annotation: Annotation
    answer: Message
    question: str | None  # the customer's message the answer replied to
    rating: str | None
    comment: str | None  # the rating's comment, masked as stored


def annotation_not_found(annotation_id: str) -> NotFound:
    return NotFound(
        "annotation_not_found", f"No annotation with id {annotation_id!r}.", f"找不到标注 {annotation_id!r}。"
    )


def answer_not_found(message_id: str) -> NotFound:
    return NotFound(
        "message_not_found", f"No message with id {message_id!r}.", f"找不到消息 {message_id!r}。"
    )


class AnnotationRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def enqueue(self, tenant: str, message_id: str, reason: str, created_by: str) -> AnnotationItem:
        """Queue the answer `message_id` of one of the tenant's conversations.

        404 when there is no such message in the tenant, 422 when it is not kefu's answer,
        409 when it is queued already.
        """
        try:
            async with self.sessions.begin() as session:
                message = await session.get(Message, message_id)
                conversation = await session.get(Conversation, message.conversation_id) if message else None
                if message is None or conversation is None or conversation.tenant != tenant:
                    raise answer_not_found(message_id)
                if message.role != ANSWER_ROLE:
                    raise InvalidInput(
                        "not_an_answer",
                        f"Only kefu's answers can be annotated; message {message_id!r} is a {message.role} "
                        "message.",
                        f"只能标注机器人的回答；消息 {message_id!r} 不是机器人的回答。",
                        status=422,
                    )
                queued = await session.scalar(
                    select(Annotation.id).where(Annotation.message_id == message_id)
                )
                if queued is not None:
                    raise _already_queued(message_id, queued)
                annotation = _new(tenant, message.conversation_id, message_id, reason, created_by)
                session.add(annotation)
        except IntegrityError:  # queued at the same moment by someone else
            raise _already_queued(message_id, None) from None
        return await self.get(tenant, annotation.id)

    async def collect(self, tenant: str, since: datetime, created_by: str, limit: int) -> list[Annotation]:
        """Queue (up to `limit` of) the tenant's answers given since `since` that got a thumbs-down
        or were a refusal or a clarifying question, and are not queued yet; oldest first."""
        for attempt in (1, 2):
            try:
                async with self.sessions.begin() as session:
                    rows = (await session.execute(_collectable(tenant, since).limit(limit))).all()
                    added = [
                        _new(tenant, conversation_id, message_id, _reason(route, rating), created_by)
                        for message_id, conversation_id, route, rating in rows
                    ]
                    session.add_all(added)
                return added
            except IntegrityError:  # another collect queued some of them first: look again
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def get(self, tenant: str, annotation_id: str) -> AnnotationItem:
        async with self.sessions() as session:
            row = (await session.execute(_items(tenant).where(Annotation.id == annotation_id))).first()
        if row is None:
            raise annotation_not_found(annotation_id)
        return AnnotationItem(*row)

    async def page(
        self,
        tenant: str,
        status: str | None,
        reason: str | None,
        limit: int,
        after: tuple[datetime, str] | None = None,
    ) -> tuple[list[AnnotationItem], bool]:
        """The queue oldest first (by when queued), `limit` at a time after the keyset `after`,
        only those of `status` and queued for `reason` where given."""
        query = _items(tenant)
        if status is not None:
            query = query.where(Annotation.status == status)
        if reason is not None:
            query = query.where(Annotation.reason == reason)
        if after is not None:
            queued, last_id = after
            query = query.where(
                or_(
                    Annotation.created_at > queued,
                    and_(Annotation.created_at == queued, Annotation.id > last_id),
                )
            )
        query = query.order_by(Annotation.created_at, Annotation.id).limit(limit + 1)
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        return [AnnotationItem(*row) for row in rows[:limit]], len(rows) > limit

    async def label(self, tenant: str, annotation_id: str, label: Label, annotated_by: str) -> AnnotationItem:
        """Label the answer (again): the annotation is done, by `annotated_by`, now."""
        now = utcnow()
        async with self.sessions.begin() as session:
            changed = await session.execute(
                update(Annotation)
                .where(Annotation.id == annotation_id, Annotation.tenant == tenant)
                .values(
                    status=DONE,
                    label=label.label,
                    corrected_answer=label.corrected_answer,
                    expected_faq_id=label.expected_faq_id,
                    expected_source=label.expected_source,
                    annotated_by=annotated_by,
                    annotated_at=now,
                    updated_at=now,
                )
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                raise annotation_not_found(annotation_id)
        return await self.get(tenant, annotation_id)


def _new(tenant: str, conversation_id: str, message_id: str, reason: str, created_by: str) -> Annotation:
    now = utcnow()
    return Annotation(
        id=new_id(),
        tenant=tenant,
        conversation_id=conversation_id,
        message_id=message_id,
        reason=reason,
        status=OPEN,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )


def _already_queued(message_id: str, annotation_id: str | None) -> InvalidInput:
    which = f" as {annotation_id}" if annotation_id else ""
    return InvalidInput(
        "annotation_exists",
        f"Message {message_id!r} is already in the annotation queue{which}.",
        f"消息 {message_id!r} 已在标注队列中。",
        status=409,
    )


def _reason(route: str | None, rating: str | None) -> str:
    return THUMBS_DOWN if rating == DOWN else str(route)


def _collectable(tenant: str, since: datetime) -> Select[str, str, str | None, str | None]:
    return (
        select(Message.id, Message.conversation_id, Message.route, Feedback.rating)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .outerjoin(Feedback, Feedback.message_id == Message.id)
        .where(
            Conversation.tenant == tenant,
            Message.role == ANSWER_ROLE,
            Message.created_at >= since,
            or_(Feedback.rating == DOWN, Message.route.in_(COLLECTED_ROUTES)),
            ~exists().where(Annotation.message_id == Message.id),
        )
        .order_by(Message.created_at, Message.id)
    )


def _items(tenant: str) -> Select[Annotation, Message, str, str, str | None]:
    """Annotations of the tenant with their answer, question and rating."""
    question = aliased(Message)
    return (
        select(Annotation, Message, question.text, Feedback.rating, Feedback.comment)
        .join(Message, Message.id == Annotation.message_id)
        .outerjoin(
            question,
            and_(
                question.conversation_id == Message.conversation_id,
                question.seq == Message.seq - 1,
                question.role == "user",
            ),
        )
        .outerjoin(Feedback, Feedback.message_id == Annotation.message_id)
        .where(Annotation.tenant == tenant)
    )
