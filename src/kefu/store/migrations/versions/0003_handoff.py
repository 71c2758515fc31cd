"""human handoff: handoffs, callback tickets; agent_id on messages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _conversation_column() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "conversation_id",
        sa.String(32),
        sa.ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(32), primary_key=True),
        _conversation_column(),
        sa.Column("open_key", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("skill_group", sa.String(64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("agent_id", sa.String(64), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sla_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("open_key", name="uq_handoffs_open_key"),
    )
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_index("ix_handoffs_skill_group", "handoffs", ["skill_group"])
    op.create_table(
        "callback_tickets",
        sa.Column("id", sa.String(32), primary_key=True),
        _conversation_column(),
        sa.Column(
            "handoff_id", sa.String(32), sa.ForeignKey("handoffs.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("skill_group", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_callback_tickets_conversation_id", "callback_tickets", ["conversation_id"])
    op.create_index("ix_callback_tickets_status", "callback_tickets", ["status"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("agent_id", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("agent_id")
    op.drop_table("callback_tickets")
    op.drop_table("handoffs")
