"""An in-process engine for fast unit tests, in the spirit of httpx's MockTransport.

    engine = FakeEngine(lambda messages, params: "您好，可以退货。")

The handler returns the whole reply; it is streamed back a character at a time. A
handler that raises `EngineUnavailable` simulates an engine failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

from kefu.engine.base import ChatMessage, Delta, GenerationParams, ModelInfo

Handler = Callable[[Sequence[ChatMessage], GenerationParams], str]


class FakeEngine:
    def __init__(self, handler: Handler, *, delay_s: float = 0.0) -> None:
        self.handler = handler
        self.delay_s = delay_s
        self.calls: list[list[ChatMessage]] = []

    async def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        self.calls.append(list(messages))
        reply = self.handler(messages, params)
        pieces = list(reply)[: params.max_tokens]
        for piece in pieces:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            yield Delta(text=piece)
        prompt = sum(len(m.content) for m in messages)
        yield Delta(text="", finish_reason="stop", prompt_tokens=prompt, completion_tokens=len(pieces))

    def describe(self) -> ModelInfo:
        return ModelInfo(name="fake", engine="fake")

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        return None

    async def aclose(self) -> None:
        return None
