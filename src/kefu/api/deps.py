"""FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kefu.api.auth import Principal
from kefu.api.errors import is_json
from kefu.dialog.runtime import Runtime
from kefu.errors import InvalidInput
from kefu.store.auth_models import CONVERSATIONS_READ
from kefu.store.kb_repository import KB_NAME, kb_key, kb_not_found, split_kb_key
from kefu.store.models import Conversation
from kefu.store.repository import conversation_not_found


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def require_json(request: Request) -> None:
    """JSON endpoints refuse other media types with 415 (an empty body is allowed where optional)."""
    content_type = request.headers.get("content-type", "")
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    if (content_type or has_body) and not is_json(content_type):
        raise InvalidInput(
            "unsupported_media_type",
            f"Content-Type must be application/json, not {content_type or 'missing'!r}.",
            f"Content-Type 必须是 application/json（收到 {content_type or '空'!r}）。",
            status=415,
        )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
JSONOnly = Depends(require_json)


async def visible_conversation(runtime: Runtime, principal: Principal, conversation_id: str) -> Conversation:
    """The conversation, when the caller may see it: of its tenant, and its own unless it may read
    every conversation. Otherwise 404, exactly as if it did not exist."""
    found = await runtime.conversations.repository.get(conversation_id)
    if found.tenant != principal.tenant:
        raise conversation_not_found(conversation_id)
    if not principal.can(CONVERSATIONS_READ) and found.subject != principal.subject:
        raise conversation_not_found(conversation_id)
    return found


async def tenant_conversation(runtime: Runtime, principal: Principal, conversation_id: str) -> Conversation:
    """The conversation, when it belongs to the caller's tenant (else 404)."""
    found = await runtime.conversations.repository.get(conversation_id)
    if found.tenant != principal.tenant:
        raise conversation_not_found(conversation_id)
    return found


def tenant_kb(principal: Principal, name: str) -> str:
    """The stored name of the caller's KB `name`. A name out of shape (one with a `/` could reach
    another tenant's KB) is a KB that does not exist."""
    if not KB_NAME.fullmatch(name):
        raise kb_not_found(name, [])
    return kb_key(principal.tenant, name)


def public_kb(key: str) -> str:
    """A stored KB name as its tenant knows it."""
    return split_kb_key(key)[1]
