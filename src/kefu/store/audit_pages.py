"""Reading the audit log a page at a time (the auditor's viewer): one tenant's entries, newest
first, filtered by time, kind and actor, each as `kefu audit export` writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.store.audit import as_utc, entry_dict
from kefu.store.audit_models import AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    """`since` <= ts < `until`; `kind` and `actor` match exactly; `None` leaves a criterion out."""

    tenant: str
    since: datetime | None = None
    until: datetime | None = None
    kind: str | None = None
    actor: str | None = None


async def audit_page(
    sessions: async_sessionmaker[AsyncSession], query: AuditQuery, limit: int, before_seq: int | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """Up to `limit` entries with seq < `before_seq`, newest first, and whether more follow."""
    statement = select(AuditEntry).where(AuditEntry.tenant == query.tenant)
    if query.since is not None:
        statement = statement.where(AuditEntry.ts >= as_utc(query.since))
    if query.until is not None:
        statement = statement.where(AuditEntry.ts < as_utc(query.until))
    if query.kind is not None:
        statement = statement.where(AuditEntry.kind == query.kind)
    if query.actor is not None:
        statement = statement.where(AuditEntry.actor == query.actor)
    if before_seq is not None:
        statement = statement.where(AuditEntry.seq < before_seq)
    statement = statement.order_by(AuditEntry.seq.desc()).limit(limit + 1)
    async with sessions() as session:
        rows = list(await session.scalars(statement))
    return [entry_dict(e) for e in rows[:limit]], len(rows) > limit
