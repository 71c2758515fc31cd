"""One customer turn: safety → understanding → handoff → FAQ → RAG+LLM → fallback.

Decisions that must be reliable (is this answerable? does the customer want a person?) are
made in code; the LLM only phrases an answer from retrieved facts, and a generated sentence
stating a number the facts do not contain is replaced by the source text.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from kefu.config import Settings
from kefu.dialog.grounding import SENTENCE_END, ungrounded_numbers
from kefu.dialog.prompt import build_messages
from kefu.dialog.replies import reply
from kefu.dialog.state import DialogState
from kefu.engine.base import Engine, GenerationParams
from kefu.errors import InvalidInput
from kefu.knowledge.bases import KnowledgeBase, KnowledgeBases
from kefu.knowledge.documents import Passage
from kefu.knowledge.retriever import Hit
from kefu.knowledge.text import is_chinese

_HANDOFF = re.compile(
    r"转人工|人工客服|人工服务|找人工|要人工|真人|\b(?:human|real person|live agent|agent|representative)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"(?:你好|您好|在吗|在不在|哈喽|嗨|hi|hello|hey|good (?:morning|afternoon|evening))"
    r"[呀啊吗嘛~～!！。.,，\s]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    id: str
    kb: str
    source: str
    title: str
    score: float


@dataclass
class TurnResult:
    """Everything the messages endpoint returns about a turn (besides ids)."""

    reply: str
    route: str  # greeting | handoff | faq | rag | fallback
    language: str
    citations: list[Citation] = field(default_factory=list)
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    handoff: bool = False
    grounded: bool = True
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int = 0


@dataclass
class _Plan:
    route: str
    text: str | None = None  # a fixed reply; None means generate from `passages`
    passages: list[Passage] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    intent: str | None = None
    handoff: bool = False


class TurnPipeline:
    def __init__(self, settings: Settings, engine: Engine, knowledge: KnowledgeBases) -> None:
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
        kb = self.knowledge.get(kb_name)
        question = self.check_text(text)
        lang = "zh" if is_chinese(question) else "en"
        plan = self._decide(question, state, kb, lang)
        result = TurnResult(
            reply="",
            route=plan.route,
            language=lang,
            citations=plan.citations,
            intent=plan.intent,
            handoff=plan.handoff,
            slots={},
        )
        if plan.text is not None:
            result.reply = plan.text
            yield plan.text
        else:
            async for piece in self._generate(question, state, plan, lang, result):
                result.reply += piece
                yield piece
        result.latency_ms = round((time.monotonic() - started) * 1000)
        yield result

    def _decide(self, question: str, state: DialogState, kb: KnowledgeBase, lang: str) -> _Plan:
        if _HANDOFF.search(question):
            return _Plan("handoff", reply("handoff", lang), intent="handoff", handoff=True)
        if _GREETING.fullmatch(question):
            return _Plan("greeting", reply("greeting", lang), intent="greeting")
        match = kb.index.match_faq(question)
        if lang == "zh" and match and match[1] >= self.settings.faq_match_threshold:
            faq, similarity = match
            return _Plan("faq", faq.text, [faq], [_cite(kb, faq, similarity)])
        hits = self._relevant(kb, question)
        if not hits and state.history:
            # A follow-up ("那运费呢？") leans on the previous question.
            previous = next((t.text for t in reversed(state.history) if t.role == "user"), "")
            hits = self._relevant(kb, f"{previous} {question}")
        if not hits:
            return _Plan("fallback", reply("fallback", lang))
        return _Plan("rag", None, [h.passage for h in hits], [_cite(kb, h.passage, h.coverage) for h in hits])

    def _relevant(self, kb: KnowledgeBase, question: str) -> list[Hit]:
        hits = kb.index.search(question, top_k=self.settings.retrieval_top_k)
        settings = self.settings
        return [
            h
            for h in hits
            if h.coverage >= settings.relevance_threshold or h.evidence >= settings.relevance_evidence
        ]

    async def _generate(
        self, question: str, state: DialogState, plan: _Plan, lang: str, result: TurnResult
    ) -> AsyncIterator[str]:
        """Stream the LLM's answer a sentence at a time; a sentence with an invented number ends it."""
        budget = self.settings.context_length - self.settings.max_reply_tokens
        messages = build_messages(question, plan.passages, state.history, budget)
        params = GenerationParams(
            max_tokens=self.settings.max_reply_tokens, temperature=self.settings.temperature
        )
        sources = [
            question,
            *(t.text for t in state.history),
            *(f"{p.title}\n{p.text}" for p in plan.passages),
        ]
        pending = ""
        deltas = self.engine.stream(messages, params)
        try:
            async for delta in deltas:
                result.prompt_tokens = delta.prompt_tokens or result.prompt_tokens
                result.completion_tokens = delta.completion_tokens or result.completion_tokens
                pending += delta.text
                ready, pending = _split_sentences(pending)
                if ready and ungrounded_numbers(ready, sources):
                    pending = ""
                    result.grounded = False
                    break
                if ready:
                    yield ready
        finally:
            await deltas.aclose()  # type: ignore[attr-defined]
        if pending and ungrounded_numbers(pending, sources):
            result.grounded = False
        elif pending:
            yield pending.rstrip()
        if not result.grounded:
            source = plan.passages[0]
            prefix = "\n" if result.reply else ""
            yield prefix + reply("source_intro", lang) + source.text.strip()


def _split_sentences(text: str) -> tuple[str, str]:
    """(complete sentences, the unfinished rest)."""
    ends = list(SENTENCE_END.finditer(text))
    if not ends:
        return "", text
    cut = ends[-1].end()
    return text[:cut], text[cut:]


def _cite(kb: KnowledgeBase, passage: Passage, score: float) -> Citation:
    return Citation(
        id=passage.id, kb=kb.name, source=passage.source, title=passage.title, score=round(score, 4)
    )
