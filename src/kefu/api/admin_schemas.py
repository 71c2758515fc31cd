"""Request and response bodies of the admin console's API, the audit viewer and the agent's
suggested reply."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kefu.api.agent_schemas import UtcDatetime
from kefu.api.schemas import CitationPublic, DialogStatePublic

Route = Literal["faq", "rag", "task", "clarify", "refuse", "handoff", "agent", "chitchat", "blocked"]
Rating = Literal["up", "down"]
AnnotationLabel = Literal["correct", "wrong_answer", "should_refuse", "should_answer", "handoff_needed"]
AnnotationStatus = Literal["open", "done"]
AnnotationReason = Literal["manual", "thumbs_down", "refuse", "clarify"]
HandoffState = Literal["none", "requested", "queued", "claimed", "released", "closed", "callback"]
NEXT_CURSOR = "pass as `cursor` for the next page; null on the last page"


# The conversation browser.
class RatingCounts(BaseModel):
    up: int = 0
    down: int = 0


class ConversationSummaryPublic(BaseModel):
    id: str
    kb: str
    user_id: str | None
    channel: str | None
    started_at: UtcDatetime
    last_message_at: UtcDatetime | None
    message_count: int
    last_route: str | None = Field(description="the route of the latest answer")
    intents: list[str] = Field(description="the intents recognised in it, in order of first appearance")
    ratings: RatingCounts = Field(description="answers rated up and down")
    handed_off: bool = Field(description="a handoff to a person was requested")
    handoff_status: HandoffState = Field(description="the state of its latest handoff")


class ConversationPagePublic(BaseModel):
    items: list[ConversationSummaryPublic]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class AnnotationRefPublic(BaseModel):
    id: str
    status: AnnotationStatus
    label: AnnotationLabel | None


class AdminMessagePublic(BaseModel):
    """A message as stored (personal data masked), with its rating and annotation."""

    id: str
    seq: int
    role: str = Field(description="user | assistant | agent")
    text: str
    route: str | None
    intent: str | None
    slots: dict[str, Any]
    citations: list[dict[str, Any]]
    handoff: bool
    agent_id: str | None
    latency_ms: int | None
    kb_version: int | None
    prompt_tokens: int | None
    completion_tokens: int | None
    created_at: UtcDatetime
    rating: Rating | None = Field(description="the customer's thumbs up or down on this answer")
    rating_comment: str | None = Field(description="the rating's comment, masked as stored")
    annotation: AnnotationRefPublic | None = Field(description="when the answer is in the annotation queue")


class TranscriptHandoffPublic(BaseModel):
    id: str
    status: str
    reason: str
    skill_group: str
    agent_id: str | None
    summary: str
    queued_at: UtcDatetime
    claimed_at: UtcDatetime | None
    released_at: UtcDatetime | None
    closed_at: UtcDatetime | None


class TranscriptPublic(BaseModel):
    id: str
    kb: str
    user_id: str | None
    channel: str | None
    metadata: dict[str, Any]
    turns: int
    started_at: UtcDatetime
    updated_at: UtcDatetime
    state: DialogStatePublic
    handoffs: list[TranscriptHandoffPublic] = Field(description="oldest first")
    messages: list[AdminMessagePublic]


# The annotation queue.
class AnnotationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=64, description="one of kefu's answers")


class AnnotationUpdate(BaseModel):
    """A reviewer's label; sending it again replaces the earlier one."""

    model_config = ConfigDict(extra="forbid")

    label: AnnotationLabel
    corrected_answer: str | None = Field(
        default=None, min_length=1, max_length=20000, description="what kefu should have answered"
    )
    expected_faq_id: str | None = Field(
        default=None, min_length=1, max_length=128, description="the FAQ entry that should have answered"
    )
    expected_source: str | None = Field(
        default=None, min_length=1, max_length=256, description="the document that should have answered"
    )


class AnnotationPublic(BaseModel):
    id: str
    status: AnnotationStatus
    reason: AnnotationReason = Field(description="why it was queued")
    label: AnnotationLabel | None
    corrected_answer: str | None
    expected_faq_id: str | None
    expected_source: str | None
    created_by: str = Field(description="who queued it ('system' when collected by a job)")
    annotated_by: str | None = Field(description="who labelled it")
    annotated_at: UtcDatetime | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    conversation_id: str
    message_id: str
    question: str | None = Field(description="the customer's message the answer replied to (masked)")
    answer: str = Field(description="kefu's answer (masked)")
    route: str | None
    intent: str | None
    citations: list[dict[str, Any]]
    answered_at: UtcDatetime
    rating: Rating | None
    rating_comment: str | None


class AnnotationPagePublic(BaseModel):
    items: list[AnnotationPublic]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class CollectedPublic(BaseModel):
    since: UtcDatetime = Field(description="answers given from this moment were looked at")
    queued: int = Field(description="answers added to the queue")
    reasons: dict[str, int] = Field(description="thumbs_down | refuse | clarify → how many were queued")
    more: bool = Field(description="the per-call limit was reached: collect again for the rest")


# Analytics.
class LatencyPublic(BaseModel):
    p50: int
    p90: int
    p95: int
    p99: int
    max: int


class AnalyticsTotalsPublic(BaseModel):
    conversations: int
    turns: int
    ended: int
    resolved: int
    resolution_rate: float | None
    handoffs: int
    handoff_rate: float | None
    thumbs: RatingCounts
    routes: dict[str, int]
    latency_ms: LatencyPublic | None


class AnalyticsPointPublic(BaseModel):
    start: datetime = Field(description="the bucket's first moment, in the requested time zone")
    conversations: int = Field(description="started in the bucket")
    turns: int
    ended: int
    resolved: int
    resolution_rate: float | None = Field(description="resolved / ended; null when none ended")
    handoffs: int
    handoff_rate: float | None = Field(description="handoffs / conversations; null without conversations")
    latency_p50_ms: int | None
    latency_p95_ms: int | None


class IntentCountPublic(BaseModel):
    intent: str
    turns: int


class UnansweredPublic(BaseModel):
    question: str = Field(description="the cluster's most frequent wording (masked)")
    count: int
    examples: list[str]


class AnalyticsPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    since: str
    from_: UtcDatetime = Field(alias="from")
    to: UtcDatetime
    bucket: Literal["hour", "day"]
    tz: str
    totals: AnalyticsTotalsPublic
    series: list[AnalyticsPointPublic]
    top_intents: list[IntentCountPublic]
    top_unanswered: list[UnansweredPublic]


# The audit viewer.
class AuditEntryPublic(BaseModel):
    seq: int
    ts: str = Field(description="UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (as hashed)")
    tenant: str | None
    actor: str
    actor_role: str
    kind: str
    request_id: str | None
    record: Any
    prev_hash: str
    hash: str


class AuditPagePublic(BaseModel):
    items: list[AuditEntryPublic] = Field(description="newest first")
    next_cursor: str | None = Field(description=NEXT_CURSOR)


# Settings.
class SettingsPublic(BaseModel):
    settings: dict[str, Any] = Field(description="the effective settings, secrets redacted")
    redacted: list[str] = Field(description="the dotted names of the values redacted")


# The agent's suggested reply.
class SuggestionPublic(BaseModel):
    text: str = Field(description="the draft; empty when the knowledge base has nothing to suggest")
    citations: list[CitationPublic]
    route: Literal["faq", "rag", "clarify", "refuse", "blocked"] = Field(
        description="how the draft was made, as a bot turn would route the question"
    )
    question: str = Field(description="the customer's message(s) the draft answers (masked)")
    grounded: bool = Field(description="false: the LLM's draft was replaced by the source text")
    withheld: bool = Field(description="the output filter stopped the draft")
