"""What every LLM engine offers the dialogue layer: stream a chat completion, describe the model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 256
    temperature: float = 0.3
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Delta:
    """A piece of a streamed completion; the last one carries the finish reason and token counts."""

    text: str
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class ModelInfo:
    """What `kefu model info` and `/v1/models` show about the model an engine serves."""

    name: str
    engine: str
    quantization: str | None = None
    context_length: int | None = None
    path: str | None = None
    sha256: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)


class Engine(Protocol):
    """An LLM that streams chat completions. Errors surface as `EngineUnavailable`."""

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        """Stream the assistant's reply to `messages`, token by token."""
        ...

    def describe(self) -> ModelInfo:
        """The model being served."""
        ...


class ManagedEngine(Engine, Protocol):
    """An engine with a lifetime: started before serving, checked by /readyz, closed at shutdown."""

    async def start(self) -> None: ...

    async def check(self) -> None:
        """Raise `EngineUnavailable` unless the engine can answer now."""
        ...

    async def aclose(self) -> None: ...
