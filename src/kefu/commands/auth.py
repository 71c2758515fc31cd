"""`kefu auth ...`: API keys of service accounts, and test tokens."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from kefu.api.auth import mint_token
from kefu.commands.common import audit_cli, console, errors, run, settings_or_exit
from kefu.dialog.runtime import open_database
from kefu.errors import KefuError
from kefu.store.audit import KEY_ISSUED, KEY_REVOKED
from kefu.store.auth_models import ROLE_SCOPES, ApiKey, check_role, check_tenant, scopes_for
from kefu.store.key_repository import CreatedKey, KeyRepository

auth_app = typer.Typer(help="Authentication: API keys and test tokens.", no_args_is_help=True)
RoleOption = Annotated[str, typer.Option("--role", help=" | ".join(ROLE_SCOPES))]
TenantOption = Annotated[str, typer.Option("--tenant", help="the tenant it belongs to")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
ScopeOption = Annotated[
    list[str] | None, typer.Option("--scope", help="only this scope of the role (repeatable)")
]


def _checked(role: str, tenant: str, scopes: list[str] | None = None) -> None:
    """Exit 2 with a clear message on an unknown role, a bad tenant name or foreign scopes."""
    try:
        check_role(role)
        check_tenant(tenant)
        if scopes is not None and not scopes_for(role, scopes):
            raise KefuError(f"none of the scopes {scopes} belongs to role {role!r}")
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None


def _record(row: ApiKey) -> dict[str, Any]:
    def iso(moment: Any) -> str | None:
        return moment.isoformat() if moment is not None else None

    return {
        "id": row.id,
        "tenant": row.tenant,
        "name": row.name,
        "role": row.role,
        "scopes": list(row.scopes),
        "created_at": iso(row.created_at),
        "revoked_at": iso(row.revoked_at),
        "last_used_at": iso(row.last_used_at),
    }


@auth_app.command("create-key")
def create_key(
    role: RoleOption,
    tenant: TenantOption = "default",
    name: Annotated[str, typer.Option("--name", help="what the key is for")] = "",
    scope: ScopeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API key. It is printed once and never stored: keep it now."""
    _checked(role, tenant, scope)
    settings = settings_or_exit()

    async def main() -> CreatedKey:
        async with open_database(settings) as database:
            created = await KeyRepository(database.sessions).create(role, tenant, name, scope)
            issued = {"id": created.row.id, "name": name, "role": role, "tenant": tenant, "scopes": scope}
            await audit_cli(settings, database, KEY_ISSUED, {"key": issued}, tenant)
            return created

    created = run(main)
    if as_json:
        print(json.dumps({**_record(created.row), "key": created.secret}, ensure_ascii=False, indent=2))
        return
    console.print(f"key {created.row.id} ({role}, tenant {tenant}); shown once, store it now:")
    print(created.secret)


@auth_app.command("list-keys")
def list_keys(
    tenant: Annotated[str | None, typer.Option("--tenant", help="only this tenant's")] = None,
    as_json: JsonOption = False,
) -> None:
    """Every API key (never the keys themselves), revoked ones included."""
    settings = settings_or_exit()

    async def main() -> list[ApiKey]:
        async with open_database(settings) as database:
            return await KeyRepository(database.sessions).list(tenant)

    rows = run(main)
    if as_json:
        print(json.dumps([_record(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table("id", "tenant", "role", "name", "created", "last used", "revoked")
    for row in rows:
        record = _record(row)
        table.add_row(
            row.id,
            row.tenant,
            row.role,
            row.name,
            (record["created_at"] or "")[:19],
            (record["last_used_at"] or "-")[:19],
            (record["revoked_at"] or "-")[:19],
        )
    console.print(table)


@auth_app.command("revoke-key")
def revoke_key(key_id: Annotated[str, typer.Argument(help="the key's id (kefu_<id>_...)")]) -> None:
    """Revoke an API key: requests carrying it get 401 from now on."""
    settings = settings_or_exit()

    async def main() -> ApiKey:
        async with open_database(settings) as database:
            row = await KeyRepository(database.sessions).revoke(key_id)
            await audit_cli(settings, database, KEY_REVOKED, {"key_id": row.id}, row.tenant)
            return row

    row = run(main)
    console.print(f"key {row.id} revoked")


@auth_app.command("token")
def token(
    role: RoleOption,
    sub: Annotated[str, typer.Option("--sub", help="the subject: user, agent or service id")],
    tenant: TenantOption = "default",
    ttl: Annotated[int, typer.Option("--ttl", min=1, help="seconds until it expires")] = 3600,
    scope: ScopeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mint an HS256 JWT signed with KEFU_SECRET_KEY (for testing; production tokens come from your IdP)."""
    _checked(role, tenant, scope)
    if not sub.strip():
        errors.print("[red]--sub must not be empty[/red]")
        raise typer.Exit(2)
    settings = settings_or_exit()
    minted = mint_token(settings, sub, role, tenant, ttl, " ".join(scope) if scope else None)
    if as_json:
        print(json.dumps({"token": minted, "sub": sub, "role": role, "tenant": tenant, "expires_in": ttl}))
        return
    print(minted)
