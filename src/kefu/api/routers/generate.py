"""`POST /generate`: the seed's one-shot interface, through the full pipeline."""

from __future__ import annotations

from fastapi import APIRouter

from kefu.api.auth import Chat
from kefu.api.deps import JSONOnly, RuntimeDep, tenant_kb
from kefu.api.routers.conversations import ERRORS
from kefu.api.schemas import GenerateRequest, GenerateResponse

router = APIRouter(tags=["generate"])


@router.post("/generate", dependencies=[JSONOnly], responses=ERRORS)
async def generate(body: GenerateRequest, runtime: RuntimeDep, principal: Chat) -> GenerateResponse:
    """Answer one message with no prior context; the exchange is stored as a one-turn conversation."""
    kb = tenant_kb(principal, runtime.settings.default_kb)
    turn = await runtime.conversations.answer_once(
        body.prompt, kb, "generate", tenant=principal.tenant, subject=principal.subject
    )
    return GenerateResponse(reply=turn.result.reply)
