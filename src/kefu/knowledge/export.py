"""A knowledge base as one JSON document: FAQ entries (re-ingestable as a FAQ JSON file),
their version history, and the documents' chunks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kefu.knowledge.service import chunk_passage
from kefu.store.kb_models import FaqVersion
from kefu.store.kb_repository import KnowledgeRepository


async def export_kb(repository: KnowledgeRepository, name: str) -> dict[str, Any]:
    kb = await repository.get(name)
    snapshot = await repository.snapshot(name)
    history = await repository.faq_versions(name)
    documents: dict[str, list[dict[str, Any]]] = {}
    for chunk, file_name in snapshot.chunks:
        passage = chunk_passage(chunk, file_name, name)
        documents.setdefault(file_name, []).append(
            {"id": passage.id, "title": passage.title, "page": passage.page, "text": passage.text}
        )
    return {
        "kb": name,
        "description": kb.description,
        "version": snapshot.version,
        "exported_at": datetime.now(UTC).isoformat(),
        "faqs": [_faq(row) for row in snapshot.faqs],
        "faq_history": [{**_faq(row), "version": row.version, "status": row.status} for row in history],
        "documents": [{"name": n, "chunks": chunks} for n, chunks in documents.items()],
    }


def _faq(row: FaqVersion) -> dict[str, Any]:
    return {
        "id": row.faq_id,
        "question": row.question,
        "answer": row.answer,
        "category": row.category,
        "similar_questions": "|".join(row.similar_questions),
        "effective_from": row.effective_from.isoformat() if row.effective_from else None,
        "effective_to": row.effective_to.isoformat() if row.effective_to else None,
    }
