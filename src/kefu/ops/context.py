"""Who is asking, in which request: bound by the API once per request, read where records
(the audit log) are written, so the caller need not be passed through every signature."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Caller:
    request_id: str | None = None
    tenant: str = "default"
    actor: str = "system"  # a token's subject, "key-<id>", or "system" (the CLI, start-up)
    role: str = "system"


_SYSTEM = Caller()
_caller: contextvars.ContextVar[Caller] = contextvars.ContextVar("kefu_caller")


def current_caller() -> Caller:
    return _caller.get(_SYSTEM)


def bind_caller(caller: Caller) -> contextvars.Token[Caller]:
    """Make `caller` current for this task (and the tasks it starts)."""
    return _caller.set(caller)


def reset_caller(token: contextvars.Token[Caller]) -> None:
    _caller.reset(token)
