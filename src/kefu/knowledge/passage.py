"""What retrieval returns: passages (a FAQ entry or a document chunk) and scored hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: one served FAQ version, or one chunk of a document."""

    id: str  # FAQ id, or "<file>#<n>" for a chunk
    kind: str  # "faq" | "chunk"
    title: str  # FAQ question, or the chunk's heading path
    text: str  # FAQ answer, or the chunk's text
    source: str  # the ingested file's name ("api" for FAQ entries written through the API)
    kb: str = ""
    version: int | None = None  # FAQ version
    category: str | None = None
    page: int | None = None
    match_texts: tuple[str, ...] = field(default=())  # FAQ: the question and its variants
    effective_from: date | None = None
    effective_to: date | None = None

    def in_effect(self, today: date) -> bool:
        starts, ends = self.effective_from, self.effective_to
        return (starts is None or starts <= today) and (ends is None or today <= ends)

    @property
    def indexed_text(self) -> str:
        """What the lexical index sees."""
        return " ".join((self.title, *self.match_texts, self.text))


@dataclass(frozen=True)
class Hit:
    """A passage ranked for a question, with the evidence the dialogue layer decides on."""

    passage: Passage
    score: float  # fused rank score (reciprocal-rank fusion), for ordering candidates
    dense: float  # cosine of the question to the chunk, or to the FAQ's closest phrasing
    lexical: float  # BM25
    coverage: float  # 0..1: IDF-weighted share of the question's terms found in the passage
    relevance: float  # 0..1: does this passage answer the question (what thresholds compare)
    answer: float = 0.0  # FAQ: cosine of the question to the answer
    overlap: float = 0.0  # FAQ: best term overlap with a phrasing

    def record(self) -> dict[str, Any]:
        """The hit as `kefu kb search --json` and `POST /v1/kb/{name}/search` show it."""
        p = self.passage
        return {
            "id": p.id,
            "kb": p.kb,
            "source": p.source,
            "title": p.title,
            "text": p.text,
            "score": round(self.relevance, 4),
            "kind": p.kind,
            "version": p.version,
            "category": p.category,
            "page": p.page,
            "dense": round(self.dense, 4),
            "coverage": round(self.coverage, 4),
        }


@dataclass(frozen=True)
class FaqMatch:
    """A FAQ entry scored against the customer's question."""

    passage: Passage
    dense: float  # best cosine over the question's phrasings
    answer: float  # cosine to the answer
    lexical: float  # best symmetric term overlap (F1 of IDF-weighted coverage) over the phrasings
    score: float  # the weighted mean of the three (RetrievalSettings.faq_score)

    @classmethod
    def of(cls, hit: Hit) -> FaqMatch:
        """The match a FAQ entry's search hit stands for."""
        return cls(hit.passage, hit.dense, hit.answer, hit.overlap, hit.relevance)
