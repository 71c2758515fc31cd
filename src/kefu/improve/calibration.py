"""`kefu eval calibrate`: choose a KB's routing thresholds on labelled dev questions.

Method: every question is retrieved once, keeping the evidence routing uses (each FAQ
candidate's score; each passage's relevance). Routing is then replayed without retrieval
for a grid of (FAQ threshold, answer threshold), scoring
balanced accuracy: the mean of (in-scope questions answered with the expected citation) and
(out-of-scope questions declined). Among equally good settings the median one is taken, away
from the edges of the plateau. The clarify threshold sits `CLARIFY_MARGIN` below the answer
threshold. Questions in another language than the KB (English to a Chinese KB) score lower
against the same passages; with the thresholds fixed, the offset that lowers them for such
questions is then chosen on the cross-lingual questions alone (the smallest of the best, when
the set has at least `MIN_CROSS_LINGUAL` of them in scope). The result is stored with the KB
and used from its next question on.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from kefu.dialog.routing import decide_fixed
from kefu.improve.cases import Case
from kefu.knowledge.index import KnowledgeIndex, RetrievalSettings
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.text import is_chinese
from kefu.store.kb_repository import KnowledgeRepository

CLARIFY_MARGIN = 0.1
THRESHOLDS = tuple(round(0.3 + 0.01 * step, 2) for step in range(71))  # 0.30 … 1.00
OFFSETS = tuple(round(0.01 * step, 2) for step in range(31))  # 0.00 … 0.30
MIN_CROSS_LINGUAL = 8


@dataclass(frozen=True)
class _Evidence:
    case: Case
    cross_lingual: bool  # asked in another language than the KB's
    faqs: list[tuple[float, bool]]  # (FAQ score, is the expected citation), best first
    passages: list[tuple[float, bool]]  # (relevance, is the expected citation), best first


async def calibrate(
    service: KnowledgeService,
    repository: KnowledgeRepository,
    kb: str,
    cases: list[Case],
    *,
    save: bool = True,
) -> dict[str, Any]:
    index = await service.index(kb)
    evidence = [await _evidence(service, index, c) for c in cases if decide_fixed(c.question) is None]
    before = _score(evidence, index.settings)
    best = _search(evidence, index.settings)
    best = _search_offset([e for e in evidence if e.cross_lingual], best)
    after = _score(evidence, best)
    report = {
        "kb": kb,
        "questions": len(evidence),
        "before": {"settings": asdict(index.settings), **before},
        "after": {"settings": asdict(best), **after},
        "calibrated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if save:
        await repository.update_settings(
            kb,
            {
                "retrieval": asdict(best),
                "calibration": {k: report[k] for k in ("questions", "calibrated_at")},
            },
        )
    return report


async def _evidence(service: KnowledgeService, index: KnowledgeIndex, case: Case) -> _Evidence:
    question = index.corrected(case.question)
    vector = await service.embed_query(question)
    cross_lingual = index.cross_lingual("zh" if is_chinese(question) else "en")
    hits = index.search(question, vector, top_k=None, cross_lingual=cross_lingual)
    scored = [(h.relevance, case.cites(h.passage.id, h.passage.source), h.passage.kind) for h in hits]
    faqs = [(relevance, cited) for relevance, cited, kind in scored if kind == "faq"]
    passages = [(relevance, cited) for relevance, cited, _ in scored[:10]]
    return _Evidence(case, cross_lingual, faqs[:10], passages)


def _answered(e: _Evidence, s: RetrievalSettings) -> tuple[bool, bool]:
    """(answered from the KB, with the expected first citation) under settings `s`."""
    s = s.for_question(e.cross_lingual)
    if e.faqs and e.faqs[0][0] >= s.faq_threshold:
        return True, e.faqs[0][1]
    if e.passages and e.passages[0][0] >= s.answer_threshold:
        return True, e.passages[0][1]
    return False, False


def _score(evidence: list[_Evidence], s: RetrievalSettings) -> dict[str, Any]:
    inside = [_answered(e, s)[1] for e in evidence if e.case.in_scope]
    outside = [not _answered(e, s)[0] for e in evidence if not e.case.in_scope and not e.case.handoff]
    in_rate = sum(inside) / len(inside) if inside else 1.0
    out_rate = sum(outside) / len(outside) if outside else 1.0
    return {
        "in_scope_correct": round(in_rate, 4),
        "out_of_scope_declined": round(out_rate, 4),
        "balanced_accuracy": round((in_rate + out_rate) / 2, 4),
    }


def _search(evidence: list[_Evidence], current: RetrievalSettings) -> RetrievalSettings:
    results = [
        (_score(evidence, candidate)["balanced_accuracy"], candidate)
        for candidate in (_with_thresholds(current, f, a) for f in THRESHOLDS for a in THRESHOLDS)
    ]
    top = max(score for score, _ in results)
    tied = [candidate for score, candidate in results if score == top]
    # The middle of the plateau in each threshold on its own: the median of the tied pairs in
    # grid order leans to whichever corner the other threshold's ties sit in.
    middle = _with_thresholds(
        current,
        statistics.median_low(sorted({c.faq_threshold for c in tied})),
        statistics.median_low(sorted({c.answer_threshold for c in tied})),
    )
    return middle if middle in tied else tied[len(tied) // 2]


def _with_thresholds(current: RetrievalSettings, faq: float, answer: float) -> RetrievalSettings:
    """`current` with these FAQ and answer thresholds, and the clarify threshold below the latter."""
    clarify = round(max(0.0, answer - CLARIFY_MARGIN), 2)
    return replace(current, faq_threshold=faq, answer_threshold=answer, clarify_threshold=clarify)


def _search_offset(evidence: list[_Evidence], current: RetrievalSettings) -> RetrievalSettings:
    """The cross-lingual offset, chosen on the cross-lingual questions (kept when too few)."""
    if sum(e.case.in_scope for e in evidence) < MIN_CROSS_LINGUAL:
        return current
    results = [
        (_score(evidence, candidate)["balanced_accuracy"], candidate)
        for candidate in (replace(current, cross_lingual_offset=offset) for offset in OFFSETS)
    ]
    # The smallest of the best: dev sets hold few cross-lingual out-of-scope questions, so the
    # plateau's upper end is poorly bounded and lowering thresholds further is the risky side.
    top = max(score for score, _ in results)
    return next(candidate for score, candidate in results if score == top)
