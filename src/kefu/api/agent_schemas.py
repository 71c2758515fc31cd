"""Request and response bodies of the agent API and the customer's handoff endpoints."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator


def _utc(value: datetime) -> datetime:
    """Stored times are UTC; SQLite returns them without a zone."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
# Mainland mobile (optionally +86), or a landline with its area code; spaces and dashes are ignored.
PHONE = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{9,11})$")


class AgentMessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000, description="what the agent writes to the customer")


class CallbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone: str | None = Field(default=None, max_length=32, description="mainland mobile or landline")
    note: str = Field(default="", max_length=2000, description="what the customer wants to be called about")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        compact = re.sub(r"[\s\-()]", "", value)
        if not PHONE.match(compact):
            raise ValueError("not a phone number (e.g. 13800138000 or 010-12345678)")
        return compact


class HandoffPublic(BaseModel):
    """A handoff as agents see it (with its context package)."""

    id: str
    conversation_id: str
    status: str
    reason: str
    skill_group: str
    priority: int
    agent_id: str | None
    summary: str
    summary_source: str | None = Field(description="llm | extractive")
    intent: str | None
    slots: dict[str, Any]
    sentiment: float | None
    evidence: list[Any]
    queued_at: datetime
    claimed_at: datetime | None
    released_at: datetime | None
    closed_at: datetime | None
    sla_deadline: datetime


class QueueItemPublic(HandoffPublic):
    position: int = Field(description="1 = next in its skill group; 0 = claimed")
    waiting_s: int = Field(description="seconds since it was queued")
    overdue: bool = Field(description="waiting past its SLA deadline")
    sla_remaining_s: int = Field(description="seconds left before the SLA deadline (negative: overdue)")


class AgentQueuePublic(BaseModel):
    items: list[QueueItemPublic]
    agents_online: int


class TranscriptMessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    seq: int
    role: str = Field(description="user | assistant | agent")
    text: str
    route: str | None
    intent: str | None
    agent_id: str | None = None
    created_at: UtcDatetime


class AgentConversationPublic(BaseModel):
    """What an agent reads before and while serving a conversation."""

    id: str
    kb: str
    user_id: str | None
    channel: str | None
    turns: int
    state: dict[str, Any]
    handoff: HandoffPublic | None = Field(description="the open handoff, else the latest one")
    messages: list[TranscriptMessagePublic]


class CallbackPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    conversation_id: str
    handoff_id: str | None
    phone: str | None
    note: str
    skill_group: str | None
    status: str
    created_at: UtcDatetime


class HandoffStatusPublic(BaseModel):
    """What the customer may know about their handoff."""

    conversation_id: str
    status: Literal["none", "queued", "claimed", "released", "closed", "callback"]
    handoff_id: str | None = None
    position: int = 0
    skill_group: str | None = None
    agents_online: int = 0
    callback_offered: bool = False
