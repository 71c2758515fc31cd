"""Everything a running kefu needs, started and stopped together (used by the API and the CLI)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from kefu.config import Settings
from kefu.dialog.conversations import ConversationService
from kefu.dialog.pipeline import TurnPipeline
from kefu.engine.admission import AdmissionGate, AdmittedEngine
from kefu.engine.base import ManagedEngine
from kefu.engine.registry import create_engine
from kefu.knowledge.bases import KnowledgeBases
from kefu.store.database import Database
from kefu.store.repository import ConversationRepository

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    database: Database
    engine: AdmittedEngine
    knowledge: KnowledgeBases
    pipeline: TurnPipeline
    conversations: ConversationService


@contextlib.asynccontextmanager
async def open_runtime(settings: Settings, engine: ManagedEngine | None = None) -> AsyncIterator[Runtime]:
    """Migrate the database, load the knowledge bases, start the engine; undo it all on exit.

    `engine` replaces the configured one (tests pass a `FakeEngine`).
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.sqlalchemy_url)
    gate = AdmissionGate(settings.max_batch_size, settings.max_queue, settings.queue_timeout_s)
    admitted = AdmittedEngine(engine or create_engine(settings), gate)
    try:
        await database.migrate()
        knowledge = await asyncio.to_thread(KnowledgeBases.load, settings.data_dir, settings.default_kb)
        log.info("knowledge bases: %s", ", ".join(knowledge.names()))
        await admitted.start()
        pipeline = TurnPipeline(settings, admitted, knowledge)
        conversations = ConversationService(
            ConversationRepository(database.sessions), pipeline, settings.history_turns
        )
        yield Runtime(settings, database, admitted, knowledge, pipeline, conversations)
    finally:
        await admitted.aclose()
        await database.aclose()
