"""Tables: handoffs of conversations to human agents, and callback tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import Base, UtcDateTime, new_id, utcnow

QUEUED = "queued"
CLAIMED = "claimed"
RELEASED = "released"
CLOSED = "closed"
CALLBACK = "callback"
OPEN_STATUSES = (QUEUED, CLAIMED)


class Handoff(Base):
    """One request for a person: queued, claimed by an agent, then released to the bot or closed.

    `open_key` holds the conversation id while the handoff is open and NULL afterwards; its
    unique constraint allows one open handoff per conversation on any database (NULLs never
    collide), without a partial index.
    """

    __tablename__ = "handoffs"
    __table_args__ = (UniqueConstraint("open_key", name="uq_handoffs_open_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    open_key: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    skill_group: Mapped[str] = mapped_column(String(64), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    agent_id: Mapped[str | None] = mapped_column(String(64))
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sla_deadline: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CallbackTicket(Base):
    """A customer asked to be called back (no agent online, or they did not want to wait)."""

    __tablename__ = "callback_tickets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    handoff_id: Mapped[str | None] = mapped_column(ForeignKey("handoffs.id", ondelete="SET NULL"))
    phone: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    skill_group: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
