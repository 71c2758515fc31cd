"""`POST /generate`: the seed's one-shot interface, through the full pipeline."""

from __future__ import annotations

from fastapi import APIRouter

from kefu.api.deps import JSONOnly, RuntimeDep
from kefu.api.routers.conversations import ERRORS
from kefu.api.schemas import GenerateRequest, GenerateResponse

router = APIRouter(tags=["generate"])


@router.post("/generate", dependencies=[JSONOnly], responses=ERRORS)
async def generate(body: GenerateRequest, runtime: RuntimeDep) -> GenerateResponse:
    """Answer one message with no prior context; the exchange is stored as a one-turn conversation."""
    turn = await runtime.conversations.answer_once(body.prompt, runtime.settings.default_kb, "generate")
    return GenerateResponse(reply=turn.result.reply)
