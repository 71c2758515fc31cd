"""The audit log, for auditors: `GET /v1/audit/verify` checks the whole hash chain and its
signed checkpoints; `GET /v1/audit/export` streams the caller's tenant's entries as JSONL;
`GET /v1/audit/entries` pages through them, newest first, filtered (the console's viewer)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from kefu.api.admin_schemas import AuditEntryPublic, AuditPagePublic
from kefu.api.auth import Auditor
from kefu.api.deps import RuntimeDep
from kefu.api.query import Cursor, Moment, check_range
from kefu.api.safety_schemas import AuditVerifyPublic
from kefu.api.schemas import documented_errors
from kefu.errors import InvalidInput
from kefu.store.audit_pages import AuditQuery, audit_page
from kefu.store.paging import decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/verify", responses=documented_errors(422))
async def verify(runtime: RuntimeDep, principal: Auditor) -> AuditVerifyPublic:
    """Is every entry intact, in order, and covered by valid checkpoint signatures?"""
    report = await runtime.audit.verify()
    return AuditVerifyPublic.model_validate(report.to_dict())


@router.get(
    "/export",
    responses={
        **documented_errors(400, 422),
        200: {"content": {"application/x-ndjson": {}}, "description": "one entry per line"},
    },
    response_class=StreamingResponse,
)
async def export(
    runtime: RuntimeDep,
    principal: Auditor,
    start: Annotated[Moment | None, Query(alias="from", description="from this moment (inclusive)")] = None,
    end: Annotated[Moment | None, Query(alias="to", description="until this moment (exclusive)")] = None,
) -> StreamingResponse:
    """The entries of the caller's tenant with from <= ts < to, oldest first."""
    if start is not None and end is not None and start >= end:
        raise InvalidInput("invalid_range", "`from` must be before `to`.", "`from` 必须早于 `to`。")

    async def lines() -> AsyncIterator[str]:
        async for entry in runtime.audit.export(start, end):
            if entry.get("tenant") == principal.tenant:
                yield json.dumps(entry, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.get("/entries", responses=documented_errors(400, 422))
async def entries(
    runtime: RuntimeDep,
    principal: Auditor,
    cursor: Cursor = None,
    since: Annotated[Moment | None, Query(description="at or after (ISO 8601; UTC if no zone)")] = None,
    until: Annotated[Moment | None, Query(description="before")] = None,
    action: Annotated[
        str | None, Query(pattern="^[a-z][a-z_]{0,31}$", description="the entry's kind: turn, kb_change, …")
    ] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=128, description="who acted")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="entries per page")] = 50,
) -> AuditPagePublic:
    """The caller's tenant's entries, newest first, as `export` writes them; `next_cursor` pages on."""
    check_range(since, until)
    before = decode_cursor(cursor, int)[0] if cursor else None
    query = AuditQuery(principal.tenant, since, until, action, actor)
    found, more = await audit_page(runtime.database.sessions, query, limit, before)
    next_cursor = encode_cursor(found[-1]["seq"]) if more and found else None
    return AuditPagePublic(items=[AuditEntryPublic.model_validate(e) for e in found], next_cursor=next_cursor)
