"""What every `kefu` command shares: settings, running a coroutine, printing errors."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console

from kefu.config import Settings, load_settings
from kefu.errors import KefuError
from kefu.ops.logs import configure_logging
from kefu.store.audit import open_audit_log
from kefu.store.database import Database
from kefu.store.models import DEFAULT_TENANT

console = Console()
errors = Console(stderr=True, soft_wrap=True, highlight=False)
T = TypeVar("T")


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    level = settings.log_level if settings.log_level != "info" else "warning"
    configure_logging(level, settings.effective_log_format)
    return settings


async def audit_cli(
    settings: Settings, database: Database, kind: str, record: dict[str, Any], tenant: str = DEFAULT_TENANT
) -> None:
    """An admin action done from the command line, into the audit log (actor `cli:<os user>`)."""
    log = open_audit_log(settings, database)
    actor = f"cli:{getpass.getuser()}"[:128]
    await log.append(kind, record, tenant=tenant, actor=actor, actor_role="operator")


def run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        return asyncio.run(main())
    except KefuError as exc:
        errors.print(f"[red]{exc.code}: {exc.message}[/red]")
        raise typer.Exit(1) from None
