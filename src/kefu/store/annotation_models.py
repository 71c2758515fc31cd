"""Table: the annotation queue (kefu's answers queued for a person to judge), and the indexes
the admin console's conversation browser relies on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import DEFAULT_TENANT, Base, Conversation, Message, UtcDateTime, new_id, utcnow

OPEN = "open"
DONE = "done"
STATUSES = (OPEN, DONE)
# What a reviewer says of an answer.
LABELS = ("correct", "wrong_answer", "should_refuse", "should_answer", "handoff_needed")
# Why an answer was queued: by hand, or collected (a thumbs-down, a refusal, a clarifying question).
MANUAL = "manual"
THUMBS_DOWN = "thumbs_down"
REASONS = (MANUAL, THUMBS_DOWN, "refuse", "clarify")


class Annotation(Base):
    """One answer in the queue: open until labelled, then done (labelling again replaces the label).

    An answer is queued at most once (`message_id` is unique), whoever queues it.
    """

    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("message_id", name="uq_annotations_message_id"),
        Index("ix_annotations_tenant_status_created_at", "tenant", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant: Mapped[str] = mapped_column(String(64), default=DEFAULT_TENANT)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))  # manual | thumbs_down | refuse | clarify
    status: Mapped[str] = mapped_column(String(8), default=OPEN)  # open | done
    label: Mapped[str | None] = mapped_column(String(32))
    corrected_answer: Mapped[str | None] = mapped_column(Text)
    expected_faq_id: Mapped[str | None] = mapped_column(String(128))
    expected_source: Mapped[str | None] = mapped_column(String(256))
    created_by: Mapped[str] = mapped_column(String(256))  # who queued it
    annotated_by: Mapped[str | None] = mapped_column(String(256))  # who labelled it
    annotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


# Declared here (migration 0008 creates them) so that the metadata knows them: the browser lists
# a tenant's conversations newest first, and `collect` finds refusals and clarifications by time.
Index("ix_conversations_tenant_created_at", Conversation.tenant, Conversation.created_at)
Index("ix_messages_route_created_at", Message.route, Message.created_at)
