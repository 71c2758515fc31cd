"""Threshold calibration: the middle of the plateau of equally good thresholds."""

from __future__ import annotations

from kefu.improve.calibration import _Evidence, _score, _search
from kefu.improve.cases import Case
from kefu.knowledge.index import RetrievalSettings


def evidence(question: str, faq: float, passage: float, *, in_scope: bool) -> _Evidence:
    case = Case(question, expected_faq="faq-1" if in_scope else None)
    return _Evidence(case, False, [(faq, in_scope)], [(passage, in_scope)])


def test_each_threshold_is_the_middle_of_its_own_plateau() -> None:
    # In scope: the expected FAQ entry scores 0.80 and no passage counts; out of scope: a FAQ
    # entry at 0.50 and a passage at 0.40. Every FAQ threshold in 0.51..0.80 with every answer
    # threshold in 0.41..1.00 separates them. The median of those pairs in grid order would sit
    # at the answer threshold's edge (0.41); each threshold's own middle does not.
    cases = [evidence(f"in {n}", 0.80, 0.0, in_scope=True) for n in range(3)]
    cases += [evidence(f"out {n}", 0.50, 0.40, in_scope=False) for n in range(3)]
    best = _search(cases, RetrievalSettings())
    assert _score(cases, best)["balanced_accuracy"] == 1.0
    assert 0.64 <= best.faq_threshold <= 0.66
    assert 0.69 <= best.answer_threshold <= 0.71
    assert best.clarify_threshold == round(best.answer_threshold - 0.1, 2)
