"""What became of conversations: handed to a person, or rated down. A conversation that ended
with neither is *resolved*; `kefu stats`, the console's analytics and the resolution gauges all
count it from these two queries, so the three agree."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, select

from kefu.store.feedback_models import DOWN, Feedback
from kefu.store.handoff_models import Handoff
from kefu.store.models import Message


def handed_off(among: Select[str] | None = None) -> CompoundSelect[str]:
    """Ids of the conversations (of `among`, else all) with a `handoff` answer or a handoff record."""
    by_turn = select(Message.conversation_id).where(Message.handoff.is_(True))
    by_record = select(Handoff.conversation_id)
    if among is not None:
        by_turn = by_turn.where(Message.conversation_id.in_(among))
        by_record = by_record.where(Handoff.conversation_id.in_(among))
    return by_turn.union(by_record)


def rated_down(among: Select[str] | None = None) -> Select[str]:
    """Ids of the conversations (of `among`, else all) with a thumbs-down on any answer."""
    query = select(Feedback.conversation_id).where(Feedback.rating == DOWN)
    return query if among is None else query.where(Feedback.conversation_id.in_(among))
