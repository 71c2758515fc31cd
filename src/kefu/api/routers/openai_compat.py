"""OpenAI-compatible `/v1/chat/completions` and `/v1/models`, so existing SDKs work unchanged.

Model `kefu` (the default) is the customer-service assistant: the last user message goes
through the full pipeline with the earlier messages as history. The engine's own model
name (see `/v1/models`) passes the messages straight to the LLM, still behind admission
control: for benchmarks and for tools that want the raw model.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from kefu.api.auth import Chat, Forbidden, Principal
from kefu.api.deps import JSONOnly, RuntimeDep, tenant_kb
from kefu.api.routers.conversations import ERRORS
from kefu.api.schemas import ChatCompletionRequest
from kefu.api.streaming import primed, sse_data, sse_response
from kefu.dialog.pipeline import TurnResult
from kefu.dialog.runtime import Runtime
from kefu.dialog.state import DialogState, DialogTurn
from kefu.engine.base import ChatMessage, Delta, GenerationParams
from kefu.errors import InvalidInput, KefuError, NotFound
from kefu.store.auth_models import ENGINE_RAW

router = APIRouter(prefix="/v1", tags=["openai"])
ASSISTANT_MODEL = "kefu"


@router.get("/models")
async def list_models(runtime: RuntimeDep, principal: Chat) -> dict[str, Any]:
    created = int(time.time())
    names = [ASSISTANT_MODEL, _engine_model(runtime)]
    return {
        "object": "list",
        "data": [{"id": n, "object": "model", "created": created, "owned_by": "kefu"} for n in names],
    }


@router.post("/chat/completions", dependencies=[JSONOnly], responses=ERRORS, response_model=None)
async def chat_completions(
    body: ChatCompletionRequest, runtime: RuntimeDep, principal: Chat
) -> JSONResponse | StreamingResponse:
    completion = _Completion(body.model, body.stream)
    if body.model == ASSISTANT_MODEL:
        events: AsyncIterator[str | TurnResult | Delta] = _assistant(body, runtime, principal)
    elif body.model == _engine_model(runtime):
        if not principal.can(ENGINE_RAW):  # the raw model skips the pipeline and its filters
            raise Forbidden([ENGINE_RAW])
        events = _raw(body, runtime)
    else:
        raise NotFound(
            "model_not_found",
            f"Unknown model {body.model!r}; see /v1/models.",
            f"未知模型 {body.model!r}，请查看 /v1/models。",
        )
    if body.stream:
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        return sse_response(
            await primed(completion.chunks(events, include_usage)), lambda s: s, completion.error_chunk
        )
    return JSONResponse(await completion.whole(events))


def _engine_model(runtime: Runtime) -> str:
    return runtime.engine.describe().name


def _assistant(
    body: ChatCompletionRequest, runtime: Runtime, principal: Principal
) -> AsyncIterator[str | TurnResult]:
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise InvalidInput(
            "last_message_not_user",
            "The last message must come from the user.",
            "最后一条消息必须是用户消息。",
        )
    history = [DialogTurn(role=m.role, text=m.text()) for m in turns[:-1]]
    state = DialogState(history=history[-2 * runtime.settings.history_turns :])
    kb = tenant_kb(principal, body.kb or runtime.settings.default_kb)
    return runtime.pipeline.stream(turns[-1].text(), state, kb)


def _raw(body: ChatCompletionRequest, runtime: Runtime) -> AsyncIterator[Delta]:
    roles = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
    messages = [ChatMessage(roles[m.role], m.text()) for m in body.messages if m.role in roles]  # type: ignore[arg-type]
    if sum(len(m.content) for m in messages) > runtime.settings.max_input_chars * 4:
        raise InvalidInput(
            "text_too_long",
            "The messages are too long for the model's context.",
            "消息过长，超出模型上下文。",
            status=413,
        )
    settings = runtime.settings
    params = GenerationParams(
        max_tokens=body.max_completion_tokens or body.max_tokens or settings.max_reply_tokens,
        temperature=settings.temperature if body.temperature is None else body.temperature,
    )
    return runtime.engine.stream(messages, params)


class _Completion:
    """Renders pipeline or engine events in the OpenAI wire format."""

    def __init__(self, model: str, stream: bool) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.model = model
        self.created = int(time.time())
        self.kind = "chat.completion.chunk" if stream else "chat.completion"

    def _envelope(self, **fields: Any) -> dict[str, Any]:
        return {"id": self.id, "object": self.kind, "created": self.created, "model": self.model, **fields}

    async def chunks(
        self, events: AsyncIterator[str | TurnResult | Delta], include_usage: bool
    ) -> AsyncIterator[str]:
        yield sse_data(
            self._envelope(
                choices=[{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
            )
        )
        usage: dict[str, int] = {}
        finish = "stop"
        async for event in events:
            text, usage_now, finish_now, extra = _unpack(event)
            usage = usage_now or usage
            finish = finish_now or finish
            if text:
                yield sse_data(
                    self._envelope(choices=[{"index": 0, "delta": {"content": text}, "finish_reason": None}])
                )
            if extra:
                finish_chunk = self._envelope(choices=[{"index": 0, "delta": {}, "finish_reason": finish}])
                yield sse_data({**finish_chunk, "kefu": extra})
                finish = ""
        if finish:
            yield sse_data(self._envelope(choices=[{"index": 0, "delta": {}, "finish_reason": finish}]))
        if include_usage:
            yield sse_data(self._envelope(choices=[], usage=_usage(usage)))
        yield sse_data("[DONE]")

    async def whole(self, events: AsyncIterator[str | TurnResult | Delta]) -> dict[str, Any]:
        text, finish = "", "stop"
        usage: dict[str, int] = {}
        kefu: dict[str, Any] | None = None
        async for event in events:
            piece, usage_now, finish_now, extra = _unpack(event)
            text += piece
            usage = usage_now or usage
            finish = finish_now or finish
            kefu = extra or kefu
        message = {"role": "assistant", "content": text}
        body = self._envelope(
            choices=[{"index": 0, "message": message, "finish_reason": finish}], usage=_usage(usage)
        )
        return {**body, "kefu": kefu} if kefu else body

    def error_chunk(self, exc: KefuError) -> str:
        return sse_data({"error": {"code": exc.code, "message": exc.message, "type": "server_error"}})


def _unpack(event: str | TurnResult | Delta) -> tuple[str, dict[str, int], str | None, dict[str, Any] | None]:
    """(text, usage, finish reason, kefu's own fields) of one event."""
    if isinstance(event, str):
        return event, {}, None, None
    if isinstance(event, Delta):
        usage = (
            {"prompt_tokens": event.prompt_tokens or 0, "completion_tokens": event.completion_tokens or 0}
            if event.finish_reason
            else {}
        )
        return event.text, usage, event.finish_reason, None
    usage = {"prompt_tokens": event.prompt_tokens or 0, "completion_tokens": event.completion_tokens or 0}
    extra = {
        "route": event.route,
        "citations": [asdict(c) for c in event.citations],
        "intent": event.intent,
        "slots": event.slots,
        "handoff": event.handoff,
        "grounded": event.grounded,
        "latency_ms": event.latency_ms,
    }
    return "", usage, None, extra


def _usage(counts: dict[str, int]) -> dict[str, int]:
    prompt, completion = counts.get("prompt_tokens", 0), counts.get("completion_tokens", 0)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
