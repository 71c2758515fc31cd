"""Storing and reading the PII vault: sealed originals of masked values, by token id and tenant.

Values arrive already encrypted (`kefu.safety.masking.VaultEntry` fits `Sealed`); this module
only keeps them. A tenant reads only its own rows: another tenant's token is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.store.models import utcnow
from kefu.store.vault_models import VaultRow

CHUNK = 500  # ids per IN (...): well under every database's limit on bound parameters


class Sealed(Protocol):
    """A sealed value to keep: what `[type#token_id]` in a masked text stands for."""

    @property
    def token_id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def ciphertext(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SealedValue:
    """A plain `Sealed`, for callers without one of their own."""

    token_id: str
    type: str
    ciphertext: str


class VaultRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def put(self, entries: Iterable[Sealed], *, tenant: str, conversation_id: str | None) -> int:
        """Keep `entries` (in one transaction); a token id already stored is left as it is, so
        storing the same entries twice is harmless. Returns how many rows were added."""
        wanted = {entry.token_id: entry for entry in entries}
        if not wanted:
            return 0
        async with self.sessions.begin() as session:
            stored: set[str] = set()
            for ids in _chunks(sorted(wanted)):
                stored.update(
                    await session.scalars(select(VaultRow.token_id).where(VaultRow.token_id.in_(ids)))
                )
            now = utcnow()
            fresh = [entry for token_id, entry in wanted.items() if token_id not in stored]
            session.add_all(
                VaultRow(
                    token_id=entry.token_id,
                    tenant=tenant,
                    conversation_id=conversation_id,
                    type=entry.type,
                    ciphertext=entry.ciphertext,
                    created_at=now,
                )
                for entry in fresh
            )
        return len(fresh)

    async def get(self, token_ids: Iterable[str], *, tenant: str) -> dict[str, str]:
        """token id → ciphertext for the ids stored in `tenant` (others are left out)."""
        found: dict[str, str] = {}
        async with self.sessions() as session:
            for ids in _chunks(sorted(set(token_ids))):
                query = select(VaultRow.token_id, VaultRow.ciphertext).where(
                    VaultRow.token_id.in_(ids), VaultRow.tenant == tenant
                )
                found.update((row.token_id, row.ciphertext) for row in await session.execute(query))
        return found

    async def forget_conversation(self, conversation_id: str, *, tenant: str) -> int:
        """Delete a conversation's sealed values (its tokens can never be revealed again)."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(VaultRow).where(VaultRow.conversation_id == conversation_id, VaultRow.tenant == tenant)
            )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
