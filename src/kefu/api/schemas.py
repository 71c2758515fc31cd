"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kefu.dialog.state import DialogState


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


def documented_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an endpoint: these statuses answer with the error envelope."""
    return {code: {"model": ErrorResponse} for code in codes}


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
    id: str = Field(description="the FAQ id, or '<file>#<n>' for a document chunk")
    kb: str
    source: str = Field(description="the ingested file's name")
    title: str
    score: float
    kind: str = "chunk"
    version: int | None = Field(default=None, description="the FAQ version served")
    page: int | None = None


class FormPublic(BaseModel):
    flow: str = Field(description="the task flow being filled in")
    slots: dict[str, str]
    awaiting: str | None = Field(description="the slot asked for last")
    confirming: bool = Field(description="waiting for the customer's yes or no")


class DialogStatePublic(BaseModel):
    current_intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict, description="the latest value of each slot type")
    active_form: FormPublic | None = None
    last_flow: str | None = None
    turn_count: int = 0
    failed_turns: int = Field(default=0, description="unhelpful turns in a row")
    sentiment: float = Field(default=0.0, description="of the last message, -1 (angry) … 1")
    history_turns: int = 0

    @classmethod
    def of(cls, state: DialogState) -> DialogStatePublic:
        form = state.active_form
        return cls(
            current_intent=state.current_intent,
            slots=state.slots,
            active_form=FormPublic(**form.model_dump(include={"flow", "slots", "awaiting", "confirming"}))
            if form
            else None,
            last_flow=state.last_flow,
            turn_count=state.turn_count,
            failed_turns=state.failed_turns,
            sentiment=state.sentiment,
            history_turns=len(state.history) // 2,
        )


class TurnPublic(BaseModel):
    conversation_id: str
    message_id: str
    reply: str
    route: str = Field(
        description="faq | rag | task | clarify | refuse | handoff | agent | chitchat | blocked"
    )
    citations: list[CitationPublic]
    intent: str | None
    confidence: float | None = Field(default=None, description="of the intent, 0…1")
    slots: dict[str, Any]
    handoff: bool
    handoff_reason: str | None = Field(
        default=None, description="explicit | sensitive_intent | negative_sentiment | failed_turns"
    )
    task: str | None = Field(default=None, description="the task flow this turn worked on")
    task_status: str | None = Field(
        default=None, description="asking | confirming | done | cancelled | failed | given_up"
    )
    state: DialogStatePublic | None = Field(default=None, description="the dialogue state after the turn")
    latency_ms: int
    grounded: bool = True
    kb_version: int | None = None
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
    kb_version: int | None = None
    created_at: datetime


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


# Knowledge bases.
class KbCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="letters, digits, '_', '-', '.'")
    description: str = Field(default="", max_length=2000)


class KbPublic(BaseModel):
    name: str
    description: str
    version: int
    files: int
    chunks: int
    faqs: int
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class KbFilePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    kind: str
    sha256: str
    size_bytes: int
    items: int
    ingested_at: datetime


class KbDetail(KbPublic):
    documents: list[KbFilePublic]


class FileReportPublic(BaseModel):
    name: str
    status: Literal["added", "updated", "unchanged", "removed", "failed"]
    chunks: int = 0
    faqs: int = 0
    error: str | None = None


class IngestReportPublic(BaseModel):
    kb: str
    version: int
    files: list[FileReportPublic]


class KbSearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=4000)
    top_k: int = Field(default=5, ge=1, le=100)
    category: str | None = Field(default=None, max_length=128)


class SearchHitPublic(BaseModel):
    id: str
    kb: str
    source: str
    title: str
    text: str
    score: float
    kind: str
    version: int | None = None
    category: str | None = None
    page: int | None = None
    dense: float
    coverage: float


class FaqWrite(BaseModel):
    """A new version of a FAQ entry (a draft until approved)."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=2000)
    answer: str = Field(min_length=1, max_length=20000)
    category: str | None = Field(default=None, max_length=128)
    similar_questions: list[str] = Field(default_factory=list, max_length=200)
    effective_from: date | None = None
    effective_to: date | None = None
    author: str | None = Field(default=None, max_length=128)
    note: str | None = Field(default=None, max_length=2000)


class FaqStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(default=None, max_length=128)


class FaqVersionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    faq_id: str
    version: int
    status: str
    question: str
    answer: str
    category: str | None
    similar_questions: list[str]
    effective_from: date | None
    effective_to: date | None
    source: str
    author: str | None
    approved_by: str | None
    note: str | None
    created_at: datetime
