"""Request and response bodies of the feedback endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_COMMENT_CHARS = 1000


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Literal["up", "down"] = Field(description="thumbs up or thumbs down")
    comment: str | None = Field(
        default=None,
        max_length=MAX_COMMENT_CHARS,
        description="what was wrong or right (optional; stored with personal data masked)",
    )


class FeedbackPublic(BaseModel):
    conversation_id: str
    message_id: str = Field(description="the rated answer")
    rating: Literal["up", "down"]
    comment: str | None = Field(description="as stored: personal data masked")
    replaced: Literal["up", "down"] | None = Field(
        description="the earlier rating of this answer that this one replaced, if any"
    )
    created_at: datetime = Field(description="when the answer was first rated")
    updated_at: datetime = Field(description="when it was last rated")
