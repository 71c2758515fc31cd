"""`kefu nlu ...`: train, evaluate and try the joint intent + slot model (docs/nlu.md).

torch is imported inside the commands, so the rest of `kefu` starts without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kefu.commands.common import console, errors, settings_or_exit
from kefu.errors import KefuError

nlu_app = typer.Typer(help="Intent and slot model: train, eval, predict.", no_args_is_help=True)
DataOption = Annotated[
    Path,
    typer.Option(
        "--data", help="data folder: {train,dev,test}.jsonl or {train,dev,test}/{seq.in,seq.out,label}"
    ),
]


@contextmanager
def _one_line_errors() -> Iterator[None]:
    try:
        yield
    except KefuError as exc:
        errors.print(f"[red]{exc.code}: {exc.message}[/red]")
        raise typer.Exit(1) from None


@nlu_app.command("train")
def train(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", help="model folder to write (replaced when it exists)")],
    epochs: Annotated[int, typer.Option(min=1, help="most epochs")] = 30,
    patience: Annotated[
        int, typer.Option(min=1, help="stop after this many epochs without a better dev score")
    ] = 5,
    seed: Annotated[int, typer.Option()] = 13,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 32,
    learning_rate: Annotated[float, typer.Option("--lr", min=0.0)] = 2e-3,
    hidden: Annotated[int, typer.Option(min=8, help="LSTM units per direction")] = 128,
    word_dim: Annotated[int, typer.Option("--word-dim", min=8)] = 128,
    dropout: Annotated[float, typer.Option(min=0.0, max=0.9)] = 0.3,
    oos_label: Annotated[
        str, typer.Option("--oos-label", help="out-of-scope intent, if the data has one")
    ] = "oos",
    keep_share: Annotated[
        float,
        typer.Option(
            "--keep-share", min=0.5, max=1.0, help="dev share kept above the threshold (no oos label)"
        ),
    ] = 0.99,
    threads: Annotated[int | None, typer.Option(min=1, help="torch threads (default: torch's)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Train on the train split, stop early on dev, calibrate the out-of-scope threshold, write --out."""
    from kefu.nlu.model import ModelConfig
    from kefu.nlu.train import TrainOptions
    from kefu.nlu.train import train as run_training

    settings_or_exit()  # logging set up as every command does; data warnings are printed
    model = ModelConfig(hidden=hidden, word_dim=word_dim, dropout=dropout)
    options = TrainOptions(
        epochs=epochs,
        patience=patience,
        seed=seed,
        batch_size=batch_size,
        learning_rate=learning_rate,
        oos_label=oos_label,
        keep_share=keep_share,
        threads=threads,
        model=model,
    )
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        disable=as_json,
        transient=True,
    )
    with _one_line_errors(), progress:
        task = progress.add_task("epoch 1", total=None)
        epoch_number = [1]

        def on_batch(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=f"epoch {epoch_number[0]}")

        def on_epoch(epoch: int, dev: dict[str, Any]) -> None:
            epoch_number[0] = epoch + 1
            if not as_json:
                progress.console.print(f"epoch {epoch}: dev {_scores(dev)}" + ("  ★" if dev["best"] else ""))

        report = run_training(data, out, options, on_epoch=on_epoch, on_batch=on_batch)
    if as_json:
        print(
            json.dumps(
                {
                    "model": str(report.model_dir),
                    "epochs_run": report.epochs_run,
                    "best_epoch": report.best_epoch,
                    "threshold": report.threshold,
                    "calibration": report.calibration,
                    "seconds": round(report.seconds, 1),
                    "dev": report.dev,
                },
                indent=2,
            )
        )
        return
    console.print(
        f"wrote {report.model_dir}: best epoch {report.best_epoch} of {report.epochs_run}, "
        f"dev {_scores(report.dev)}, threshold {report.threshold:.3f} ({report.calibration}), "
        f"{report.seconds:.0f} s"
    )


def _scores(report: dict[str, Any]) -> str:
    parts = [f"intent {report['intent_accuracy']:.2%}"]
    if report.get("slot_f1") is not None:
        parts.append(f"slot F1 {report['slot_f1']:.2%}")
    parts.append(f"sentence {report['sentence_accuracy']:.2%}")
    if "oos_recall" in report:
        parts.append(f"in-scope {report['in_scope_accuracy']:.2%} oos recall {report['oos_recall']:.2%}")
    return ", ".join(parts)


@nlu_app.command("eval")
def evaluate(
    data: DataOption,
    model: Annotated[
        Path | None, typer.Option("--model", help="model folder (default: settings.nlu_model)")
    ] = None,
    split: Annotated[str, typer.Option(help="train | dev | test")] = "test",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Intent accuracy, slot F1 (exact spans, conlleval) and sentence accuracy on a split."""
    from kefu.nlu.evaluate import evaluate_split

    if split not in ("train", "dev", "test"):
        errors.print(f"[red]--split must be train, dev or test, not {split!r}[/red]")
        raise typer.Exit(2)
    settings = settings_or_exit()
    with _one_line_errors():
        report = evaluate_split(_model_dir(settings.nlu_model, model), data, split)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(report, indent=2))
        return
    table = Table("metric", "value")
    for key, value in report.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    console.print(table)


@nlu_app.command("predict")
def predict(
    text: Annotated[str, typer.Argument(help="the customer's message")],
    model: Annotated[
        Path | None, typer.Option("--model", help="model folder (default: settings.nlu_model)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Intent and slots of one message (intent `none` below the calibrated confidence)."""
    from kefu.nlu import NluModel

    settings = settings_or_exit()
    with _one_line_errors():
        prediction = NluModel.load(_model_dir(settings.nlu_model, model))
        result = prediction.predict(text).record()
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(f"intent [bold]{result['intent']}[/bold] ({result['confidence']:.3f})")
    for slot in result["slots"]:
        console.print(f"  {slot['type']}: {slot['value']} [{slot['start']}, {slot['end']})")


def _model_dir(configured: Path | None, given: Path | None) -> Path:
    from kefu.nlu.predictor import DEMO_MODEL_DIR

    return given or configured or DEMO_MODEL_DIR
