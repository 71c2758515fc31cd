"""One customer turn: safety → understanding → handoff → form/task → FAQ → RAG+LLM → fallback.

Decisions that must be reliable (is this answerable? does the customer want a person?) are
made in code (`routing.py`); the LLM only phrases an answer from retrieved facts, and a
generated sentence stating a number the facts do not contain is replaced by the source text.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from kefu.config import Settings
from kefu.dialog.citing import MARKER, CitationTracker
from kefu.dialog.escalation import HUMAN_INTENT, HandoffRules, handoff_reason, too_many_failures
from kefu.dialog.grounding import SENTENCE_END, ungrounded_numbers
from kefu.dialog.prompt import build_messages
from kefu.dialog.replies import chitchat_reply, clarify_reply, reply
from kefu.dialog.routing import GREETING, Decision, decide
from kefu.dialog.state import DialogState, FormState, TurnOutcome
from kefu.dialog.tasks import TaskRunner, TaskStep
from kefu.dialog.understanding import NO_INTENT, Understander, Understanding
from kefu.engine.base import Engine, GenerationParams
from kefu.errors import InvalidInput
from kefu.knowledge.index import KnowledgeIndex
from kefu.knowledge.passage import Passage
from kefu.knowledge.service import KnowledgeService
from kefu.knowledge.text import is_chinese
from kefu.ops import metrics
from kefu.ops.tracing import stage, traced, traced_stream, traced_turn
from kefu.safety.filter import InputFilter, OutputFilter, Verdict

CHITCHAT = "chitchat"

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
    route: str  # faq | rag | task | clarify | refuse | handoff | agent | chitchat | blocked
    language: str
    citations: list[Citation] = field(default_factory=list)
    intent: str | None = None
    confidence: float | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    handoff: bool = False
    handoff_reason: str | None = None  # explicit | sensitive_intent | negative_sentiment | failed_turns
    task: str | None = None  # the flow this turn worked on
    task_status: str | None = None  # asking | confirming | done | cancelled | failed | given_up
    grounded: bool = True
    kb_version: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int = 0
    outcome: TurnOutcome = field(default_factory=TurnOutcome)  # what the turn changes in the state
    screened: Verdict | None = None  # the input filter's verdict (its `masked` is what is stored)
    withheld: Verdict | None = None  # the output filter's verdict when it stopped the reply


@dataclass
class Plan:
    """What a turn will do, decided before any text is produced."""

    decision: Decision  # the knowledge route, or a fixed route (handoff, chitchat, task)
    understanding: Understanding
    step: TaskStep | None = None  # a task turn's reply and form
    form: FormState | None = None  # the form after the turn
    follow_up: str | None = None  # said after the answer: the open form's question, or a task offer
    handoff_reason: str | None = None


class TurnPipeline:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        knowledge: KnowledgeService,
        understander: Understander | None = None,
        tasks: TaskRunner | None = None,
        rules: HandoffRules | None = None,
        input_filter: InputFilter | None = None,
        output_filter: OutputFilter | None = None,
    ) -> None:
        self.settings = settings
        self.input_filter = input_filter
        self.output_filter = output_filter
        self.engine = engine
        self.knowledge = knowledge
        self.understander = understander or Understander(None)
        self.tasks = tasks
        self.rules = rules or HandoffRules()

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

    @traced_turn
    async def stream(
        self, text: str, state: DialogState, kb_name: str, *, word_handoff: bool = True
    ) -> AsyncIterator[str | TurnResult]:
        """Yield the reply in pieces as they are ready, then the `TurnResult`.

        Errors (bad input, unknown KB, engine unavailable) are raised before the first piece.
        `word_handoff=False` leaves a handoff's reply unsaid: a conversation words it once the
        customer is queued (with the place in the queue).
        """
        started = time.monotonic()
        index = await self.knowledge.index(kb_name)
        question = self.check_text(text)
        lang = language_of(question, state)
        screened, plan = await self.screened_plan(question, state, index, lang)
        if plan is None:
            result = TurnResult(reply("blocked", lang), "blocked", lang, kb_version=index.version)
            result.screened = screened
            result.latency_ms = round((time.monotonic() - started) * 1000)
            metrics.record_turn(result)
            yield result.reply
            yield result
            return
        decision = plan.decision
        metrics.record_retrieval(decision.route, decision.scores)
        result = self._result(plan, state, lang, index.version)
        result.screened = screened
        if decision.route == "rag":
            tracker = CitationTracker(decision.passages)
            async for piece in self._generate(question, state, decision.passages, lang, result, tracker):
                result.reply += piece
                yield piece
            result.citations = [cite(decision.passages[i], decision.scores[i]) for i in tracker.cited()]
        else:
            result.reply = plan.step.reply if plan.step else _fixed_reply(decision, lang, question)
            if decision.route == "faq":
                result.citations = [cite(decision.passages[0], decision.scores[0])]
            if decision.route != "handoff" or word_handoff:
                yield result.reply
        if plan.follow_up:
            tail = "\n" + plan.follow_up
            result.reply += tail
            yield tail
        result.latency_ms = round((time.monotonic() - started) * 1000)
        metrics.record_turn(result)
        yield result

    async def screened_plan(
        self, question: str, state: DialogState, index: KnowledgeIndex, lang: str
    ) -> tuple[Verdict | None, Plan | None]:
        """The input filter's verdict and the turn's plan, or no plan when the message is blocked.

        An abusive message that asks for a person goes to one ("别跟我扯了 叫个活人来"); any other
        blocked message never reaches the understanding, the knowledge base or the LLM.
        """
        screened = await self.screen(question)
        escalated = await self._explicit_handoff(question) if _abuse_only(screened) else None
        if screened is not None and screened.blocked and escalated is None:
            return screened, None
        return screened, escalated or await self.plan(question, state, index, lang)

    @traced("safety")
    async def screen(self, question: str) -> Verdict | None:
        """The input filter's verdict (rules, classifier, masking), off the event loop."""
        if self.input_filter is None:
            return None
        return await asyncio.to_thread(self.input_filter.check, question)

    def _result(self, plan: Plan, state: DialogState, lang: str, kb_version: int) -> TurnResult:
        understanding, step = plan.understanding, plan.step
        route = plan.decision.route
        failed = route in ("clarify", "refuse") or bool(step and step.failed)
        slots = {**understanding.slot_values(), **(step.slots if step else {})}
        intent = plan.decision.intent if route == "handoff" else understanding.intent
        if intent == NO_INTENT:
            intent = plan.decision.intent or NO_INTENT
        return TurnResult(
            reply="",
            route=route,
            language=lang,
            intent=intent,
            confidence=round(understanding.confidence, 4),
            slots=slots,
            handoff=route == "handoff",
            handoff_reason=plan.handoff_reason,
            task=plan.form.flow if plan.form else (step.ran if step else None),
            task_status=step.status if step else ("offered" if plan.form and plan.form.offered else None),
            kb_version=kb_version,
            outcome=TurnOutcome(
                intent=intent,
                slots=slots,
                active_form=plan.form,
                last_flow=step.ran if step else None,
                failed=failed and route != "handoff",
                sentiment=understanding.sentiment,
            ),
        )

    async def plan(self, question: str, state: DialogState, index: KnowledgeIndex, lang: str) -> Plan:
        """Safety → understanding → handoff → active form / task → knowledge → chit-chat → fallback."""
        understanding = await self._understand(question)
        reason = handoff_reason(question, understanding, self.rules)
        if reason is not None:
            return _handoff(understanding, reason)
        plan = await self._task_plan(question, state, understanding, index, lang)
        if plan is None:
            plan = Plan(await self._answer(question, state, understanding, index, lang), understanding)
        failed = plan.decision.route in ("clarify", "refuse") or bool(plan.step and plan.step.failed)
        if failed and too_many_failures(state, self.rules):
            return Plan(
                Decision("handoff", intent=understanding.intent), understanding, handoff_reason="failed_turns"
            )
        return plan

    async def _understand(self, question: str) -> Understanding:
        with stage("nlu"):
            return await self.understander.understand(question)

    async def _explicit_handoff(self, question: str) -> Plan | None:
        """The handoff plan when the customer asks for a person, else None."""
        understanding = await self._understand(question)
        reason = handoff_reason(question, understanding, self.rules)
        return _handoff(understanding, reason) if reason == "explicit" else None

    async def _answer(
        self,
        question: str,
        state: DialogState,
        understanding: Understanding,
        index: KnowledgeIndex,
        lang: str,
    ) -> Decision:
        """The knowledge base's answer; small talk the knowledge base does not answer is chit-chat."""
        if GREETING.fullmatch(question):
            return Decision("chitchat", intent=CHITCHAT)
        decision = await self.decide(question, state, index, lang)
        chatting = understanding.intent == CHITCHAT and understanding.sure(self.rules.intent_confidence)
        if chatting and not understanding.slots and decision.route not in ("faq", "rag"):
            return Decision("chitchat", intent=CHITCHAT)
        return decision

    async def _task_plan(
        self,
        question: str,
        state: DialogState,
        understanding: Understanding,
        index: KnowledgeIndex,
        lang: str,
    ) -> Plan | None:
        """A turn that starts or continues a form; None when the turn is not about a task."""
        if self.tasks is None:
            return None
        sure = understanding.sure(self.rules.intent_confidence)
        new_flow = self.tasks.flow_for(understanding.intent) if sure else None
        form = state.active_form
        if form is not None and (
            new_flow is None
            or new_flow.name == form.flow
            or self.tasks.answers(form, understanding, question, lang)
        ):
            if new_flow is None and sure and understanding.intent != CHITCHAT and not understanding.slots:
                # A question of another kind mid-form: answer it, then ask the form's question again
                # (a form only offered is dropped instead).
                decision = await self._answer(question, state, understanding, index, lang)
                if form.offered:
                    return Plan(decision, understanding)
                resume = self._resume_prompt(form, lang)
                follow_up = reply("resume", lang) + resume if resume else None
                return Plan(decision, understanding, form=form, follow_up=follow_up)
            step = await self.tasks.advance(form, understanding, question, lang)
            return Plan(Decision("task", intent=understanding.intent), understanding, step, step.form)
        if new_flow is None:  # (and no form is open)
            return None
        if not self.tasks.keyed(new_flow, understanding):
            # A question about the task ("地址填错了怎么改") that names no order: the knowledge
            # base's answer first, then the task is offered, unless it can act already.
            decision = await self.decide(question, state, index, lang)
            if decision.route in ("faq", "rag"):
                offer = self.tasks.offer(new_flow, understanding, question, state.slots, lang)
                if offer is not None:
                    return Plan(decision, understanding, form=offer.form, follow_up=offer.reply)
        step = await self.tasks.start(new_flow, understanding, question, state.slots, lang)
        return Plan(Decision("task", intent=understanding.intent), understanding, step, step.form)

    def _resume_prompt(self, form: FormState, lang: str) -> str | None:
        flow = self.tasks.form_flow(form) if self.tasks else None
        if flow is None:
            return None
        if form.confirming:
            return flow.confirmation(form.slots, lang)
        return flow.prompt_for(form.awaiting, form.slots, lang) if form.awaiting else None

    @traced("retrieval")
    async def decide(self, question: str, state: DialogState, index: KnowledgeIndex, lang: str) -> Decision:
        """The knowledge route of a turn and the passages it rests on (no generation).

        Requests for a person and bare greetings never get here: `plan` settles them first.
        """
        top_k = self.settings.retrieval_top_k
        cross_lingual = index.cross_lingual(lang)
        question = index.corrected(question)
        vector = await self.knowledge.embed_query(question)
        decision = decide(question, vector, index, top_k, cross_lingual=cross_lingual)
        previous = next((t.text for t in reversed(state.history) if t.role == "user"), None)
        if decision.route in ("refuse", "clarify") and previous and FOLLOW_UP.search(question):
            # A follow-up ("那运费呢？") leans on the previous question.
            combined = index.corrected(f"{previous} {question}")
            vector = await self.knowledge.embed_query(combined)
            retry = decide(combined, vector, index, top_k, cross_lingual=cross_lingual)
            if retry.route in ("faq", "rag"):
                return retry
        return decision

    @traced_stream("generation")
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
        shown = result.screened.masked if result.screened else question  # the engine sees no raw PII
        messages = build_messages(shown, passages, state.history, budget)
        params = GenerationParams(
            max_tokens=self.settings.max_reply_tokens, temperature=self.settings.temperature
        )
        sources = [question, *(t.text for t in state.history), *(f"{p.title}\n{p.text}" for p in passages)]
        screen = _ReplyScreen(self.output_filter, sources)
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
                if ready and screen.stops(ready, result):
                    pending = ""
                    break
                if ready:
                    yield tracker.rewrite(ready)
        finally:
            await deltas.aclose()  # type: ignore[attr-defined]
        if pending and ungrounded_numbers(_strip_markers(pending), sources):
            result.grounded = False
        elif pending and not screen.stops(pending, result):
            yield tracker.rewrite(pending.rstrip())
        if result.withheld is not None:
            yield ("\n" if result.reply else "") + reply("withheld", lang)
        elif not result.grounded:
            source = passages[tracker.cited()[0]]
            prefix = "\n" if result.reply else ""
            yield prefix + reply("source_intro", lang) + source.text.strip()


class _ReplyScreen:
    """The output filter over a reply streamed sentence by sentence: each sentence is checked
    with what was said before it (a leak can span sentences) before it is sent."""

    def __init__(self, output_filter: OutputFilter | None, sources: list[str]) -> None:
        self.filter = output_filter
        self.known = output_filter.known(sources) if output_filter else frozenset[str]()
        self.said = ""

    def stops(self, sentence: str, result: TurnResult) -> bool:
        if self.filter is None:
            return False
        verdict = self.filter.check(self.said + sentence, self.known)
        if verdict.blocked:
            result.withheld = verdict
            return True
        self.said += sentence
        return False


def _handoff(understanding: Understanding, reason: str) -> Plan:
    intent = HUMAN_INTENT if reason == "explicit" else understanding.intent
    return Plan(Decision("handoff", intent=intent), understanding, handoff_reason=reason)


def _abuse_only(verdict: Verdict | None) -> bool:
    """Blocked for abuse alone: rude, not an attack on the bot (no injection, no jailbreak)."""
    return verdict is not None and verdict.blocked and set(verdict.categories) == {"abuse"}


_WORD = re.compile(r"\b[a-z]{2,}\b", re.IGNORECASE)


def language_of(text: str, state: DialogState) -> str:
    """zh or en. A message with no words of either ("XH202611250001", "13812345678") keeps the
    language of the customer's previous message."""
    if is_chinese(text):
        return "zh"
    if _WORD.search(text):
        return "en"
    previous = next((t.text for t in reversed(state.history) if t.role == "user"), "")
    return "en" if previous and not is_chinese(previous) and _WORD.search(previous) else "zh"


def _fixed_reply(decision: Decision, lang: str, question: str) -> str:
    if decision.route == "faq":
        return decision.passages[0].text
    if decision.route == "clarify":
        return clarify_reply([p.title for p in decision.passages], lang)
    if decision.route == "chitchat":
        return chitchat_reply(question, lang)
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
