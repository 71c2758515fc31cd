"""Table: the customer's rating of an answer (thumbs up or down, with an optional comment)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import DEFAULT_TENANT, Base, UtcDateTime, new_id, utcnow

UP = "up"
DOWN = "down"
RATINGS = (UP, DOWN)


class Feedback(Base):
    """One rating per answer: rating it again replaces the previous rating (`message_id` is unique)."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("message_id", name="uq_feedback_message_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    tenant: Mapped[str] = mapped_column(String(64), default=DEFAULT_TENANT, index=True)
    rating: Mapped[str] = mapped_column(String(8))  # up | down
    comment: Mapped[str | None] = mapped_column(Text)  # masked like every stored customer text
    subject: Mapped[str | None] = mapped_column(String(256))  # who rated
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
