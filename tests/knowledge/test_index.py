"""The hybrid index's FAQ matching when document chunks far outnumber FAQ entries."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kefu.knowledge.index import ExactVectors, KnowledgeIndex, RetrievalSettings
from kefu.knowledge.passage import Passage
from kefu.knowledge.vectors.registry import create_vector_backend


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def test_a_faq_is_scored_even_when_hundreds_of_chunks_are_closer(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    query = _unit(rng.normal(size=64))
    faq = Passage("faq-1", "faq", "运费多少？", "运费10元。", "faq.csv", match_texts=("运费多少？",))
    chunks = [Passage(f"doc.md#{n}", "chunk", "文档", f"第{n}段。", "doc.md") for n in range(300)]
    passages = [faq, *chunks]
    # Every chunk is closer to the query (cosine ~0.9) than the FAQ phrasing (~0.6).
    chunk_vectors = np.stack([_unit(query + 0.5 * _unit(rng.normal(size=64))) for _ in chunks])
    faq_vector = _unit(query + 1.3 * _unit(rng.normal(size=64)))
    keys = np.arange(1, len(chunks) + 2, dtype=np.int64)
    vectors = create_vector_backend("faiss", tmp_path).build(
        "t", 1, keys, np.vstack([faq_vector[None, :], chunk_vectors])
    )
    owner = {1: (0, "question"), **{int(k): (int(k) - 1, "chunk") for k in keys[1:]}}
    cosine = float(faq_vector @ query)

    crowded = KnowledgeIndex("t", 1, passages, vectors, owner, RetrievalSettings())
    match = crowded.match_faq("随便", query)
    assert match is None or match.dense == 0.0  # only 90 neighbours are looked at: the FAQ is not among them

    exact = ExactVectors(faq_vector[None, :], [(0, "question")])
    index = KnowledgeIndex("t", 1, passages, vectors, owner, RetrievalSettings(), faq_vectors=exact)
    match = index.match_faq("随便", query)
    assert match is not None and match.passage.id == "faq-1" and abs(match.dense - cosine) < 1e-5
