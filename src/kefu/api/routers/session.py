"""Browser sessions for kefu's own pages: a token or API key pasted once becomes an HttpOnly cookie.

`POST /v1/auth/session {"token": ...}` checks the credential exactly as the Authorization
header would be checked, then sets `kefu_session` (HttpOnly, SameSite=Strict, Path=/, Secure
outside dev, no longer than the token lives); `DELETE /v1/auth/session` clears it. The widget
on other sites never uses the cookie: it sends its token in the Authorization header.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from kefu.api.auth import SESSION_COOKIE, Auth, Principal, check_same_origin
from kefu.api.deps import JSONOnly, RuntimeDep
from kefu.api.schemas import documented_errors
from kefu.store.key_repository import KeyRepository

router = APIRouter(prefix="/v1/auth", tags=["auth"])
ERRORS = documented_errors(400, 401, 403, 413, 415, 422, 429)
MAX_TOKEN_CHARS = 8192
TOKEN_CHARS = r"^[A-Za-z0-9._~+/=-]+$"  # JWTs and keys; all of them may stand in a cookie as they are


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(
        min_length=1,
        max_length=MAX_TOKEN_CHARS,
        pattern=TOKEN_CHARS,
        description="a JWT, or an API key (kefu_...)",
    )


class SessionPublic(BaseModel):
    subject: str
    role: str
    tenant: str
    expires_at: datetime = Field(description="when the cookie expires")


def _max_age(principal: Principal, longest_s: int) -> int:
    if principal.expires_at is None:
        return longest_s
    return max(1, min(longest_s, int(principal.expires_at - time.time())))


@router.post("/session", dependencies=[JSONOnly], responses=ERRORS)
async def open_session(
    body: SessionCreate, request: Request, response: Response, runtime: RuntimeDep
) -> SessionPublic:
    """Check the token (401 as for any request) and keep it in the `kefu_session` cookie."""
    check_same_origin(request)  # another site must not sign a browser into its own account
    auth: Auth = request.app.state.auth
    token = body.token
    principal = await auth.authorize(request, KeyRepository(runtime.database.sessions), token, [])
    max_age = _max_age(principal, runtime.settings.session_max_age_s)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        path="/",
        secure=runtime.settings.env != "dev",
        httponly=True,
        samesite="strict",
    )
    return SessionPublic(
        subject=principal.subject,
        role=principal.role,
        tenant=principal.tenant,
        expires_at=datetime.fromtimestamp(time.time() + max_age, UTC),
    )


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
async def close_session(runtime: RuntimeDep) -> Response:
    """Forget the session cookie (signing out); nothing else changes."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=runtime.settings.env != "dev", httponly=True, samesite="strict"
    )
    return response
