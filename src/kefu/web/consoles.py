"""The consoles' pages: the agent workspace (`/agent`) and the admin console (`/admin/...`).

Each page is a server-rendered shell; its ES module (`static/js/agent/`, `static/js/admin/`) calls
the JSON APIs (docs/api-consoles.md), which enforce the scopes. A page is open to the roles whose
scopes let its API answer: the console's navigation shows only those, and any other role gets the
403 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kefu.api.auth import Principal
from kefu.store.auth_models import (
    AUDIT_READ,
    CONVERSATIONS_READ,
    KB_READ,
    KB_WRITE,
    ROLE_SCOPES,
    SETTINGS_READ,
)
from kefu.web.i18n import CONSOLE_TEXT, page_language
from kefu.web.pages import AdminPage, AgentPage, for_roles, render

router = APIRouter(include_in_schema=False)


def roles_with(*scopes: str) -> frozenset[str]:
    """The roles holding every one of `scopes`."""
    return frozenset(role for role, held in ROLE_SCOPES.items() if set(scopes) <= held)


@dataclass(frozen=True)
class AdminSection:
    """One page of the admin console: its path under /admin, its words' key, and who may open it."""

    slug: str
    key: str
    roles: frozenset[str]

    @property
    def path(self) -> str:
        return f"/admin/{self.slug}"


SECTIONS = (
    AdminSection("kb", "kb", roles_with(KB_READ, KB_WRITE)),
    AdminSection("faqs", "faqs", roles_with(KB_READ, KB_WRITE)),
    AdminSection("conversations", "conversations", roles_with(CONVERSATIONS_READ)),
    AdminSection("annotations", "annotations", roles_with(CONVERSATIONS_READ)),
    AdminSection("analytics", "analytics", roles_with(CONVERSATIONS_READ)),
    AdminSection("audit", "audit", roles_with(AUDIT_READ)),
    AdminSection("settings", "settings", roles_with(SETTINGS_READ)),
)


def _visible(principal: Principal | None, auth_enabled: bool) -> list[AdminSection]:
    if not auth_enabled or principal is None:
        return list(SECTIONS)
    return [s for s in SECTIONS if principal.role in s.roles]


def _console(
    request: Request, template: str, principal: Principal, section: AdminSection | None = None
) -> HTMLResponse:
    lang = page_language(request)
    auth_enabled = request.app.state.auth.settings.auth_enabled
    sections = _visible(principal, auth_enabled)
    return render(
        request,
        template,
        principal,
        c=CONSOLE_TEXT[lang],
        sections=sections,
        section=section,
        role=principal.role,
        default_kb=request.app.state.auth.settings.default_kb,
    )


@router.get("/agent")
async def agent(request: Request, principal: AgentPage) -> HTMLResponse:
    """The agent workspace: the handoff queue, the conversation, the reply box."""
    return _console(request, "agent.html", principal)


@router.get("/admin")
async def admin(request: Request, principal: AdminPage) -> HTMLResponse:
    """The console's front page: the sections this role may open."""
    return _console(request, "admin/index.html", principal)


def _section_page(section: AdminSection) -> None:
    allowed = for_roles(section.roles)

    async def page(request: Request) -> HTMLResponse:
        principal = await allowed(request)  # LoginRequired, WrongRole: the handlers in pages.py
        return _console(request, f"admin/{section.slug}.html", principal, section)

    page.__name__ = f"admin_{section.slug}"
    router.add_api_route(section.path, page, methods=["GET"])


for _section in SECTIONS:
    _section_page(_section)
