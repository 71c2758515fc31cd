"""`kefu kb ...`: knowledge bases from the terminal (works while the server runs)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kefu.commands.common import audit_cli, console, errors, run, settings_or_exit
from kefu.dialog.runtime import open_knowledge_layer
from kefu.knowledge.export import export_kb
from kefu.knowledge.ingest import IngestReport, collect
from kefu.store.audit import KB_CHANGE

kb_app = typer.Typer(help="Knowledge bases: ingest, list, search, delete, export.", no_args_is_help=True)
KbOption = Annotated[str | None, typer.Option("--kb", help="knowledge base (default: the default KB)")]


@kb_app.command("ingest")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders", exists=True, resolve_path=True)],
    kb: KbOption = None,
    prune: Annotated[bool, typer.Option(help="remove files of the KB that are not among PATHS")] = False,
    draft: Annotated[
        bool, typer.Option(help="FAQ entries become drafts (not served until approved)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Add or update FAQ files and documents; unchanged files are skipped. Exit 1 if any file failed."""
    settings = settings_or_exit()
    name = kb or settings.default_kb
    sources = collect(paths)

    async def main() -> IngestReport:
        async with open_knowledge_layer(settings) as (database, knowledge):
            await knowledge.repository.create(name, exist_ok=True)
            with _progress(disable=as_json) as progress:
                task = progress.add_task("parsing", total=len(sources))

                def advance(what: str, done: int) -> None:
                    if what == "embedded":
                        progress.update(task, description="embedding")
                    else:
                        progress.update(task, advance=done, description=what[:60])

                report = await knowledge.ingestor.ingest(
                    name, sources, prune=prune, draft=draft, progress=advance
                )
            await knowledge.service.index(name)  # build the vector index now, not at the first question
            files = [{"file": f.name, "status": f.status} for f in report.files]
            change = {"action": "ingest", "kb": name, "version": report.version, "files": files}
            await audit_cli(settings, database, KB_CHANGE, change)
            return report

    report = run(main)
    if as_json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def _progress(disable: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        disable=disable,
        transient=True,
    )


def _print_report(report: IngestReport) -> None:
    table = Table(
        "file", "status", "chunks", "faqs", "error", title=f"{report.kb} · version {report.version}"
    )
    for f in report.files:
        style = {"failed": "red", "unchanged": "dim"}.get(f.status, "")
        table.add_row(
            f.name,
            f"[{style}]{f.status}[/{style}]" if style else f.status,
            str(f.chunks),
            str(f.faqs),
            f.error or "",
        )
    console.print(table)


@kb_app.command("list")
def list_kbs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every knowledge base with its version and sizes."""
    settings = settings_or_exit()

    async def main() -> list[dict[str, object]]:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            return [asdict(s) for s in await knowledge.repository.summaries()]

    summaries = run(main)
    if as_json:
        print(json.dumps(summaries, ensure_ascii=False, indent=2, default=str))
        return
    table = Table("name", "version", "files", "chunks", "faqs", "description")
    for s in summaries:
        table.add_row(*(str(s[k]) for k in ("name", "version", "files", "chunks", "faqs", "description")))
    console.print(table)


@kb_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="letters, digits, '_', '-', '.'")],
    description: Annotated[str, typer.Option(help="what the KB holds")] = "",
) -> None:
    """Create an empty knowledge base."""
    settings = settings_or_exit()

    async def main() -> None:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            await knowledge.repository.create(name, description)

    run(main)
    console.print(f"created knowledge base {name}")


@kb_app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="the question")],
    kb: KbOption = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=100)] = 5,
    category: Annotated[str | None, typer.Option(help="only FAQ entries of this category")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Hybrid search, as the dialogue pipeline sees it."""
    settings = settings_or_exit()
    name = kb or settings.default_kb

    async def main() -> list[dict[str, object]]:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            hits = await knowledge.service.search(name, query, top_k, category)
        return [h.record() for h in hits]

    hits = run(main)
    if as_json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    table = Table("score", "id", "source", "title", "text")
    for h in hits:
        table.add_row(str(h["score"]), str(h["id"]), str(h["source"]), str(h["title"]), str(h["text"])[:80])
    console.print(table)


@kb_app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="knowledge base")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask")] = False,
) -> None:
    """Delete a knowledge base and everything in it."""
    settings = settings_or_exit()
    if not yes:
        typer.confirm(f"Delete knowledge base {name!r} and everything in it?", abort=True)

    async def main() -> None:
        async with open_knowledge_layer(settings) as (database, knowledge):
            await knowledge.repository.delete(name)
            await audit_cli(settings, database, KB_CHANGE, {"action": "delete", "kb": name})
            await knowledge.service.forget(name)

    run(main)
    console.print(f"deleted knowledge base {name}")


@kb_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="knowledge base")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout)")] = None,
) -> None:
    """The KB as JSON: served FAQ entries (re-ingestable), their history, document chunks."""
    settings = settings_or_exit()

    async def main() -> dict[str, object]:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            return await export_kb(knowledge.repository, name)

    text = json.dumps(run(main), ensure_ascii=False, indent=2)
    if out is None:
        print(text)
        return
    partial = out.with_name(out.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(out)
    errors.print(f"wrote {out}")
