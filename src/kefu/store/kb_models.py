"""Tables of the knowledge bases: files, document chunks, governed FAQ versions, vectors.

The database is the source of truth; the vector index and the BM25 index are derived from
it per knowledge-base `version`, which every content change increments in the same
transaction, so a reader always sees one consistent version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import DEFAULT_TENANT, Base, UtcDateTime, utcnow

FAQ_STATUSES = ("draft", "approved", "retired", "superseded")


class KnowledgeBaseRow(Base):
    __tablename__ = "knowledge_bases"

    name: Mapped[str] = mapped_column(String(192), primary_key=True)  # `kb_key(tenant, name)`
    tenant: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TENANT, server_default=DEFAULT_TENANT, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # calibrated thresholds, fusion
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class KbFile(Base):
    """One ingested file; `sha256` of its bytes makes re-ingesting an unchanged file a no-op."""

    __tablename__ = "kb_files"
    __table_args__ = (UniqueConstraint("kb", "name", name="uq_kb_files_kb_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kb: Mapped[str] = mapped_column(ForeignKey("knowledge_bases.name", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # faq | document
    size_bytes: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)  # chunks or FAQ entries
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class KbChunk(Base):
    """A retrievable piece of a document."""

    __tablename__ = "kb_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kb: Mapped[str] = mapped_column(ForeignKey("knowledge_bases.name", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("kb_files.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    heading_path: Mapped[list[Any]] = mapped_column(JSON, default=list)
    page: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class FaqVersion(Base):
    """One version of a FAQ entry. The served one: the newest `approved` version in effect."""

    __tablename__ = "faq_versions"
    __table_args__ = (UniqueConstraint("kb", "faq_id", "version", name="uq_faq_versions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kb: Mapped[str] = mapped_column(ForeignKey("knowledge_bases.name", ondelete="CASCADE"), index=True)
    faq_id: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(128))
    similar_questions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("kb_files.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(512))  # the file it came from, or "api"
    author: Mapped[str | None] = mapped_column(String(128))
    approved_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class KbVector(Base):
    """An embedded text: a chunk, one phrasing of a FAQ question, or a FAQ answer. `id` is the vector key."""

    __tablename__ = "kb_vectors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kb: Mapped[str] = mapped_column(ForeignKey("knowledge_bases.name", ondelete="CASCADE"), index=True)
    chunk_id: Mapped[int | None] = mapped_column(ForeignKey("kb_chunks.id", ondelete="CASCADE"), index=True)
    faq_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("faq_versions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))  # chunk | question | answer
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String(64))
    embedding: Mapped[bytes] = mapped_column(LargeBinary)  # float32, L2-normalised
