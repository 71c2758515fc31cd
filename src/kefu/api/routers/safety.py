"""`POST /v1/safety/check`: what the input filter makes of a text (verdict, categories,
reasons, the masked text and the personal data found), without answering it."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter

from kefu.api.auth import Anyone
from kefu.api.deps import JSONOnly, RuntimeDep
from kefu.api.safety_schemas import SafetyCheck, SafetyVerdict
from kefu.api.schemas import documented_errors
from kefu.errors import ConfigError

router = APIRouter(prefix="/v1/safety", tags=["safety"])


@router.post("/check", dependencies=[JSONOnly], responses=documented_errors(400, 413, 415, 422))
async def check(body: SafetyCheck, runtime: RuntimeDep, principal: Anyone) -> SafetyVerdict:
    """Screen a text as a customer's message would be screened."""
    screen = runtime.pipeline.input_filter
    if screen is None:  # pragma: no cover - the runtime always has one
        raise ConfigError("the input filter is not configured", "输入过滤器未配置")
    verdict = await asyncio.to_thread(screen.check, body.text)
    public: dict[str, Any] = verdict.public()
    return SafetyVerdict.model_validate(public)
