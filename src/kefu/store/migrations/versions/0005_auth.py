"""auth: api_keys; tenant on conversations and knowledge bases; the creating subject of conversations

Existing rows land in tenant "default" (server default). A tenant's KB is stored under
`tenant/name`, so KB name columns grow to 192 characters; SQLite does not enforce lengths and
is left as it is (rebuilding `knowledge_bases` there would cascade-delete its content).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KB_NAME_COLUMNS = (
    ("knowledge_bases", "name"),
    ("kb_files", "kb"),
    ("kb_chunks", "kb"),
    ("faq_versions", "kb"),
    ("kb_vectors", "kb"),
    ("conversations", "kb"),
)


def _tenant() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("tenant", sa.String(64), nullable=False, server_default="default")


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_keys_tenant", "api_keys", ["tenant"])
    op.add_column("conversations", _tenant())
    op.add_column("conversations", sa.Column("subject", sa.String(256), nullable=True))
    op.create_index("ix_conversations_tenant", "conversations", ["tenant"])
    op.add_column("knowledge_bases", _tenant())
    op.create_index("ix_knowledge_bases_tenant", "knowledge_bases", ["tenant"])
    if op.get_bind().dialect.name != "sqlite":
        for table, column in KB_NAME_COLUMNS:
            op.alter_column(table, column, type_=sa.String(192), existing_type=sa.String(64))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would cascade-delete the referencing rows.
    op.drop_index("ix_knowledge_bases_tenant", table_name="knowledge_bases")
    op.drop_column("knowledge_bases", "tenant")
    op.drop_index("ix_conversations_tenant", table_name="conversations")
    op.drop_column("conversations", "subject")
    op.drop_column("conversations", "tenant")
    op.drop_index("ix_api_keys_tenant", table_name="api_keys")
    op.drop_table("api_keys")
