"""The pages: server-rendered shells whose JavaScript modules call the API, `/widget.js`, and
`/static`. A page finds its caller from the session cookie (`POST /v1/auth/session`): without a
session it redirects to `/login`, for a role it is not meant for it answers a 403 page. Without
authentication (dev) every page is open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from kefu import __version__
from kefu.api.auth import Principal, session_principal
from kefu.store.auth_models import CHAT, ROLE_SCOPES
from kefu.store.kb_repository import KB_NAME
from kefu.web.i18n import TEXT, page_language

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

CHAT_ROLES = frozenset(role for role, scopes in ROLE_SCOPES.items() if CHAT in scopes)
AGENT_ROLES = frozenset({"agent", "agent_privileged", "admin"})
ADMIN_ROLES = frozenset({"admin", "kb_editor", "auditor"})
NAV = (("/chat", "chat", CHAT_ROLES), ("/agent", "agent", AGENT_ROLES), ("/admin", "admin", ADMIN_ROLES))
# Pages are scripts and styles from kefu itself, calling kefu's API: nothing else may load or frame them.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class LoginRequired(Exception):
    """No valid session: the browser goes to the login page, then back to `back`."""

    def __init__(self, back: str) -> None:
        self.back = back


class WrongRole(Exception):
    """A session whose role the page is not for."""

    def __init__(self, principal: Principal, roles: frozenset[str]) -> None:
        self.principal = principal
        self.roles = roles


def for_roles(roles: frozenset[str]) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the session's principal, if its role is one of `roles`."""

    async def page_principal(request: Request) -> Principal:
        principal = await session_principal(request)
        if principal is None:
            raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if principal.role not in roles:
            raise WrongRole(principal, roles)
        return principal

    return page_principal


ChatPage = Annotated[Principal, Depends(for_roles(CHAT_ROLES))]
AgentPage = Annotated[Principal, Depends(for_roles(AGENT_ROLES))]
AdminPage = Annotated[Principal, Depends(for_roles(ADMIN_ROLES))]


def render(
    request: Request, template: str, principal: Principal | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = page_language(request)
    auth_enabled = request.app.state.auth.settings.auth_enabled
    nav = [(path, key) for path, key, roles in NAV if principal is not None and principal.role in roles]
    values = {"lang": lang, "t": TEXT[lang], "principal": principal, "nav": nav, "auth_enabled": auth_enabled}
    values["version"] = __version__
    response = templates.TemplateResponse(request, template, {**values, **context}, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this server only (never `//evil.example`)."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/chat"


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/chat", status_code=303)


@router.get("/login")
async def login(
    request: Request, next_page: Annotated[str | None, Query(alias="next")] = None
) -> HTMLResponse:
    """Paste a token or API key; the page exchanges it for the session cookie."""
    return render(request, "login.html", await session_principal(request), next=safe_next(next_page))


@router.get("/chat")
async def chat(
    request: Request, principal: ChatPage, kb: Annotated[str | None, Query(max_length=64)] = None
) -> HTMLResponse:
    """The customer's chat, full page, with the widget's code."""
    chosen = kb if kb and KB_NAME.fullmatch(kb) else request.app.state.auth.settings.default_kb
    return render(request, "chat.html", principal, kb=chosen)


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    """The loader a site adds with one <script> tag (docs/web.md)."""
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.back, safe='/')}", status_code=303)


async def _wrong_role(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WrongRole)
    roles = ", ".join(sorted(exc.roles))
    return render(request, "forbidden.html", exc.principal, status_code=403, roles=roles)


def install(app: FastAPI) -> None:
    """Add the pages, the consoles (`consoles.py`), `/widget.js` and `/static` to the app."""
    from kefu.web.consoles import router as consoles  # it builds on this module

    app.include_router(router)
    app.include_router(consoles)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(WrongRole, _wrong_role)
