"""`kefu audit ...`: verify, export, checkpoint and prune the tamper-evident audit log."""

from __future__ import annotations

import json
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from kefu.commands.common import console, errors, run, settings_or_exit
from kefu.dialog.runtime import open_database
from kefu.errors import KefuError
from kefu.store.audit import (
    AuditLog,
    AuditVerifier,
    PruneReport,
    VerifyReport,
    format_ts,
    load_signer,
    open_audit_log,
    retention_cutoff,
)

audit_app = typer.Typer(
    help="The tamper-evident audit log: verify, export, checkpoint, prune.", no_args_is_help=True
)
JsonOption = Annotated[bool, typer.Option("--json", help="print the result as JSON")]


@audit_app.command("verify")
def verify(
    as_json: JsonOption = False,
    public_key: Annotated[
        Path | None,
        typer.Option(help="check signatures with this PEM public key (an auditor's copy)", exists=True),
    ] = None,
) -> None:
    """Check the hash chain and every signed checkpoint; exit 1 naming the first bad entry."""
    settings = settings_or_exit()
    verifier = _read_public_key(public_key) if public_key else None

    async def main() -> VerifyReport:
        async with open_database(settings) as database:
            if verifier is None:
                return await open_audit_log(settings, database).verify()
            return await AuditLog(database.sessions, None, verifier=verifier).verify()

    report = run(main)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif report.ok:
        span = f"seq {report.anchor_seq + 1}..{report.last_seq}" if report.last_seq else "empty"
        console.print(
            f"[green]audit log intact 审计日志完整[/green]: {report.entries} entries ({span}), "
            f"{report.checkpoints} signed checkpoints"
            + (f", pruned up to {report.anchor_seq}" if report.anchor_seq else "")
        )
    else:
        errors.print(
            f"[red]audit log BROKEN 审计日志被篡改 at entry {report.first_bad_seq}[/red] "
            f"({report.code}): {report.problem}"
        )
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    start: Annotated[
        str | None, typer.Option("--from", help="first day or time, ISO 8601 (UTC unless an offset is given)")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="last day (inclusive) or time (exclusive), ISO 8601")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="write JSONL here instead of stdout")] = None,
) -> None:
    """Entries between two dates as JSON Lines, oldest first, with their hashes (for offline checks)."""
    since = _parse_when(start, "--from", end_of_day=False)
    until = _parse_when(end, "--to", end_of_day=True)
    if since and until and since >= until:
        errors.print("[red]--from must be before --to[/red]\n--from 必须早于 --to")
        raise typer.Exit(2)
    settings = settings_or_exit()

    async def main() -> int:
        count = 0
        async with open_database(settings) as database:
            audit = open_audit_log(settings, database)
            with _output(out) as stream:
                async for row in audit.export(since, until):
                    stream.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                    count += 1
        return count

    count = run(main)
    if out is not None:
        errors.print(f"{count} entries written to {out}")


@audit_app.command("checkpoint")
def checkpoint(as_json: JsonOption = False) -> None:
    """Sign the chain's current tail now (keep the printed line somewhere safe, off this machine)."""
    settings = settings_or_exit()

    async def main() -> dict[str, Any] | None:
        async with open_database(settings) as database:
            made = await open_audit_log(settings, database).checkpoint()
        if made is None:
            return None
        return {
            "seq": made.seq,
            "hash": made.hash,
            "ts": format_ts(made.ts),
            "key_id": made.key_id,
            "signature": made.signature,
        }

    made = run(main)
    if as_json:
        print(json.dumps(made, indent=2))
    elif made is None:
        console.print("the audit log is empty: nothing to sign")
    else:
        console.print(f"checkpoint at seq {made['seq']}: {made['hash']} (key {made['key_id']})")


@audit_app.command("prune")
def prune(
    days: Annotated[
        int | None, typer.Option(min=1, help="keep this many days (default: KEFU_AUDIT_RETENTION_DAYS)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Delete entries older than the retention period; the chain stays verifiable, the pruning audited."""
    settings = settings_or_exit()
    keep = days or settings.audit_retention_days
    if keep is None:
        console.print("retention is off (KEFU_AUDIT_RETENTION_DAYS is not set): nothing pruned")
        return
    cutoff = retention_cutoff(keep)

    async def main() -> PruneReport:
        async with open_database(settings) as database:
            return await open_audit_log(settings, database).prune(cutoff)

    report = run(main)
    if as_json:
        print(
            json.dumps(
                {"deleted": report.deleted, "anchor_seq": report.anchor_seq, "before": format_ts(cutoff)}
            )
        )
    else:
        console.print(
            f"{report.deleted} entries before {format_ts(cutoff)} pruned; "
            f"the chain is anchored at {report.anchor_seq}"
        )


@audit_app.command("public-key")
def public_key() -> None:
    """Print the PEM public key that verifies the checkpoints (give it to your auditor)."""
    settings = settings_or_exit()
    try:
        signer = load_signer(settings)
    except KefuError as exc:  # the message names the setting
        errors.print(f"[red]{exc.code}: {exc.message}[/red]")
        raise typer.Exit(1) from None
    print(signer.public_pem(), end="")


def _read_public_key(path: Path) -> AuditVerifier:
    try:
        return AuditVerifier.from_pem(path.read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        errors.print(f"[red]{path}: not an Ed25519 PEM key ({exc})[/red]")
        raise typer.Exit(2) from None


def _parse_when(value: str | None, option: str, *, end_of_day: bool) -> datetime | None:
    """An ISO date or date-time; a bare date given to --to includes that whole day."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), UTC)
        when = datetime.fromisoformat(value)
    except ValueError:
        errors.print(
            f"[red]{option} {value!r} is not a date: use 2026-01-31 or 2026-01-31T08:00:00+08:00[/red]\n"
            f"{option} {value!r} 不是有效日期，例如 2026-01-31 或 2026-01-31T08:00:00+08:00"
        )
        raise typer.Exit(2) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _output(out: Path | None) -> AbstractContextManager[TextIO]:
    if out is None:
        return nullcontext(sys.stdout)
    return out.open("w", encoding="utf-8")
