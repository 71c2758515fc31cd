"""The knowledge bases of this installation: loaded per version, searched, changed.

The database holds the truth; an in-memory `KnowledgeIndex` is built (in a thread) for the
current version of each KB when first needed and replaced when the version moves on, e.g.
after `kefu kb ingest` ran in another process.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.index import ExactVectors, KnowledgeIndex, RetrievalSettings
from kefu.knowledge.passage import Hit, Passage
from kefu.knowledge.text import is_chinese
from kefu.knowledge.vectors.base import VectorBackend, VectorIndex
from kefu.store.kb_models import FaqVersion, KbChunk
from kefu.store.kb_repository import KnowledgeRepository, Snapshot


class KnowledgeService:
    def __init__(self, repository: KnowledgeRepository, embedder: Embedder, vectors: VectorBackend) -> None:
        self.repository = repository
        self.embedder = embedder
        self.vectors = vectors
        self._indexes: dict[str, KnowledgeIndex] = {}
        self._stamps: dict[str, tuple[int, str]] = {}  # what each cached index was built from
        self._locks: dict[str, asyncio.Lock] = {}

    async def names(self) -> list[str]:
        return await self.repository.names()

    async def version(self, name: str) -> int:
        """The KB's current version (an unknown KB raises `NotFound`)."""
        return await self.repository.version(name)

    async def index(self, name: str) -> KnowledgeIndex:
        """The index of the KB's current version (an unknown KB raises `NotFound`)."""
        stamp = await self.repository.stamp(name)
        cached = self._indexes.get(name)
        if cached is not None and self._stamps.get(name) == stamp:
            return cached
        async with self._locks.setdefault(name, asyncio.Lock()):
            stamp = await self.repository.stamp(name)
            cached = self._indexes.get(name)
            if cached is None or self._stamps.get(name) != stamp:
                snapshot = await self.repository.snapshot(name)
                cached = await asyncio.to_thread(self._build, snapshot)
                self._indexes[name], self._stamps[name] = cached, (cached.version, stamp[1])
            return cached

    async def embed_query(self, text: str) -> NDArray[np.float32]:
        vectors = await asyncio.to_thread(self.embedder.embed, [text])
        return np.asarray(vectors[0], dtype=np.float32)

    async def search(
        self, name: str, question: str, top_k: int = 5, category: str | None = None
    ) -> list[Hit]:
        index = await self.index(name)
        question = index.corrected(question)
        query_vector = await self.embed_query(question)
        return index.search(
            question,
            query_vector,
            top_k,
            category=category,
            today=date.today(),
            cross_lingual=index.cross_lingual("zh" if is_chinese(question) else "en"),
        )

    async def forget(self, name: str) -> None:
        """After the KB was deleted: drop its index from memory and disk."""
        self._indexes.pop(name, None)
        self._stamps.pop(name, None)
        await asyncio.to_thread(self.vectors.drop, name)

    def _build(self, snapshot: Snapshot) -> KnowledgeIndex:
        passages, owner_of = _passages(snapshot)
        vector_owner = {
            key: (owner_of[(kind, owner_id)], role)
            for key, (kind, owner_id, role) in zip(snapshot.vector_keys, snapshot.vector_owner, strict=True)
            if (kind, owner_id) in owner_of
        }
        return KnowledgeIndex(
            snapshot.name,
            snapshot.version,
            passages,
            self._vector_index(snapshot),
            vector_owner,
            RetrievalSettings.from_dict(snapshot.settings.get("retrieval", {})),
            snapshot.settings.get("synonyms", {}),
            _faq_vectors(snapshot, vector_owner),
        )

    def _vector_index(self, snapshot: Snapshot) -> VectorIndex | None:
        if not snapshot.vector_keys:
            return None
        loaded = self.vectors.load(snapshot.name, snapshot.version)
        if loaded is not None:
            return loaded
        keys = np.asarray(snapshot.vector_keys, dtype=np.int64)
        matrix = np.frombuffer(b"".join(snapshot.embeddings), dtype=np.float32).reshape(len(keys), -1)
        return self.vectors.build(snapshot.name, snapshot.version, keys, matrix)


def _faq_vectors(snapshot: Snapshot, vector_owner: dict[int, tuple[int, str]]) -> ExactVectors:
    rows = [
        (vector_owner[key], blob)
        for key, blob in zip(snapshot.vector_keys, snapshot.embeddings, strict=True)
        if key in vector_owner and vector_owner[key][1] != "chunk"
    ]
    if not rows:
        return ExactVectors(np.zeros((0, 0), dtype=np.float32), [])
    matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float32).reshape(len(rows), -1)
    return ExactVectors(matrix, [owner for owner, _ in rows])


def chunk_passage(chunk: KbChunk, file_name: str, kb: str) -> Passage:
    title = " / ".join(chunk.heading_path) or Path(file_name).stem
    return Passage(
        id=f"{file_name}#{chunk.position + 1}",
        kind="chunk",
        title=title,
        text=chunk.text,
        source=file_name,
        kb=kb,
        page=chunk.page,
    )


def faq_passage(row: FaqVersion) -> Passage:
    return Passage(
        id=row.faq_id,
        kind="faq",
        title=row.question,
        text=row.answer,
        source=row.source,
        kb=row.kb,
        version=row.version,
        category=row.category,
        match_texts=(row.question, *row.similar_questions),
        effective_from=row.effective_from,
        effective_to=row.effective_to,
    )


def _passages(snapshot: Snapshot) -> tuple[list[Passage], dict[tuple[str, int], int]]:
    """Passages in a stable order, and where each chunk / FAQ row landed."""
    passages: list[Passage] = []
    owner_of: dict[tuple[str, int], int] = {}
    for row in snapshot.faqs:
        owner_of[("faq", row.id)] = len(passages)
        passages.append(faq_passage(row))
    for chunk, file_name in snapshot.chunks:
        owner_of[("chunk", chunk.id)] = len(passages)
        passages.append(chunk_passage(chunk, file_name, snapshot.name))
    return passages, owner_of


def embedding_text(passage_title: str, text: str) -> str:
    """What a chunk's vector is computed from: its heading path gives the text its topic."""
    return f"{passage_title}\n{text}" if passage_title else text
