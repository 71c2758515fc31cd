"""The annotation queue: queue kefu's answers for review (by hand, or collected: thumbs-down,
refusals, clarifying questions), list the queue, label an answer. Reading needs
`conversations:read` (the queue shows questions and answers); changing it also `annotations:write`.
Every change is audited (kind `annotation`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Security, status

from kefu.api.admin_schemas import (
    AnnotationCreate,
    AnnotationPagePublic,
    AnnotationPublic,
    AnnotationReason,
    AnnotationStatus,
    AnnotationUpdate,
    CollectedPublic,
)
from kefu.api.auth import Principal, current_principal
from kefu.api.deps import JSONOnly, RuntimeDep
from kefu.api.query import PERIOD_HELP, Cursor, since_moment
from kefu.api.schemas import documented_errors
from kefu.dialog.runtime import Runtime
from kefu.improve.annotations import AnnotationService
from kefu.store.annotation_repository import AnnotationItem, AnnotationRepository, Label
from kefu.store.auth_models import ANNOTATE, CONVERSATIONS_READ
from kefu.store.paging import decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/admin/annotations", tags=["admin"])
ERRORS = documented_errors(400, 404, 409, 413, 415, 422)
Reader = Annotated[Principal, Security(current_principal, scopes=[CONVERSATIONS_READ])]
Annotator = Annotated[Principal, Security(current_principal, scopes=[CONVERSATIONS_READ, ANNOTATE])]


def _service(runtime: Runtime) -> AnnotationService:
    return AnnotationService(AnnotationRepository(runtime.database.sessions), runtime.audit)


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS)
async def enqueue(body: AnnotationCreate, runtime: RuntimeDep, principal: Annotator) -> AnnotationPublic:
    """Queue one of kefu's answers for review: 404 when the tenant has no such message, 422 when it
    is not an answer, 409 when it is queued already."""
    item = await _service(runtime).enqueue(principal.tenant, body.message_id, principal.subject)
    return annotation_public(item)


@router.post("/collect", dependencies=[JSONOnly], responses=ERRORS)
async def collect(
    runtime: RuntimeDep,
    principal: Annotator,
    since: Annotated[str, Query(max_length=40, description=f"{PERIOD_HELP}, or an ISO 8601 moment")] = "7d",
) -> CollectedPublic:
    """Queue the answers given since then that got a thumbs-down or were a refusal or a clarifying
    question and are not queued yet (at most 1000 a call: `more` says to call again)."""
    moment = since_moment(since)
    collected = await _service(runtime).collect(principal.tenant, moment, principal.subject)
    return CollectedPublic(
        since=moment, queued=collected.queued, reasons=collected.reasons, more=collected.more
    )


@router.get("", responses=ERRORS)
async def list_annotations(
    runtime: RuntimeDep,
    principal: Reader,
    cursor: Cursor = None,
    annotation_status: Annotated[
        AnnotationStatus | None, Query(alias="status", description="open (to label) or done; default both")
    ] = None,
    reason: Annotated[
        AnnotationReason | None, Query(description="only those queued for this reason; default all")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="annotations per page")] = 20,
) -> AnnotationPagePublic:
    """The queue, oldest first, with each answer's question and rating."""
    after = decode_cursor(cursor, datetime, str) if cursor else None
    repository = AnnotationRepository(runtime.database.sessions)
    items, more = await repository.page(principal.tenant, annotation_status, reason, limit, after)
    last = items[-1].annotation if items else None
    next_cursor = encode_cursor(last.created_at, last.id) if more and last else None
    return AnnotationPagePublic(items=[annotation_public(i) for i in items], next_cursor=next_cursor)


@router.put("/{annotation_id}", dependencies=[JSONOnly], responses=ERRORS)
async def label(
    annotation_id: str, body: AnnotationUpdate, runtime: RuntimeDep, principal: Annotator
) -> AnnotationPublic:
    """Label the answer (the annotation is then `done`, by the caller); labelling again replaces it."""
    verdict = Label(body.label, body.corrected_answer, body.expected_faq_id, body.expected_source)
    item = await _service(runtime).label(principal.tenant, annotation_id, verdict, principal.subject)
    return annotation_public(item)


def annotation_public(item: AnnotationItem) -> AnnotationPublic:
    annotation, answer = item.annotation, item.answer
    fields = {
        name: getattr(annotation, name) for name in AnnotationPublic.model_fields if hasattr(annotation, name)
    }
    return AnnotationPublic.model_validate(
        {
            **fields,
            "question": item.question,
            "answer": answer.text,
            "route": answer.route,
            "intent": answer.intent,
            "citations": answer.citations,
            "answered_at": answer.created_at,
            "rating": item.rating,
            "rating_comment": item.comment,
        }
    )
