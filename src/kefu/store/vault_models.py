"""Table: the PII vault, the sealed originals of values masked in `token` mode.

A masked text holds `[mobile#<token_id>]`; the row with that `token_id` holds the value
encrypted with the vault key (`kefu.safety.vault`). The store never sees a key or a value.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.models import DEFAULT_TENANT, Base, UtcDateTime, utcnow


class VaultRow(Base):
    """One sealed value, readable only within its tenant."""

    __tablename__ = "pii_vault"

    token_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), default=DEFAULT_TENANT, index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(32), index=True)
    type: Mapped[str] = mapped_column(String(32))
    ciphertext: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
