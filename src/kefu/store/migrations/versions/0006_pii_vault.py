"""pii vault: the sealed originals of values masked in `token` mode

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key to conversations: a token is stored before the message that holds it,
    # and a row outliving its conversation holds only ciphertext.
    op.create_table(
        "pii_vault",
        sa.Column("token_id", sa.String(16), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pii_vault_tenant", "pii_vault", ["tenant"])
    op.create_index("ix_pii_vault_conversation_id", "pii_vault", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_pii_vault_conversation_id", table_name="pii_vault")
    op.drop_index("ix_pii_vault_tenant", table_name="pii_vault")
    op.drop_table("pii_vault")
