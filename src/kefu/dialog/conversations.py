"""Conversations: load the state, run the turn, store question, reply and state together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from kefu.dialog.evidence import TurnAudit
from kefu.dialog.handoff import HandoffService, handoff_reply, publish_turn
from kefu.dialog.pipeline import TurnPipeline, TurnResult, language_of
from kefu.dialog.privacy import Privacy
from kefu.dialog.replies import reply
from kefu.dialog.state import DialogState, DialogTurn, next_state
from kefu.ops import metrics
from kefu.ops.context import bind_conversation
from kefu.store.events import EventBus
from kefu.store.models import DEFAULT_TENANT, Conversation
from kefu.store.repository import ConversationRepository, NewMessage
from kefu.store.vault_repository import Sealed, VaultRepository

log = logging.getLogger(__name__)

# Said before the queue position when the handoff was kefu's idea, not the customer's.
HANDOFF_LEADS = {
    "failed_turns": {
        "zh": "抱歉，我没能解决您的问题，为您转接人工客服。",
        "en": "Sorry I couldn't sort this out; let me get you a person. ",
    },
    "negative_sentiment": {
        "zh": "非常抱歉给您带来不好的体验，我马上为您转接人工客服。",
        "en": "I'm very sorry about this. Let me get you a person right away. ",
    },
    "sensitive_intent": {
        "zh": "这个问题由人工客服为您专门处理。",
        "en": "A member of our team will handle this for you. ",
    },
}


@dataclass
class StoredTurn:
    conversation_id: str
    message_id: str
    result: TurnResult
    state: DialogState | None = None  # the dialogue state after the turn (None: an agent holds it)


class ConversationService:
    def __init__(
        self,
        repository: ConversationRepository,
        pipeline: TurnPipeline,
        history_turns: int,
        privacy: Privacy,
        events: EventBus | None = None,
        handoff: HandoffService | None = None,
        audit: TurnAudit | None = None,
        vault: VaultRepository | None = None,
    ) -> None:
        self.repository = repository
        self.pipeline = pipeline
        self.history_turns = history_turns
        self.events = events
        self.handoff = handoff
        self.privacy = privacy
        self.audit = audit
        self.vault = vault  # keeps the sealed originals of `token`-mode values

    async def create(
        self,
        kb: str,
        user_id: str | None = None,
        channel: str | None = None,
        metadata: dict[str, Any] | None = None,
        *,
        tenant: str = DEFAULT_TENANT,
        subject: str | None = None,
    ) -> Conversation:
        """`tenant` owns it; `subject` (the caller) is recorded, so customers see only their own."""
        await self.pipeline.knowledge.version(kb)  # an unknown KB is refused here, not at the first turn
        metrics.record_conversation_started()
        return await self.repository.create(
            kb, user_id, channel, metadata or {}, tenant=tenant, subject=subject
        )

    async def get(self, conversation_id: str) -> Conversation:
        return await self.repository.get(conversation_id, with_messages=True)

    async def reply(self, conversation_id: str, text: str) -> StoredTurn:
        async for event in self.stream_reply(conversation_id, text):
            if isinstance(event, StoredTurn):
                return event
        raise AssertionError("a turn always ends with its result")  # pragma: no cover

    async def answer_once(
        self, text: str, kb: str, channel: str, *, tenant: str = DEFAULT_TENANT, subject: str | None = None
    ) -> StoredTurn:
        """A one-turn conversation, stored only once the reply exists (the seed's /generate)."""
        result = await self.pipeline.run(text, DialogState(), kb)
        metrics.record_conversation_started()
        conversation = await self.repository.create(kb, None, channel, {}, tenant=tenant, subject=subject)
        return await self._store(conversation, DialogState(), text, result)

    async def stream_reply(self, conversation_id: str, text: str) -> AsyncIterator[str | StoredTurn]:
        """Reply pieces, then the stored turn. Nothing is stored unless the whole reply was produced.

        While an agent holds the conversation the bot stays silent: the message is stored and
        passed to the agent, and the turn's route is `agent`.
        """
        conversation = await self.repository.get(conversation_id)
        bind_conversation(conversation.id)  # for the logs
        if self.handoff is not None:
            held = await self.handoff.status(conversation.id)
            if held is not None and held.status == "claimed":
                yield await self._to_agent(conversation, text)
                return
        stored = conversation.state
        state = self.privacy.open(stored)
        result: TurnResult | None = None
        async for event in self.pipeline.stream(text, state, conversation.kb, word_handoff=False):
            if isinstance(event, TurnResult):
                result = event
            else:
                yield event
        assert result is not None
        if result.route == "handoff":
            result.reply = await self._hand_over(conversation, state, text, result)
            yield result.reply
        yield await self._store(conversation, state, text, result)

    async def _to_agent(self, conversation: Conversation, text: str) -> StoredTurn:
        assert self.handoff is not None
        question = self.pipeline.check_text(text)
        result = TurnResult(reply="", route="agent", language=language_of(question, DialogState()))
        result.screened = await self.pipeline.screen(question)
        masked, tokens = self._masked_question(question, result)
        await self._keep(conversation, tokens)
        message = await self.handoff.append_customer_message(conversation.id, masked)
        if self.audit is not None:
            await self.audit.record(conversation, message.id, masked, "", result)
        metrics.record_turn(result)
        return StoredTurn(conversation.id, message.id, result)

    async def _hand_over(
        self, conversation: Conversation, state: DialogState, text: str, result: TurnResult
    ) -> str:
        """Queue the conversation for a person; the reply says where the customer stands."""
        if self.handoff is None:
            return reply("handoff", result.language)
        question, tokens = self._masked_question(text, result)
        history = [*state.history, DialogTurn(role="user", text=question)]
        slots, slot_tokens = self.privacy.mask_values_with_tokens({**state.slots, **result.slots})
        await self._keep(conversation, [*tokens, *slot_tokens])
        # "转人工" says nothing about the topic: the skill group follows what the customer was about.
        topical = result.intent not in (None, "none", "human_agent", "chitchat")
        ticket = await self.handoff.request(
            conversation.id,
            result.handoff_reason or "explicit",
            intent=result.intent if topical else state.current_intent,
            slots=slots,
            evidence=state.evidence,
            sentiment=result.outcome.sentiment,
            history=history,
        )
        lead = HANDOFF_LEADS.get(result.handoff_reason or "", {}).get(result.language, "")
        return lead + handoff_reply(ticket, result.language)

    async def _store(
        self, conversation: Conversation, state: DialogState, text: str, result: TurnResult
    ) -> StoredTurn:
        question_text, question_tokens = self._masked_question(text, result)
        question = NewMessage(role="user", text=question_text)
        shown, reply_tokens = self.privacy.mask_with_tokens(result.reply)
        slots, slot_tokens = self.privacy.mask_values_with_tokens(result.slots)
        await self._keep(conversation, [*question_tokens, *reply_tokens, *slot_tokens])
        answer = NewMessage(
            role="assistant",
            text=shown,
            route=result.route,
            intent=result.intent,
            slots=slots,
            citations=[asdict(c) for c in result.citations],
            handoff=result.handoff,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            latency_ms=result.latency_ms,
            kb_version=result.kb_version,
        )
        outcome = result.outcome.model_copy(update={"evidence": [c.id for c in result.citations]})
        new_state = next_state(state, question.text, shown, outcome, self.history_turns)
        stored = self.privacy.seal(new_state)
        await self.repository.record_turn(conversation, question, answer, stored)
        log.info("turn %s", result.route, extra={"intent": result.intent, "latency_ms": result.latency_ms})
        if self.audit is not None:
            await self.audit.record(conversation, answer.id, question.text, shown, result)
        if self.events is not None:  # the customer's event stream (and agents watching) see the turn
            await publish_turn(self.events, conversation.id, conversation.turns, question, answer)
        return StoredTurn(conversation.id, answer.id, result, new_state)

    def _masked_question(self, text: str, result: TurnResult) -> tuple[str, Sequence[Sealed]]:
        """The customer's message as stored: what the input filter masked (with its tokens)."""
        if result.screened is not None:
            return result.screened.masked, result.screened.tokens
        return self.privacy.mask_with_tokens(text.strip())

    async def _keep(self, conversation: Conversation, tokens: Sequence[Sealed]) -> None:
        """Store the sealed originals of `token`-mode values, before any text that holds them."""
        if tokens and self.vault is not None:
            await self.vault.put(tokens, tenant=conversation.tenant, conversation_id=conversation.id)
