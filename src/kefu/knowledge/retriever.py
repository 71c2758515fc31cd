"""Simple lexical retrieval over one knowledge base (BM25 on character n-grams).

Besides ranking, it measures how much of the question a passage covers, weighted by how
informative each term is (IDF), so the dialogue layer can decide in code whether the
knowledge base answers a question at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from kefu.knowledge.documents import Passage
from kefu.knowledge.text import tokens


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # BM25, for ranking
    coverage: float  # 0..1: IDF-weighted share of the question's terms found in the passage
    evidence: float  # IDF mass of the question's words (not single characters) found in the passage


class LexicalIndex:
    def __init__(self, passages: Sequence[Passage], synonyms: dict[str, list[str]] | None = None) -> None:
        self.passages = list(passages)
        self.synonyms = synonyms or {}
        self._terms = [set(tokens(_indexed_text(p))) for p in self.passages]
        document_frequency: Counter[str] = Counter(t for terms in self._terms for t in terms)
        n = max(1, len(self.passages))
        self._idf = {t: math.log((n + 1) / (df + 0.5)) for t, df in document_frequency.items()}
        self._unseen_idf = math.log((n + 1) / 0.5)
        self._bm25 = BM25Okapi([tokens(_indexed_text(p)) for p in self.passages]) if self.passages else None

    def query_terms(self, question: str) -> list[str]:
        """The question's terms, plus the knowledge base's own translations of words it knows.

        When a translation was added, words the knowledge base never uses are dropped: in an
        English question to a Chinese knowledge base they carry no evidence either way.
        """
        lowered = question.lower()
        translations = [
            replacement
            for word, replacements in self.synonyms.items()
            if re.search(rf"\b{re.escape(word)}", lowered)  # "ship" in "shipping", not in "membership"
            for replacement in replacements
        ]
        terms = tokens(question)
        if not translations:
            return terms
        return [t for t in terms if t in self._idf] + tokens(" ".join(translations))

    def weight(self, term: str) -> float:
        return self._idf.get(term, self._unseen_idf)

    def coverage(self, query: Iterable[str], terms: set[str]) -> float:
        query_terms = set(query)
        total = sum(self.weight(t) for t in query_terms)
        return sum(self.weight(t) for t in query_terms if t in terms) / total if total else 0.0

    def evidence(self, query: Iterable[str], terms: set[str]) -> float:
        return sum(self.weight(t) for t in set(query) if len(t) > 1 and t in terms)

    def search(self, question: str, top_k: int = 5, kind: str | None = None) -> list[Hit]:
        if self._bm25 is None:
            return []
        query = self.query_terms(question)
        scores = self._bm25.get_scores(query)
        ranked = sorted(range(len(self.passages)), key=lambda i: -scores[i])
        hits = []
        for i in ranked:
            if kind and self.passages[i].kind != kind:
                continue
            if scores[i] <= 0:
                break
            terms = self._terms[i]
            hits.append(
                Hit(
                    self.passages[i],
                    float(scores[i]),
                    self.coverage(query, terms),
                    self.evidence(query, terms),
                )
            )
            if len(hits) == top_k:
                break
        return hits

    def match_faq(self, question: str) -> tuple[Passage, float] | None:
        """The FAQ whose question (or a variant) best matches, with a symmetric similarity in 0..1."""
        query = self.query_terms(question)
        best: tuple[Passage, float] | None = None
        for hit in self.search(question, top_k=10, kind="faq"):
            for variant in hit.passage.match_texts:
                variant_terms = tokens(variant)
                recall = self.coverage(query, set(variant_terms))
                precision = self.coverage(variant_terms, set(query))
                similarity = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
                if best is None or similarity > best[1]:
                    best = (hit.passage, similarity)
        return best


def _indexed_text(passage: Passage) -> str:
    return " ".join((passage.title, *passage.match_texts, passage.text))
