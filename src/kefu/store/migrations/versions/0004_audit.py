"""audit log: hash-chained audit_entries, signed audit_checkpoints; kefu_meta (environment tag)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Append-only by contract: kefu never updates these rows and deletes only when pruning
    # (docs/security.md). Tampering by someone with database access is detected by
    # `kefu audit verify`, not prevented; on PostgreSQL an operator may also REVOKE
    # UPDATE, DELETE on audit_entries from the application role.
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("actor_role", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_entries_ts", "audit_entries", ["ts"])
    op.create_index("ix_audit_entries_kind", "audit_entries", ["kind"])
    op.create_index("ix_audit_entries_tenant", "audit_entries", ["tenant"])
    op.create_table(
        "audit_checkpoints",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "kefu_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kefu_meta")
    op.drop_table("audit_checkpoints")
    op.drop_index("ix_audit_entries_tenant", table_name="audit_entries")
    op.drop_index("ix_audit_entries_kind", table_name="audit_entries")
    op.drop_index("ix_audit_entries_ts", table_name="audit_entries")
    op.drop_table("audit_entries")
