"""`kefu nlu train / eval / predict` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kefu.cli import app


def kefu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kefu", *args], capture_output=True, text=True, timeout=120, env=os.environ
    )


def test_train_eval_predict(tiny_data: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "model"
    trained = runner.invoke(
        app,
        ["nlu", "train", "--data", str(tiny_data), "--out", str(out), "--epochs", "25", "--patience", "25",
         "--batch-size", "8", "--lr", "0.005", "--hidden", "48", "--word-dim", "32", "--json"],
    )  # fmt: skip
    assert trained.exit_code == 0, trained.output
    report = json.loads(trained.stdout)
    assert report["best_epoch"] >= 1 and "in_scope_accuracy" in report["dev"]

    evaluated = runner.invoke(app, ["nlu", "eval", "--data", str(tiny_data), "--model", str(out), "--json"])
    assert evaluated.exit_code == 0, evaluated.output
    scores = json.loads(evaluated.stdout)
    assert {"intent_accuracy", "slot_f1", "sentence_accuracy", "oos_recall"} <= set(scores)
    assert scores["intent_accuracy"] >= 0.85

    text = "订单XH202611250001的快递到哪里了"
    predicted = kefu("nlu", "predict", text, "--model", str(out), "--json")
    assert predicted.returncode == 0, predicted.stderr
    result = json.loads(predicted.stdout)
    assert result["intent"] == "logistics"
    assert [text[s["start"] : s["end"]] for s in result["slots"]] == ["XH202611250001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nlu", "train", "--data", "/nowhere", "--out", "/tmp/never"],
            "nlu_data_missing: NLU data folder /nowhere does not exist",
        ),
        (["nlu", "eval", "--data", "/nowhere", "--model", "/nowhere"], "nlu_data_missing"),
        (
            ["nlu", "predict", "你好", "--model", "/nowhere"],
            "nlu_model_not_found: NLU model /nowhere not found",
        ),
    ],
)
def test_errors_are_one_line_and_exit_1(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == message or result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_real_command_fails_without_a_traceback() -> None:
    result = kefu("nlu", "predict", "你好", "--model", "/nowhere")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == "nlu_model_not_found: NLU model /nowhere not found"


def test_bad_data_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "train.jsonl").write_text(
        '{"text": "你好", "intent": "chitchat"}\n{"text": \n', encoding="utf-8"
    )
    (tmp_path / "dev.jsonl").write_text('{"text": "你好", "intent": "chitchat"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["nlu", "train", "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "train.jsonl:2: bad JSON" in result.stderr and not (tmp_path / "m").exists()
