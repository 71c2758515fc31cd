"""knowledge bases: files, chunks, governed FAQ versions, vectors; kb_version on messages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _kb_column() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "kb", sa.String(64), sa.ForeignKey("knowledge_bases.name", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "knowledge_bases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kb_files",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _kb_column(),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kb", "name", name="uq_kb_files_kb_name"),
    )
    op.create_index("ix_kb_files_kb", "kb_files", ["kb"])
    op.create_table(
        "kb_chunks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _kb_column(),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("kb_files.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading_path", sa.JSON(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_kb_chunks_kb", "kb_chunks", ["kb"])
    op.create_index("ix_kb_chunks_file_id", "kb_chunks", ["file_id"])
    op.create_table(
        "faq_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _kb_column(),
        sa.Column("faq_id", sa.String(128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("category", sa.String(128), nullable=True),
        sa.Column("similar_questions", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("kb_files.id", ondelete="SET NULL"), nullable=True),
        sa.Column("source", sa.String(512), nullable=False),
        sa.Column("author", sa.String(128), nullable=True),
        sa.Column("approved_by", sa.String(128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kb", "faq_id", "version", name="uq_faq_versions"),
    )
    op.create_index("ix_faq_versions_kb", "faq_versions", ["kb"])
    op.create_table(
        "kb_vectors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _kb_column(),
        sa.Column("chunk_id", sa.Integer(), sa.ForeignKey("kb_chunks.id", ondelete="CASCADE"), nullable=True),
        sa.Column(
            "faq_row_id",
            sa.Integer(),
            sa.ForeignKey("faq_versions.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_kb_vectors_kb", "kb_vectors", ["kb"])
    op.create_index("ix_kb_vectors_chunk_id", "kb_vectors", ["chunk_id"])
    op.create_index("ix_kb_vectors_faq_row_id", "kb_vectors", ["faq_row_id"])
    op.create_index("ix_kb_vectors_text_sha256", "kb_vectors", ["text_sha256"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("kb_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("kb_version")
    for table in ("kb_vectors", "faq_versions", "kb_chunks", "kb_files", "knowledge_bases"):
        op.drop_table(table)
