"""API keys of service accounts: created once (the key is shown then and never again), stored as
a SHA-256 hash, looked up by the id inside the key, revoked by setting `revoked_at`.

A key reads `kefu_<id>_<secret>`: 12 hex characters of id, 32 random bytes of secret. A hash
without salt or stretching is enough for 256 bits of randomness (nothing to guess).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.errors import InvalidInput, NotFound
from kefu.store.auth_models import ApiKey, check_role, check_tenant, scopes_for
from kefu.store.models import utcnow

KEY_PREFIX = "kefu_"
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedKey:
    """A new key: `secret` is the whole key, the only time it exists outside the caller."""

    row: ApiKey
    secret: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_id_of(key: str) -> str | None:
    """The id inside a presented key, or None when it does not look like one of ours."""
    if not key.startswith(KEY_PREFIX):
        return None
    key_id, underscore, secret = key.removeprefix(KEY_PREFIX).partition("_")
    return key_id if underscore and key_id and secret else None


def key_not_found(key_id: str) -> NotFound:
    return NotFound("key_not_found", f"No API key {key_id!r}.", f"找不到 API 密钥 {key_id!r}。")


class KeyRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def create(
        self, role: str, tenant: str, name: str = "", scopes: list[str] | None = None
    ) -> CreatedKey:
        """A new key for `role` in `tenant`; `scopes` narrows the role's (None: all of them). The
        granted scopes are stored: a key never gains a scope its role gets later."""
        check_role(role)
        check_tenant(tenant)
        key_id = secrets.token_hex(6)
        secret = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        granted = sorted(scopes_for(role, scopes))
        if not granted:
            raise InvalidInput(
                "invalid_scopes",
                f"None of the scopes {scopes} belongs to role {role!r}.",
                f"所列权限 {scopes} 都不属于角色 {role!r}。",
            )
        row = ApiKey(
            id=key_id,
            tenant=tenant,
            name=name,
            role=role,
            scopes=granted,
            key_hash=hash_key(secret),
            created_at=utcnow(),
        )
        async with self.sessions.begin() as session:
            session.add(row)
        return CreatedKey(row, secret)

    async def verify(self, presented: str) -> ApiKey | None:
        """The live key `presented` is, or None (unknown, wrong secret or revoked); notes its use."""
        key_id = key_id_of(presented)
        if key_id is None:
            return None
        async with self.sessions() as session:
            row = await session.get(ApiKey, key_id)
        if row is None or not hmac.compare_digest(row.key_hash, hash_key(presented)):
            return None
        if row.revoked_at is not None:
            return None
        now = utcnow()
        last = row.last_used_at
        if last is None or now - (last if last.tzinfo else last.replace(tzinfo=UTC)) > LAST_USED_EVERY:
            async with self.sessions.begin() as session:  # at most one write a minute per key
                await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))
            row.last_used_at = now
        return row

    async def list(self, tenant: str | None = None) -> list[ApiKey]:
        """Every key (or one tenant's), oldest first; revoked ones included."""
        query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
        if tenant is not None:
            query = query.where(ApiKey.tenant == tenant)
        async with self.sessions() as session:
            return list((await session.scalars(query)).all())

    async def revoke(self, key_id: str, tenant: str | None = None) -> ApiKey:
        """Revoke a key (of `tenant` only, when given: another tenant's key is not found)."""
        async with self.sessions.begin() as session:
            row = await session.get(ApiKey, key_id)
            if row is None or (tenant is not None and row.tenant != tenant):
                raise key_not_found(key_id)
            if row.revoked_at is None:
                row.revoked_at = utcnow()
        return row
