"""Admin actions into the audit log: every successful change made through the API to a
knowledge base, an API key or a handoff, with who made it (the turns of a conversation are
recorded by the conversation service, with their evidence).

A middleware rather than a call in each endpoint, so that an endpoint added later is
audited without anyone remembering to.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.ops.context import current_caller
from kefu.store.audit import AGENT_TAKEOVER, HANDOFF, KB_CHANGE, KEY_ISSUED, KEY_REVOKED, AuditLog

log = logging.getLogger(__name__)
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# POST, but reads: a KB search, and the agent's suggested reply (drafted, never sent or stored).
NOT_CHANGES = frozenset({"/v1/kb/{name}/search", "/v1/agent/conversations/{conversation_id}/suggest"})
_KEYS = "/v1/auth/keys"


def action_kind(method: str, route: str) -> str | None:
    """The audit kind of a change through this route; None for routes that are not admin actions."""
    if method not in CHANGES or route in NOT_CHANGES:
        return None
    if route == _KEYS:
        return KEY_ISSUED
    if route.startswith(_KEYS + "/"):
        return KEY_REVOKED
    if route.endswith("/claim") and route.startswith("/v1/agent/"):
        return AGENT_TAKEOVER
    if route.startswith("/v1/agent/"):
        return HANDOFF
    if route == "/v1/kb" or route.startswith("/v1/kb/"):
        return KB_CHANGE
    return None


class AuditTrailMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in CHANGES:
            await self.app(scope, receive, send)
            return
        status = 0
        body = b""

        async def watching(message: Message) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and len(body) < 65536:
                body += message.get("body", b"")
            await send(message)

        await self.app(scope, receive, watching)
        route = scope.get("route")
        template = route.path if isinstance(route, Route) else None
        kind = action_kind(scope["method"], template) if template else None
        if kind is None or not 200 <= status < 300:
            return
        record: dict[str, Any] = {
            "method": scope["method"],
            "route": template,
            "params": dict(scope.get("path_params", {})),
            "status": status,
        }
        if kind == KEY_ISSUED:
            record["key"] = _issued_key(body)
        await _append(scope, kind, record)


def _issued_key(body: bytes) -> dict[str, Any]:
    """What the audit keeps of a new key: never the key itself."""
    try:
        created = json.loads(body)
    except ValueError:
        return {}
    return {k: created.get(k) for k in ("id", "name", "role", "tenant", "scopes")}


async def append_as_caller(
    audit: AuditLog, kind: str, record: dict[str, Any], tenant: str | None = None
) -> None:
    """An entry made by the request's caller (actor, role, request id; tenant unless given)."""
    caller = current_caller()
    await audit.append(
        kind,
        record,
        tenant=tenant or caller.tenant,
        actor=caller.actor,
        actor_role=caller.role,
        request_id=caller.request_id,
    )


async def _append(scope: Scope, kind: str, record: dict[str, Any]) -> None:
    try:
        await append_as_caller(scope["app"].state.runtime.audit, kind, record)
    except Exception:  # the change is made; a failed audit write must be loud, not a 500 after the fact
        log.exception("could not write the audit entry for %s %s", scope["method"], record["route"])
