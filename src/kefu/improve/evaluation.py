"""`kefu eval answers` and `kefu eval retrieval`: how well a KB answers labelled questions."""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

import numpy as np

from kefu.dialog.pipeline import Citation, TurnPipeline, TurnResult, cite
from kefu.dialog.state import DialogState
from kefu.improve.cases import Case
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.text import is_chinese

DECLINED = ("refuse", "clarify", "handoff")  # an out-of-scope question answered with none of the KB


async def evaluate_answers(
    pipeline: TurnPipeline, kb: str, cases: list[Case], *, generate: bool = True
) -> dict[str, Any]:
    """Run every case through the pipeline; per-case results and a summary.

    With `generate=False` no LLM is called: routes and citations are decided exactly as in a
    turn, RAG answers are left empty (and their facts unchecked).
    """
    rows = []
    for case in cases:
        started = time.monotonic()
        result = await (_answer(pipeline, kb, case) if generate else _route_only(pipeline, kb, case))
        latency_ms = round((time.monotonic() - started) * 1000)
        rows.append(_row(case, result, latency_ms, generate))
    return {"kb": kb, "generated": generate, "summary": _summary(cases, rows), "cases": rows}


async def _answer(pipeline: TurnPipeline, kb: str, case: Case) -> TurnResult:
    return await pipeline.run(case.question, DialogState(), kb)


async def _route_only(pipeline: TurnPipeline, kb: str, case: Case) -> TurnResult:
    index = await pipeline.knowledge.index(kb)
    lang = "zh" if is_chinese(case.question) else "en"
    _screened, plan = await pipeline.screened_plan(case.question, DialogState(), index, lang)
    if plan is None:  # blocked by the input filter
        return TurnResult("", "blocked", lang, kb_version=index.version)
    decision = plan.decision
    answer = decision.passages[0].text if decision.route == "faq" else ""
    citations = [cite(decision.passages[0], decision.scores[0])] if decision.route in ("faq", "rag") else []
    return TurnResult(
        answer,
        decision.route,
        lang,
        citations,
        intent=plan.understanding.intent,
        handoff=decision.handoff,
        kb_version=index.version,
    )


def is_correct(case: Case, route: str, citations: list[Citation]) -> bool:
    """In scope: answered (faq/rag) and the first citation is the expected one.
    Out of scope: declined (refuse/clarify/handoff). Handoff requests: handed off."""
    if case.handoff:
        return route == "handoff"
    if case.in_scope:
        return (
            route in ("faq", "rag") and bool(citations) and case.cites(citations[0].id, citations[0].source)
        )
    return route in DECLINED


def _row(case: Case, result: TurnResult, latency_ms: int, generated: bool) -> dict[str, Any]:
    checked = generated or result.route == "faq"
    found = case.facts_found(result.reply) if checked else []
    return {
        "question": case.question,
        "expected_faq": case.expected_faq,
        "expected_source": case.expected_source,
        "in_scope": case.in_scope,
        "handoff_expected": case.handoff,
        "route": result.route,
        "citations": [asdict(c) for c in result.citations],
        "answer": result.reply,
        "correct": is_correct(case, result.route, result.citations),
        "facts": list(case.facts),
        "facts_found": found,
        "grounded": result.grounded,
        "latency_ms": latency_ms,
    }


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _summary(cases: list[Case], rows: list[dict[str, Any]]) -> dict[str, Any]:
    in_scope = [r for r in rows if r["in_scope"]]
    out_of_scope = [r for r in rows if not r["in_scope"] and not r["handoff_expected"]]
    handoffs = [r for r in rows if r["handoff_expected"]]
    facts = [hit for r in in_scope for hit in r["facts_found"]]
    latencies = np.array([r["latency_ms"] for r in rows], dtype=float)
    routes: dict[str, int] = {}
    for r in rows:
        routes[r["route"]] = routes.get(r["route"], 0) + 1
    return {
        "cases": len(rows),
        "in_scope": len(in_scope),
        "out_of_scope": len(out_of_scope),
        "handoff_requests": len(handoffs),
        "correct_citation_rate": _rate([r["correct"] for r in in_scope]),
        "refusal_rate": _rate([r["correct"] for r in out_of_scope]),
        "handoff_rate": _rate([r["correct"] for r in handoffs]),
        "fact_coverage": _rate(facts),
        "facts_checked": len(facts),
        "routes": routes,
        "latency_ms_p50": float(np.percentile(latencies, 50)) if len(latencies) else None,
        "latency_ms_p95": float(np.percentile(latencies, 95)) if len(latencies) else None,
    }


async def evaluate_retrieval(service: KnowledgeService, kb: str, cases: list[Case]) -> dict[str, Any]:
    """recall@1/3/10 and MRR of the expected FAQ or source among the hybrid search's top 10."""
    ranks: list[int | None] = []
    for case in (c for c in cases if c.in_scope):
        hits = await service.search(kb, case.question, top_k=10)
        ranks.append(
            next((n for n, h in enumerate(hits, 1) if case.cites(h.passage.id, h.passage.source)), None)
        )

    def recall(k: int) -> float | None:
        return _rate([r is not None and r <= k for r in ranks])

    return {
        "kb": kb,
        "questions": len(ranks),
        "recall@1": recall(1),
        "recall@3": recall(3),
        "recall@10": recall(10),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else None,
    }
