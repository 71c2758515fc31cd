"""`kefu stats`: volume, resolution, handoffs, thumbs, intents, unanswered questions, latency."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from kefu.commands.common import console, run, settings_or_exit
from kefu.dialog.runtime import open_database
from kefu.improve.stats import Stats, collect, parse_since


def _period(value: str) -> str:
    try:
        parse_since(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


def stats(
    since: Annotated[
        str, typer.Option(callback=_period, help="conversations started in the last 7d, 24h, 30m, ...")
    ] = "7d",
    tenant: Annotated[str | None, typer.Option(help="one tenant only (default: all)")] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="rows in the top lists")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """How the conversations of a period went (definitions: docs/monitoring.md)."""
    settings = settings_or_exit()

    async def main() -> Stats:
        async with open_database(settings) as database:
            return await collect(
                database.sessions, since, idle_s=settings.conversation_idle_s, tenant=tenant, top=top
            )

    report = run(main)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    _print(report)


def _print(report: Stats) -> None:
    data = report.to_dict()
    summary = Table(show_header=False, title=f"{data['from']} → {data['to']}")
    for key in ("conversations", "turns", "ended", "resolved", "resolution_rate", "handoffs", "handoff_rate"):
        value = data[key]
        shown = f"{value:.1%}" if isinstance(value, float) else ("–" if value is None else str(value))
        summary.add_row(key.replace("_", " "), shown)
    summary.add_row("thumbs", f"👍 {report.thumbs['up']}  👎 {report.thumbs['down']}")
    latency = report.latency_ms
    summary.add_row("latency ms", " · ".join(f"{k} {v}" for k, v in latency.items()) if latency else "–")
    console.print(summary)
    if report.routes:
        console.print("routes: " + ", ".join(f"{route} {n}" for route, n in report.routes.items()))
    intents = Table("intent", "turns", title="top intents")
    for intent, turns in report.top_intents:
        intents.add_row(intent, str(turns))
    console.print(intents)
    unanswered = Table("question", "count", "also asked as", title="top unanswered questions")
    for cluster in report.top_unanswered:
        unanswered.add_row(cluster.question, str(cluster.count), " / ".join(cluster.examples))
    console.print(unanswered)
