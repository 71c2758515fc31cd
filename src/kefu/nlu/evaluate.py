"""Evaluating a model directory on a split of a data set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kefu.nlu.data import Example, Split, load_split
from kefu.nlu.metrics import score
from kefu.nlu.predictor import NluModel


def evaluate_split(model_dir: Path, data_dir: Path, split: Split) -> dict[str, Any]:
    """`metrics.score` of the model on one split (the data's own tokens are used, not re-tokenized)."""
    examples = load_split(data_dir, split)
    model = NluModel.load(model_dir, threads=None)
    return evaluate(model, examples)


def evaluate(model: NluModel, examples: list[Example]) -> dict[str, Any]:
    decoded = model.decode([e.tokens for e in examples])
    report = score(
        [e.intent for e in examples],
        [list(e.tags) for e in examples],
        decoded.intents,
        decoded.tags,
        model.confident(decoded.confidences),
        model.oos_label,
    )
    return {**report, "threshold": model.threshold}
