"""annotations: the queue of answers for review; indexes of the admin conversation browser

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column(
            "conversation_id",
            sa.String(32),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "message_id", sa.String(32), sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("label", sa.String(32), nullable=True),
        sa.Column("corrected_answer", sa.Text(), nullable=True),
        sa.Column("expected_faq_id", sa.String(128), nullable=True),
        sa.Column("expected_source", sa.String(256), nullable=True),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("annotated_by", sa.String(256), nullable=True),
        sa.Column("annotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("message_id", name="uq_annotations_message_id"),
    )
    op.create_index("ix_annotations_conversation_id", "annotations", ["conversation_id"])
    op.create_index(
        "ix_annotations_tenant_status_created_at", "annotations", ["tenant", "status", "created_at"]
    )
    # The conversation browser pages a tenant's conversations newest first; `collect` looks for
    # refusals and clarifications by time.
    op.create_index("ix_conversations_tenant_created_at", "conversations", ["tenant", "created_at"])
    op.create_index("ix_messages_route_created_at", "messages", ["route", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_messages_route_created_at", table_name="messages")
    op.drop_index("ix_conversations_tenant_created_at", table_name="conversations")
    op.drop_index("ix_annotations_tenant_status_created_at", table_name="annotations")
    op.drop_index("ix_annotations_conversation_id", table_name="annotations")
    op.drop_table("annotations")
