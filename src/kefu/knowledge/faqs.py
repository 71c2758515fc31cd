"""Governed FAQ answers: every edit is a new version, served only once approved.

Until roles exist (security issue) anyone with API access may approve; the approver is
recorded, and the maker-checker rule (approver ≠ author) plugs in at `approve`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import numpy as np

from kefu.errors import InvalidInput
from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.ingest import text_sha256
from kefu.store.kb_models import FaqVersion
from kefu.store.kb_repository import KnowledgeRepository, NewFaq, NewVector


@dataclass(frozen=True)
class FaqDraft:
    question: str
    answer: str
    category: str | None = None
    similar_questions: tuple[str, ...] = ()
    effective_from: date | None = None
    effective_to: date | None = None


class FaqEditor:
    def __init__(self, repository: KnowledgeRepository, embedder: Embedder) -> None:
        self.repository = repository
        self.embedder = embedder

    async def propose(
        self, kb: str, faq_id: str, draft: FaqDraft, author: str | None, note: str | None
    ) -> FaqVersion:
        """Store `draft` as the next version of `faq_id` (a new entry when the id is new)."""
        question, answer = draft.question.strip(), draft.answer.strip()
        if not question or not answer:
            raise InvalidInput("empty_faq", "Question and answer must not be empty.", "问题和答案不能为空。")
        if draft.effective_from and draft.effective_to and draft.effective_to < draft.effective_from:
            raise InvalidInput(
                "invalid_dates",
                "effective_to is before effective_from.",
                "失效日期早于生效日期。",
            )
        variants = [q.strip() for q in draft.similar_questions if q.strip() and q.strip() != question]
        phrasings = list(dict.fromkeys([question, *variants]))
        vectors = await asyncio.to_thread(self.embedder.embed, [*phrasings, answer])
        faq = NewFaq(
            faq_id=faq_id,
            question=question,
            answer=answer,
            category=draft.category,
            similar_questions=phrasings[1:],
            effective_from=draft.effective_from,
            effective_to=draft.effective_to,
            vectors=[
                NewVector(text_sha256(text), np.asarray(v, dtype=np.float32).tobytes(), role)
                for text, v, role in zip(
                    [*phrasings, answer], vectors, [*("question" for _ in phrasings), "answer"], strict=True
                )
            ],
        )
        return await self.repository.add_faq_version(kb, faq, author, note)

    async def approve(self, kb: str, faq_id: str, version: int, actor: str | None) -> FaqVersion:
        """Serve this version from now on (the previously served one is superseded)."""
        return await self.repository.set_faq_status(kb, faq_id, version, "approved", actor)

    async def retire(self, kb: str, faq_id: str, version: int, actor: str | None) -> FaqVersion:
        return await self.repository.set_faq_status(kb, faq_id, version, "retired", actor)
