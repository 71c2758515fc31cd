"""Scores of an NLU model: intent accuracy, conlleval-style slot F1, sentence accuracy, out-of-scope.

Slot F1 counts exact span matches, as conlleval (and seqeval's default mode) does: a chunk starts at
`B-x`, or at an `I-x` that does not continue a chunk of type x; it ends before any tag that is not
`I-x`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Chunk = tuple[str, int, int]  # type, first token, last token (inclusive)


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """The chunks of one BIO tag sequence, conlleval style."""
    found: list[Chunk] = []
    kind: str | None = None
    first = 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_type = tag.partition("-")
        if kind is not None and (prefix != "I" or tag_type != kind):
            found.append((kind, first, i - 1))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, first = tag_type, i
    return found


@dataclass(frozen=True, slots=True)
class SlotScore:
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int


def slot_score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> SlotScore:
    """Micro-averaged span precision, recall and F1 over sentences (0.0 where undefined)."""
    gold_chunks = {(n, *c) for n, tags in enumerate(gold) for c in chunks(tags)}
    predicted_chunks = {(n, *c) for n, tags in enumerate(predicted) for c in chunks(tags)}
    correct = len(gold_chunks & predicted_chunks)
    precision = correct / len(predicted_chunks) if predicted_chunks else 0.0
    recall = correct / len(gold_chunks) if gold_chunks else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SlotScore(precision, recall, f1, len(gold_chunks), len(predicted_chunks), correct)


def score(
    gold_intents: Sequence[str],
    gold_tags: Sequence[Sequence[str]],
    intents: Sequence[str],
    tags: Sequence[Sequence[str]],
    confident: Sequence[bool],
    oos_label: str | None = None,
) -> dict[str, float | int | None]:
    """The evaluation report.

    `intents` are the model's top intents (closed set) and `confident[i]` whether that intent's
    probability reached the calibrated threshold (else the model answers `none`).
    `intent_accuracy` and `sentence_accuracy` are closed-set, as published results are;
    `slot_f1` is null when neither the data nor the model has any slot.
    With an out-of-scope label in the data, `in_scope_accuracy` (an in-scope utterance is right
    when its intent is predicted with confidence) and `oos_recall` (an out-of-scope utterance is
    caught when predicted as the oos label or `none`) apply the threshold, as Larson et al. 2019 do.
    """
    n = len(gold_intents)
    slots = slot_score(gold_tags, tags)
    intent_right = [g == p for g, p in zip(gold_intents, intents, strict=True)]
    sentence_right = [
        right and chunks(g) == chunks(p) for right, g, p in zip(intent_right, gold_tags, tags, strict=True)
    ]
    report: dict[str, float | int | None] = {
        "intent_accuracy": _share(intent_right),
        "slot_f1": slots.f1 if slots.gold or slots.predicted else None,
        "sentence_accuracy": _share(sentence_right),
        "slot_precision": slots.precision if slots.gold or slots.predicted else None,
        "slot_recall": slots.recall if slots.gold or slots.predicted else None,
        "utterances": n,
        "gold_slots": slots.gold,
        "below_threshold": _share([not c for c in confident]),
    }
    if oos_label is not None and oos_label in gold_intents:
        outcome = [p if c else "none" for p, c in zip(intents, confident, strict=True)]
        in_scope = [o == g for g, o in zip(gold_intents, outcome, strict=True) if g != oos_label]
        caught = [
            o in (oos_label, "none") for g, o in zip(gold_intents, outcome, strict=True) if g == oos_label
        ]
        report |= {
            "in_scope_accuracy": _share(in_scope),
            "oos_recall": _share(caught),
            "in_scope_utterances": len(in_scope),
            "oos_utterances": len(caught),
        }
    return report


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0
