"""The OpenAI-compatible client against scripted servers (httpx.MockTransport)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from kefu.engine.base import ChatMessage, Delta, GenerationParams
from kefu.engine.openai import OpenAICompatibleEngine
from kefu.errors import EngineUnavailable

pytestmark = pytest.mark.anyio


def sse(*pieces: str, usage: dict[str, int] | None = None) -> bytes:
    chunks = [{"choices": [{"delta": {"content": p}, "finish_reason": None}]} for p in pieces]
    chunks.append({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    if usage:
        chunks.append({"choices": [], "usage": usage})
    return b"".join(f"data: {json.dumps(c)}\n\n".encode() for c in chunks) + b"data: [DONE]\n\n"


async def run(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> list[Delta]:
    engine = OpenAICompatibleEngine(
        "http://engine/v1", "m", transport=httpx.MockTransport(handler), **options
    )  # type: ignore[arg-type]
    await engine.start()
    try:
        return [d async for d in engine.stream([ChatMessage("user", "hi")], GenerationParams(max_tokens=5))]
    finally:
        await engine.aclose()


async def test_streams_text_then_usage_and_sends_the_request_openai_style() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        assert request.headers["authorization"] == "Bearer k"
        return httpx.Response(
            200, content=sse("你", "好", usage={"prompt_tokens": 9, "completion_tokens": 2})
        )

    deltas = await run(handler, api_key="k")
    assert "".join(d.text for d in deltas) == "你好"
    assert (deltas[-1].finish_reason, deltas[-1].prompt_tokens, deltas[-1].completion_tokens) == (
        "stop",
        9,
        2,
    )
    assert seen[0]["stream"] is True and seen[0]["max_tokens"] == 5 and seen[0]["model"] == "m"


async def test_a_connection_dropped_before_any_output_is_retried_once() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return httpx.Response(200, content=sse("ok"))

    assert "".join(d.text for d in await run(handler)) == "ok" and calls == 2


async def test_repeated_drops_and_http_errors_become_engine_unavailable() -> None:
    def dropped(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("gone")

    with pytest.raises(EngineUnavailable, match="closed the connection"):
        await run(dropped)
    with pytest.raises(EngineUnavailable, match="HTTP 500"):
        await run(lambda request: httpx.Response(500, text="boom"))
    with pytest.raises(EngineUnavailable, match="cannot reach"):
        await run(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused")))


async def test_an_error_event_in_the_stream_is_engine_unavailable() -> None:
    body = b'data: {"error": {"message": "context full"}}\n\n'
    with pytest.raises(EngineUnavailable, match="context full"):
        await run(lambda request: httpx.Response(200, content=body))
