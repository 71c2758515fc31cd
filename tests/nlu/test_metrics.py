"""conlleval-style chunks and span F1 against hand-computed cases (and seqeval's rules)."""

from __future__ import annotations

import pytest

from kefu.nlu.metrics import chunks, score, slot_score


def test_chunks_follow_conlleval() -> None:
    assert chunks(["B-a", "I-a", "O", "B-b"]) == [("a", 0, 1), ("b", 3, 3)]
    assert chunks(["I-a", "I-a"]) == [("a", 0, 1)]  # I- without B- starts a chunk
    assert chunks(["B-a", "I-b"]) == [("a", 0, 0), ("b", 1, 1)]  # a type change ends one
    assert chunks(["B-a", "B-a"]) == [("a", 0, 0), ("a", 1, 1)]
    assert chunks(["O", "O"]) == []
    assert chunks(["B-x-y", "I-x-y"]) == [("x-y", 0, 1)]  # hyphens inside a type


def test_span_f1_counts_exact_spans_only() -> None:
    gold = [["B-a", "I-a", "O", "B-b"], ["B-c", "O"]]
    predicted = [["B-a", "O", "O", "B-b"], ["B-c", "O"]]
    result = slot_score(gold, predicted)
    # 3 gold spans, 3 predicted, 2 right (a is cut short): P = R = 2/3
    assert (result.gold, result.predicted, result.correct) == (3, 3, 2)
    assert result.precision == pytest.approx(2 / 3) and result.f1 == pytest.approx(2 / 3)


def test_span_f1_with_unequal_precision_and_recall() -> None:
    gold = [["B-a", "O", "B-b", "I-b"]]
    predicted = [["B-a", "O", "O", "O"]]
    result = slot_score(gold, predicted)
    assert result.precision == 1.0 and result.recall == 0.5
    assert result.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert slot_score([["O"]], [["O"]]).f1 == 0.0


def test_score_report_and_out_of_scope() -> None:
    report = score(
        gold_intents=["a", "a", "oos", "oos"],
        gold_tags=[["B-x"], ["O"], ["O"], ["O"]],
        intents=["a", "a", "a", "oos"],
        tags=[["B-x"], ["B-x"], ["O"], ["O"]],
        confident=[True, False, False, True],
        oos_label="oos",
    )
    assert report["intent_accuracy"] == 0.75  # closed set: 3 of 4
    assert report["sentence_accuracy"] == 0.5  # the second has a wrong slot, the third a wrong intent
    assert report["slot_precision"] == 0.5 and report["slot_recall"] == 1.0
    assert report["in_scope_accuracy"] == 0.5  # the second is below the threshold
    assert report["oos_recall"] == 1.0  # one below the threshold, one predicted oos
    assert report["below_threshold"] == 0.5


def test_intent_only_data_has_no_slot_f1() -> None:
    report = score(["a"], [["O"]], ["a"], [["O"]], [True])
    assert report["slot_f1"] is None and report["sentence_accuracy"] == 1.0 and "oos_recall" not in report
