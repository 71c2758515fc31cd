"""Feedback on answers: the customer's thumbs up or down, with an optional comment."""

from __future__ import annotations

from fastapi import APIRouter

from kefu.api.auth import Chat
from kefu.api.deps import JSONOnly, RuntimeDep, visible_conversation
from kefu.api.feedback_schemas import FeedbackCreate, FeedbackPublic
from kefu.api.schemas import documented_errors

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ERRORS = documented_errors(400, 404, 413, 415, 422)


@router.post("/{conversation_id}/messages/{message_id}/feedback", dependencies=[JSONOnly], responses=ERRORS)
async def rate_answer(
    conversation_id: str, message_id: str, body: FeedbackCreate, runtime: RuntimeDep, principal: Chat
) -> FeedbackPublic:
    """Rate one of kefu's answers in the caller's own conversation. Rating it again replaces the
    earlier rating; a message that is not an answer is 422, one not in the conversation 404."""
    conversation = await visible_conversation(runtime, principal, conversation_id)
    rated = await runtime.feedback.rate(conversation, message_id, body.rating, body.comment)
    stored = rated.feedback
    return FeedbackPublic.model_validate(
        {
            "conversation_id": stored.conversation_id,
            "message_id": stored.message_id,
            "rating": stored.rating,
            "comment": stored.comment,
            "replaced": rated.previous,
            "created_at": stored.created_at,
            "updated_at": stored.updated_at,
        }
    )
