"""`kefu eval ...`: answer quality, retrieval quality, threshold calibration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.table import Table

from kefu.commands.common import audit_cli, console, errors, run, settings_or_exit
from kefu.dialog.runtime import open_knowledge_layer, open_pipeline, open_runtime
from kefu.engine.registry import create_engine
from kefu.errors import KefuError
from kefu.improve.calibration import calibrate
from kefu.improve.cases import Case, load_cases
from kefu.improve.evaluation import evaluate_answers, evaluate_retrieval
from kefu.improve.safety_eval import safety_report
from kefu.store.audit import SETTING_CHANGED

eval_app = typer.Typer(help="Evaluate answers and retrieval; calibrate thresholds.", no_args_is_help=True)
KbOption = Annotated[str | None, typer.Option("--kb", help="knowledge base (default: the default KB)")]
CasesOption = Annotated[
    Path, typer.Option("--cases", exists=True, dir_okay=False, help="JSONL: question, expected_faq, …")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


@eval_app.command("answers")
def answers(
    cases: CasesOption,
    kb: KbOption = None,
    as_json: JsonOption = False,
    generate: Annotated[
        bool, typer.Option(help="generate RAG answers with the LLM (--no-generate: routes only)")
    ] = True,
) -> None:
    """Correct citations on in-scope questions, refusals on out-of-scope ones, facts, latency."""
    settings = settings_or_exit()
    labelled = load_cases_or_exit(cases)

    async def main() -> dict[str, Any]:
        name = kb or settings.default_kb
        if generate:
            async with open_runtime(settings) as runtime:
                return await evaluate_answers(runtime.pipeline, name, labelled)
        async with (
            httpx.AsyncClient(timeout=settings.business_timeout_s) as client,
            open_knowledge_layer(settings) as (_database, knowledge),
        ):
            # Routes only: the engine is configured but never started nor called.
            pipeline = await open_pipeline(settings, create_engine(settings), knowledge, client)
            return await evaluate_answers(pipeline, name, labelled, generate=False)

    report = run(main)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    wrong = Table("question", "route", "cited", "expected", title="incorrect cases")
    for row in report["cases"]:
        if not row["correct"]:
            cited = row["citations"][0]["id"] if row["citations"] else "-"
            expected = (
                row["expected_faq"]
                or row["expected_source"]
                or ("handoff" if row["handoff_expected"] else "decline")
            )
            wrong.add_row(row["question"], row["route"], cited, expected)
    console.print(wrong)
    _print_summary(report["summary"])


@eval_app.command("retrieval")
def retrieval(cases: CasesOption, kb: KbOption = None, as_json: JsonOption = False) -> None:
    """recall@1/3/10 and MRR of the expected FAQ or source document."""
    settings = settings_or_exit()
    labelled = load_cases_or_exit(cases)

    async def main() -> dict[str, Any]:
        async with open_knowledge_layer(settings) as (_database, knowledge):
            return await evaluate_retrieval(knowledge.service, kb or settings.default_kb, labelled)

    report = run(main)
    print(json.dumps(report, ensure_ascii=False, indent=None if as_json else 2))


@eval_app.command("calibrate")
def calibrate_command(
    cases: CasesOption,
    kb: KbOption = None,
    as_json: JsonOption = False,
    save: Annotated[
        bool, typer.Option(help="store the thresholds with the KB (--no-save: report only)")
    ] = True,
) -> None:
    """Choose the KB's FAQ and answer thresholds on labelled dev questions (see docs/quality.md)."""
    settings = settings_or_exit()
    labelled = load_cases_or_exit(cases)

    async def main() -> dict[str, Any]:
        async with open_knowledge_layer(settings) as (database, knowledge):
            name = kb or settings.default_kb
            report = await calibrate(knowledge.service, knowledge.repository, name, labelled, save=save)
            if save:
                change = {"kb": name, "retrieval": report["after"]["settings"], "cases": str(cases)}
                await audit_cli(settings, database, SETTING_CHANGED, change)
            return report

    report = run(main)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for when in ("before", "after"):
        part = report[when]
        console.print(
            f"{when}: in-scope correct {part['in_scope_correct']:.1%}, out-of-scope declined "
            f"{part['out_of_scope_declined']:.1%}  {part['settings']}"
        )


DEFAULT_PRESIDIO = Path("../shared/data/pii_presidio_synth_en/synth_dataset_v2.json")


@eval_app.command("safety")
def safety(
    cases: Annotated[
        Path,
        typer.Option(
            "--cases",
            exists=True,
            dir_okay=False,
            help="JSONL: PII lines (text, pii, non_pii), injection lines (text, attack)",
        ),
    ] = Path("evals/safety/pii.jsonl"),
    presidio: Annotated[
        Path | None, typer.Option(help="the English Presidio set (measured when the file exists)")
    ] = DEFAULT_PRESIDIO,
    as_json: JsonOption = False,
) -> None:
    """PII precision/recall per type and injection precision/recall of the input filter."""
    settings = settings_or_exit()
    try:
        report = safety_report(settings, cases, presidio if presidio and presidio.is_file() else None)
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2 if exc.status < 500 else 1) from None
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_safety(report)


def load_cases_or_exit(path: Path) -> list[Case]:
    try:
        return load_cases(path)
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None


def _print_safety(report: dict[str, Any]) -> None:
    for name in ("pii", "presidio_en"):
        if name in report:
            pii = report[name]["overall"]
            console.print(
                f"{name}: precision {pii['precision']:.1%} · recall {pii['recall']:.1%} · "
                f"non-PII masked {report[name]['non_pii']['rate']:.1%}"
            )
    if "injection" in report:
        injection = report["injection"]
        console.print(
            f"injection: recall {injection['recall']:.1%} · false positives "
            f"{injection['false_positive_rate']:.1%} · precision {injection['precision']:.1%}"
        )


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table("metric", "value", title="summary")
    for key, value in summary.items():
        table.add_row(key, json.dumps(value, ensure_ascii=False))
    console.print(table)
