"""Conversations: load the state, run the turn, store question, reply and state together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any

from kefu.dialog.pipeline import TurnPipeline, TurnResult
from kefu.dialog.state import DialogState
from kefu.store.models import Conversation
from kefu.store.repository import ConversationRepository, NewMessage


@dataclass
class StoredTurn:
    conversation_id: str
    message_id: str
    result: TurnResult


class ConversationService:
    def __init__(
        self, repository: ConversationRepository, pipeline: TurnPipeline, history_turns: int
    ) -> None:
        self.repository = repository
        self.pipeline = pipeline
        self.history_turns = history_turns

    async def create(
        self,
        kb: str,
        user_id: str | None = None,
        channel: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Conversation:
        await self.pipeline.knowledge.version(kb)  # an unknown KB is refused here, not at the first turn
        return await self.repository.create(kb, user_id, channel, metadata or {})

    async def get(self, conversation_id: str) -> Conversation:
        return await self.repository.get(conversation_id, with_messages=True)

    async def reply(self, conversation_id: str, text: str) -> StoredTurn:
        async for event in self.stream_reply(conversation_id, text):
            if isinstance(event, StoredTurn):
                return event
        raise AssertionError("a turn always ends with its result")  # pragma: no cover

    async def answer_once(self, text: str, kb: str, channel: str) -> StoredTurn:
        """A one-turn conversation, stored only once the reply exists (the seed's /generate)."""
        result = await self.pipeline.run(text, DialogState(), kb)
        conversation = await self.repository.create(kb, None, channel, {})
        return await self._store(conversation, DialogState(), text, result)

    async def stream_reply(self, conversation_id: str, text: str) -> AsyncIterator[str | StoredTurn]:
        """Reply pieces, then the stored turn. Nothing is stored unless the whole reply was produced."""
        conversation = await self.repository.get(conversation_id)
        state = DialogState.load(conversation.state)
        result: TurnResult | None = None
        async for event in self.pipeline.stream(text, state, conversation.kb):
            if isinstance(event, TurnResult):
                result = event
            else:
                yield event
        assert result is not None
        yield await self._store(conversation, state, text, result)

    async def _store(
        self, conversation: Conversation, state: DialogState, text: str, result: TurnResult
    ) -> StoredTurn:
        question = NewMessage(role="user", text=text.strip())
        answer = NewMessage(
            role="assistant",
            text=result.reply,
            route=result.route,
            intent=result.intent,
            slots=result.slots,
            citations=[asdict(c) for c in result.citations],
            handoff=result.handoff,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            latency_ms=result.latency_ms,
            kb_version=result.kb_version,
        )
        new_state = state.after_turn(
            question.text, result.reply, result.intent, result.slots, self.history_turns
        )
        await self.repository.record_turn(conversation, question, answer, new_state.model_dump())
        return StoredTurn(conversation.id, answer.id, result)
