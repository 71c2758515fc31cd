"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class GenerateRequest(BaseModel):
    prompt: str = Field(description="the customer's message")


class GenerateResponse(BaseModel):
    reply: str


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kb: str | None = Field(default=None, min_length=1, max_length=128, description="default KB when omitted")
    user_id: str | None = Field(default=None, max_length=256)
    channel: str | None = Field(default=None, max_length=64)
    metadata: dict[str, Any] = Field(default_factory=dict)


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the customer's message")


class CitationPublic(BaseModel):
    id: str
    kb: str
    source: str
    title: str
    score: float


class TurnPublic(BaseModel):
    conversation_id: str
    message_id: str
    reply: str
    route: str
    citations: list[CitationPublic]
    intent: str | None
    slots: dict[str, Any]
    handoff: bool
    latency_ms: int
    grounded: bool = True
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class MessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    role: str
    text: str
    route: str | None
    intent: str | None
    slots: dict[str, Any]
    citations: list[Any]
    handoff: bool
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: int | None
    created_at: datetime


class DialogStatePublic(BaseModel):
    current_intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    history_turns: int = 0


class ConversationPublic(BaseModel):
    id: str
    kb: str
    user_id: str | None
    channel: str | None
    metadata: dict[str, Any]
    turns: int
    created_at: datetime
    updated_at: datetime


class ConversationDetail(ConversationPublic):
    state: DialogStatePublic
    messages: list[MessagePublic]


# OpenAI-compatible chat completions (the subset kefu honours; unknown fields are ignored).
class ChatMessageIn(BaseModel):
    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model: str = "kefu"
    messages: list[ChatMessageIn] = Field(min_length=1)
    stream: bool = False
    max_tokens: int | None = Field(default=None, ge=1, le=8192)
    max_completion_tokens: int | None = Field(default=None, ge=1, le=8192)
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    stream_options: dict[str, Any] | None = None
    kb: str | None = Field(default=None, description="kefu extension: knowledge base for model 'kefu'")
