"""Sparse retrieval: BM25 (bm25s) over character unigrams+bigrams and words, plus coverage.

Besides ranking, it measures how much of a question a passage covers, weighted by how
informative each term is (IDF), so the dialogue layer can decide in code whether the
knowledge base answers a question at all.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import bm25s
import numpy as np

from kefu.knowledge.text import CJK_RUN, tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import: one line per index


class LexicalIndex:
    def __init__(self, texts: Sequence[str], synonyms: dict[str, list[str]] | None = None) -> None:
        self.synonyms = synonyms or {}
        # One str object per distinct term: a 100k-chunk KB has ~30M tokens but far fewer distinct
        # terms, and a fresh str per CJK bigram held ~2.4 GB more there (benchmarks/retrieval.py).
        distinct: dict[str, str] = {}
        token_lists = [[distinct.setdefault(term, term) for term in tokens(t)] for t in texts]
        self.terms = [set(t) for t in token_lists]
        document_frequency: Counter[str] = Counter(t for terms in self.terms for t in terms)
        # The KB's two-character Chinese terms: what a homophone typo can be corrected to.
        self.pair_frequency = {
            t: df for t, df in document_frequency.items() if len(t) == 2 and CJK_RUN.fullmatch(t)
        }
        n = max(1, len(texts))
        self._idf = {t: math.log((n + 1) / (df + 0.5)) for t, df in document_frequency.items()}
        self._unseen_idf = math.log((n + 1) / 0.5)
        self._bm25: bm25s.BM25 | None = None
        if texts:
            self._bm25 = bm25s.BM25()
            self._bm25.index(token_lists, show_progress=False)

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

    def similarity(self, query: Sequence[str], text: str) -> float:
        """Symmetric overlap of two short texts (F1 of the coverage each way), 0..1."""
        other = tokens(text)
        recall = self.coverage(query, set(other))
        precision = self.coverage(other, set(query))
        return 2 * recall * precision / (recall + precision) if recall + precision else 0.0

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 of every text for the query terms."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        known = [t for t in query if t in self._idf]
        if not known:
            return np.zeros(len(self.terms), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
