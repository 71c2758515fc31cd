"""Roles, scopes and tenants, and the table of API keys (service accounts).

`ROLE_SCOPES` is the one place that says what each role may do; the API checks scopes,
never role names. A token or key may carry fewer scopes than its role (never more).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.errors import InvalidInput
from kefu.store.models import DEFAULT_TENANT, Base, UtcDateTime, utcnow

CHAT = "chat"  # create conversations, send messages, read one's own conversations
CONVERSATIONS_READ = "conversations:read"  # read every conversation of the tenant
AGENT = "agent"  # the handoff queue: claim, answer, release, close
KB_READ = "kb:read"  # list, read, search, export knowledge bases
KB_WRITE = "kb:write"  # create, delete, ingest, edit and approve FAQ entries
KEYS_MANAGE = "keys:manage"  # create, list and revoke API keys
AUDIT_READ = "audit:read"  # read and verify the audit log
ENGINE_RAW = "engine:raw"  # the raw LLM through /v1/chat/completions, past the dialogue pipeline
PII_READ = "pii:read"  # reveal the originals of `token`-mode masked values (every reveal is audited)
ANNOTATE = "annotations:write"  # queue answers for review and label them (the annotation queue)
SETTINGS_READ = "settings:read"  # the effective settings, secrets redacted

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "customer": frozenset({CHAT}),
    "agent": frozenset({AGENT, KB_READ}),
    # A token or key can only narrow its role, so revealing PII is a role of its own.
    "agent_privileged": frozenset({AGENT, KB_READ, PII_READ}),
    "kb_editor": frozenset({KB_READ, KB_WRITE}),
    "auditor": frozenset({AUDIT_READ}),
    "admin": frozenset(
        {
            CHAT,
            CONVERSATIONS_READ,
            AGENT,
            KB_READ,
            KB_WRITE,
            KEYS_MANAGE,
            AUDIT_READ,
            ENGINE_RAW,
            PII_READ,
            ANNOTATE,
            SETTINGS_READ,
        }
    ),
}
ALL_SCOPES = frozenset().union(*ROLE_SCOPES.values())
TENANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def check_role(role: str) -> str:
    if role not in ROLE_SCOPES:
        known = ", ".join(ROLE_SCOPES)
        raise InvalidInput(
            "invalid_role", f"Unknown role {role!r}; known: {known}.", f"未知角色 {role!r}；可用：{known}。"
        )
    return role


def check_tenant(tenant: str) -> str:
    if not TENANT_NAME.fullmatch(tenant):
        raise InvalidInput(
            "invalid_tenant",
            f"Invalid tenant {tenant!r}: use 1-64 letters, digits, '_', '-' or '.', starting with a letter "
            "or digit.",
            f"租户名 {tenant!r} 无效：请使用 1–64 个字母、数字、“_”、“-”或“.”，并以字母或数字开头。",
        )
    return tenant


def scopes_for(role: str, requested: Any = None) -> frozenset[str]:
    """The role's scopes, narrowed to `requested` (a space-separated string or a list) when given."""
    granted = ROLE_SCOPES[check_role(role)]
    if requested is None:
        return granted
    wanted = requested.split() if isinstance(requested, str) else [str(s) for s in requested]
    return granted & frozenset(wanted)


class ApiKey(Base):
    """A service account's key. Only the SHA-256 of the key is stored; `id` is part of the key
    itself (`kefu_<id>_<secret>`), so a lookup is by primary key, never a scan."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), default=DEFAULT_TENANT, index=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(32))
    scopes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
