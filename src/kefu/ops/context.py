"""Who is asking, in which request, about which conversation: bound by the API once per request
(and by the conversation service per turn), read where records (the audit log, the logs) are
written, so neither need be passed through every signature."""

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


_conversation: contextvars.ContextVar[str | None] = contextvars.ContextVar("kefu_conversation", default=None)


def current_conversation() -> str | None:
    """The id of the conversation this task is working on, when one is known (for the logs)."""
    return _conversation.get()


def bind_conversation(conversation_id: str | None) -> None:
    """Name the conversation this task (and the tasks it starts) works on, for the rest of the task.

    Set, never reset: a turn's pieces may be produced in another task than the one that started
    it (a streamed reply), and a context variable can only be reset in the context that set it.
    """
    _conversation.set(conversation_id)
