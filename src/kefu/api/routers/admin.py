"""The admin console's API: the conversation browser, analytics for the charts, and the
effective settings (read-only, secrets redacted). Everything is the caller's tenant's only;
another tenant's conversation is 404, exactly as if it did not exist."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Security

from kefu.api.admin_schemas import (
    AdminMessagePublic,
    AnalyticsPublic,
    AnnotationRefPublic,
    ConversationPagePublic,
    ConversationSummaryPublic,
    Rating,
    Route,
    SettingsPublic,
    TranscriptHandoffPublic,
    TranscriptPublic,
)
from kefu.api.auth import Principal, current_principal
from kefu.api.deps import RuntimeDep, public_kb
from kefu.api.query import Cursor, Moment, check_range, period, time_zone
from kefu.api.schemas import DialogStatePublic, documented_errors
from kefu.api.settings_view import redacted_settings
from kefu.dialog.state import DialogState
from kefu.errors import InvalidInput
from kefu.improve.analytics import analytics as compute_analytics
from kefu.improve.analytics import choose_bucket
from kefu.store.auth_models import CONVERSATIONS_READ, SETTINGS_READ
from kefu.store.conversation_browser import ConversationBrowser, ConversationFilter, Transcript
from kefu.store.kb_repository import KB_NAME, kb_key
from kefu.store.paging import decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/admin", tags=["admin"])
ERRORS = documented_errors(400, 404, 422)
ConversationReader = Annotated[Principal, Security(current_principal, scopes=[CONVERSATIONS_READ])]
SettingsReader = Annotated[Principal, Security(current_principal, scopes=[SETTINGS_READ])]


@router.get("/conversations", responses=ERRORS)
async def list_conversations(
    runtime: RuntimeDep,
    principal: ConversationReader,
    cursor: Cursor = None,
    route: Annotated[Route | None, Query(description="with at least one answer of this route")] = None,
    intent: Annotated[
        str | None, Query(min_length=1, max_length=64, description="with at least one turn of this intent")
    ] = None,
    rating: Annotated[Rating | None, Query(description="with at least one answer rated so")] = None,
    handoff: Annotated[bool | None, Query(description="handed (or not) to a person")] = None,
    since: Annotated[
        Moment | None, Query(description="started at or after (ISO 8601; UTC if no zone)")
    ] = None,
    until: Annotated[Moment | None, Query(description="started before")] = None,
    kb: Annotated[str | None, Query(pattern=f"^{KB_NAME.pattern}$", description="bound to this KB")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="conversations per page")] = 20,
) -> ConversationPagePublic:
    """The tenant's conversations, newest first, filtered; `next_cursor` pages on."""
    check_range(since, until)
    criteria = ConversationFilter(
        principal.tenant,
        kb=kb_key(principal.tenant, kb) if kb else None,
        route=route,
        intent=intent,
        rating=rating,
        handoff=handoff,
        since=since,
        until=until,
    )
    after = decode_cursor(cursor, datetime, str) if cursor else None
    summaries, more = await ConversationBrowser(runtime.database.sessions).page(criteria, limit, after)
    items = [ConversationSummaryPublic.model_validate({**vars(s), "kb": public_kb(s.kb)}) for s in summaries]
    last = summaries[-1] if summaries else None
    return ConversationPagePublic(
        items=items, next_cursor=encode_cursor(last.started_at, last.id) if more and last else None
    )


@router.get("/conversations/{conversation_id}", responses=ERRORS)
async def conversation_transcript(
    conversation_id: str, runtime: RuntimeDep, principal: ConversationReader
) -> TranscriptPublic:
    """The whole conversation: every message masked as stored, with its route, citations, intent,
    slots, rating and annotation; the dialogue state; the handoffs."""
    transcript = await ConversationBrowser(runtime.database.sessions).transcript(
        conversation_id, principal.tenant
    )
    return _transcript_public(transcript)


@router.get("/analytics", responses=ERRORS)
async def analytics(
    runtime: RuntimeDep,
    principal: ConversationReader,
    since: Annotated[
        str, Query(max_length=16, description="the conversations started in the last 7d, 24h, …")
    ] = "7d",
    bucket: Annotated[
        Literal["hour", "day"] | None, Query(description="default: hour up to 48h, day beyond")
    ] = None,
    tz: Annotated[
        str | None, Query(max_length=64, description="IANA zone of the buckets; default KEFU_AGENT_TIMEZONE")
    ] = None,
    top: Annotated[int, Query(ge=1, le=50, description="rows of the top lists")] = 10,
) -> AnalyticsPublic:
    """Volume, resolution, handoffs and latency over the period and per bucket, top intents and the
    top unanswered questions (the figures of `kefu stats`, docs/monitoring.md)."""
    try:
        chosen = choose_bucket(period(since), bucket)
    except ValueError as exc:
        raise InvalidInput(
            "invalid_period", f"Invalid period: {exc}.", f"时间段过长：{exc}。", status=422
        ) from None
    report = await compute_analytics(
        runtime.database.sessions,
        since,
        idle_s=runtime.settings.conversation_idle_s,
        tenant=principal.tenant,
        tz=time_zone(tz or runtime.settings.agent_timezone),
        bucket=chosen,
        top=top,
    )
    totals = report.totals.to_dict()
    return AnalyticsPublic.model_validate(
        {
            **totals,
            "bucket": report.bucket,
            "tz": report.tz,
            "totals": totals,
            "series": [p.to_dict() for p in report.series],
        }
    )


@router.get("/settings", responses=documented_errors())
async def settings(runtime: RuntimeDep, principal: SettingsReader) -> SettingsPublic:
    """The effective settings, every secret (keys, passwords, tokens, DSN passwords) redacted."""
    view, redacted = redacted_settings(runtime.settings)
    return SettingsPublic(settings=view, redacted=redacted)


def _transcript_public(transcript: Transcript) -> TranscriptPublic:
    conversation = transcript.conversation
    messages = []
    for message in transcript.messages:
        feedback = transcript.feedback.get(message.id)
        annotation = transcript.annotations.get(message.id)
        messages.append(
            AdminMessagePublic.model_validate(
                {
                    **{
                        k: getattr(message, k) for k in AdminMessagePublic.model_fields if hasattr(message, k)
                    },
                    "rating": feedback.rating if feedback else None,
                    "rating_comment": feedback.comment if feedback else None,
                    "annotation": AnnotationRefPublic.model_validate(annotation, from_attributes=True)
                    if annotation
                    else None,
                }
            )
        )
    return TranscriptPublic(
        id=conversation.id,
        kb=public_kb(conversation.kb),
        user_id=conversation.user_id,
        channel=conversation.channel,
        metadata=conversation.meta,
        turns=conversation.turns,
        started_at=conversation.created_at,
        updated_at=conversation.updated_at,
        state=DialogStatePublic.of(DialogState.load(conversation.state)),
        handoffs=[
            TranscriptHandoffPublic.model_validate(h, from_attributes=True) for h in transcript.handoffs
        ],
        messages=messages,
    )
