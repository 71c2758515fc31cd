"""One customer turn: safety → understanding → handoff → FAQ → RAG+LLM → clarify/refuse.

Decisions that must be reliable (is this answerable? does the customer want a person?) are
made in code (`routing.py`); the LLM only phrases an answer from retrieved facts, and a
generated sentence stating a number the facts do not contain is replaced by the source text.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from kefu.config import Settings
from kefu.dialog.citing import MARKER, CitationTracker
from kefu.dialog.grounding import SENTENCE_END, ungrounded_numbers
from kefu.dialog.prompt import build_messages
from kefu.dialog.replies import clarify_reply, reply
from kefu.dialog.routing import Decision, decide, decide_fixed
from kefu.dialog.state import DialogState
from kefu.engine.base import Engine, GenerationParams
from kefu.errors import InvalidInput
from kefu.knowledge.index import KnowledgeIndex
from kefu.knowledge.passage import Passage
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.text import is_chinese

# An elliptical follow-up ("那运费呢？", "what about refunds?") leans on the previous question;
# a complete new question does not.
FOLLOW_UP = re.compile(
    r"^(?:那|那么|那如果|这|这个|它|还有|如果|要是|另外)|呢[？?。！!]?$"
    r"|^(?:and|what about|how about|and if)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    id: str  # FAQ id, or "<file>#<n>" for a document chunk
    kb: str
    source: str  # the ingested file's name
    title: str
    score: float
    kind: str = "chunk"  # faq | chunk
    version: int | None = None  # FAQ version served
    page: int | None = None


@dataclass
class TurnResult:
    """Everything the messages endpoint returns about a turn (besides ids)."""

    reply: str
    route: str  # greeting | handoff | faq | rag | clarify | refuse
    language: str
    citations: list[Citation] = field(default_factory=list)
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    handoff: bool = False
    grounded: bool = True
    kb_version: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int = 0


class TurnPipeline:
    def __init__(self, settings: Settings, engine: Engine, knowledge: KnowledgeService) -> None:
        self.settings = settings
        self.engine = engine
        self.knowledge = knowledge

    def check_text(self, text: str) -> str:
        """The customer's text, stripped; empty or over-long text is refused."""
        stripped = text.strip()
        if not stripped:
            raise InvalidInput("empty_text", "The message is empty.", "消息内容不能为空。")
        limit = self.settings.max_input_chars
        if len(stripped) > limit:
            raise InvalidInput(
                "text_too_long",
                f"The message has {len(stripped)} characters; the limit is {limit}.",
                f"消息过长（{len(stripped)} 字），上限为 {limit} 字。",
                status=413,
            )
        return stripped

    async def run(self, text: str, state: DialogState, kb_name: str) -> TurnResult:
        """One turn, the reply whole."""
        async for event in self.stream(text, state, kb_name):
            if isinstance(event, TurnResult):
                return event
        raise AssertionError("a turn always ends with its result")  # pragma: no cover

    async def stream(self, text: str, state: DialogState, kb_name: str) -> AsyncIterator[str | TurnResult]:
        """Yield the reply in pieces as they are ready, then the `TurnResult`.

        Errors (bad input, unknown KB, engine unavailable) are raised before the first piece.
        """
        started = time.monotonic()
        index = await self.knowledge.index(kb_name)
        question = self.check_text(text)
        lang = "zh" if is_chinese(question) else "en"
        decision = await self.decide(question, state, index, lang)
        result = TurnResult(
            reply="",
            route=decision.route,
            language=lang,
            intent=decision.intent,
            handoff=decision.handoff,
            kb_version=index.version,
        )
        if decision.route == "rag":
            tracker = CitationTracker(decision.passages)
            async for piece in self._generate(question, state, decision.passages, lang, result, tracker):
                result.reply += piece
                yield piece
            result.citations = [cite(decision.passages[i], decision.scores[i]) for i in tracker.cited()]
        else:
            result.reply = _fixed_reply(decision, lang)
            if decision.route == "faq":
                result.citations = [cite(decision.passages[0], decision.scores[0])]
            yield result.reply
        result.latency_ms = round((time.monotonic() - started) * 1000)
        yield result

    async def decide(self, question: str, state: DialogState, index: KnowledgeIndex, lang: str) -> Decision:
        """The route of a turn and the passages it rests on (no generation)."""
        fixed = decide_fixed(question)
        if fixed is not None:
            return fixed
        top_k = self.settings.retrieval_top_k
        verbatim = lang == "zh"
        vector = await self.knowledge.embed_query(question)
        decision = decide(question, vector, index, top_k, verbatim_faq=verbatim)
        previous = next((t.text for t in reversed(state.history) if t.role == "user"), None)
        if decision.route in ("refuse", "clarify") and previous and FOLLOW_UP.search(question):
            # A follow-up ("那运费呢？") leans on the previous question.
            combined = f"{previous} {question}"
            retry = decide(
                combined, await self.knowledge.embed_query(combined), index, top_k, verbatim_faq=verbatim
            )
            if retry.route in ("faq", "rag"):
                return retry
        return decision

    async def _generate(
        self,
        question: str,
        state: DialogState,
        passages: list[Passage],
        lang: str,
        result: TurnResult,
        tracker: CitationTracker,
    ) -> AsyncIterator[str]:
        """Stream the LLM's answer a sentence at a time; a sentence with an invented number ends it."""
        budget = self.settings.context_length - self.settings.max_reply_tokens
        messages = build_messages(question, passages, state.history, budget)
        params = GenerationParams(
            max_tokens=self.settings.max_reply_tokens, temperature=self.settings.temperature
        )
        sources = [question, *(t.text for t in state.history), *(f"{p.title}\n{p.text}" for p in passages)]
        pending = ""
        deltas = self.engine.stream(messages, params)
        try:
            async for delta in deltas:
                result.prompt_tokens = delta.prompt_tokens or result.prompt_tokens
                result.completion_tokens = delta.completion_tokens or result.completion_tokens
                pending += delta.text
                ready, pending = _split_sentences(pending)
                if ready and ungrounded_numbers(_strip_markers(ready), sources):
                    pending = ""
                    result.grounded = False
                    break
                if ready:
                    yield tracker.rewrite(ready)
        finally:
            await deltas.aclose()  # type: ignore[attr-defined]
        if pending and ungrounded_numbers(_strip_markers(pending), sources):
            result.grounded = False
        elif pending:
            yield tracker.rewrite(pending.rstrip())
        if not result.grounded:
            source = passages[tracker.cited()[0]]
            prefix = "\n" if result.reply else ""
            yield prefix + reply("source_intro", lang) + source.text.strip()


def _fixed_reply(decision: Decision, lang: str) -> str:
    if decision.route == "faq":
        return decision.passages[0].text
    if decision.route == "clarify":
        return clarify_reply([p.title for p in decision.passages], lang)
    return reply(decision.route, lang)


def _strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def _split_sentences(text: str) -> tuple[str, str]:
    """(complete sentences, the unfinished rest)."""
    ends = list(SENTENCE_END.finditer(text))
    if not ends:
        return "", text
    cut = ends[-1].end()
    return text[:cut], text[cut:]


def cite(passage: Passage, score: float) -> Citation:
    """How a turn names a passage it answered from."""
    return Citation(
        id=passage.id,
        kb=passage.kb,
        source=passage.source,
        title=passage.title,
        score=round(score, 4),
        kind=passage.kind,
        version=passage.version,
        page=passage.page,
    )
