"""The audit log, for auditors: `GET /v1/audit/verify` checks the whole hash chain and its
signed checkpoints; `GET /v1/audit/export` streams the caller's tenant's entries as JSONL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from kefu.api.auth import Auditor
from kefu.api.deps import RuntimeDep
from kefu.api.safety_schemas import AuditVerifyPublic
from kefu.api.schemas import documented_errors
from kefu.errors import InvalidInput

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
    start: Annotated[datetime | None, Query(alias="from", description="from this moment (inclusive)")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="until this moment (exclusive)")] = None,
) -> StreamingResponse:
    """The entries of the caller's tenant with from <= ts < to, oldest first."""
    if start is not None and end is not None and start >= end:
        raise InvalidInput("invalid_range", "`from` must be before `to`.", "`from` 必须早于 `to`。")

    async def lines() -> AsyncIterator[str]:
        async for entry in runtime.audit.export(start, end):
            if entry.get("tenant") == principal.tenant:
                yield json.dumps(entry, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")
