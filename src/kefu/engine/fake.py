"""An in-process engine for fast unit tests, in the spirit of httpx's MockTransport.

    engine = FakeEngine(lambda messages, params: "您好，可以退货。")

The handler returns the whole reply; it is streamed back a character at a time. A
handler that raises `EngineUnavailable` simulates an engine failure.

`KEFU_ENGINE=fake` (dev only) serves `echo_first_fact` this way, so that a real `kefu serve`
answers at once and always alike: the browser tests and the screenshots run on it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from kefu.config import Settings
from kefu.engine.base import ChatMessage, Delta, GenerationParams, ModelInfo
from kefu.engine.registry import register

Handler = Callable[[Sequence[ChatMessage], GenerationParams], str]
SERVED_DELAY_S = 0.01  # per character: slow enough that a browser sees the reply stream in
# The prompt's first fact (kefu.dialog.prompt): "[1] title", then its text, or "问：…" and "答：…".
_FIRST_FACT = re.compile(r"^\[1\] [^\n]*\n(?:问：[^\n]*\n答：)?([^\n]+)", re.MULTILINE)


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


def echo_first_fact(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
    """The first line of the first reference in the prompt (an FAQ's answer), cited `[1]`; else
    a short "好的。"."""
    found = _FIRST_FACT.search(messages[-1].content) if messages else None
    return f"{found.group(1).strip()}[1]" if found else "好的。"


def _arguments(settings: Settings) -> dict[str, Any]:
    return {"handler": "echo_first_fact", "delay_s": SERVED_DELAY_S}


@register("fake", _arguments)
def served_fake(settings: Settings) -> FakeEngine:
    """`KEFU_ENGINE=fake`: the settings refuse it outside dev."""
    return FakeEngine(echo_first_fact, delay_s=SERVED_DELAY_S)
