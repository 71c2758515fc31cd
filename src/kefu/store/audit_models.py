"""Tables: the hash-chained audit log, its signed checkpoints, and kefu's own key/value facts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import Base, UtcDateTime, utcnow


class AuditEntry(Base):
    """One audited event. `hash` chains it to the entry before (see `kefu.store.audit`).

    Rows are never updated; they are deleted only by retention, up to a checkpoint.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    tenant: Mapped[str | None] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    actor_role: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    request_id: Mapped[str | None] = mapped_column(String(64))
    record: Mapped[str] = mapped_column(Text)  # canonical JSON: sorted keys, no spaces, UTF-8
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The chain's hash at `seq`, signed with the Ed25519 key kept outside the database."""

    __tablename__ = "audit_checkpoints"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    ts: Mapped[datetime] = mapped_column(UtcDateTime())
    signature: Mapped[str] = mapped_column(Text)  # base64
    key_id: Mapped[str] = mapped_column(String(64))


class Meta(Base):
    """Facts about the database itself, such as the environment it belongs to."""

    __tablename__ = "kefu_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
