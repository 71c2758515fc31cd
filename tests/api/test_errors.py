"""Every bad input gets a 4xx with the error envelope, in the request's language.

Each test runs twice: in-process over a fake engine (fast), and over real HTTP against a
running kefu with the real model (`live`, marked `model`).
"""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from kefu.engine.fake import FakeEngine
from kefu.errors import EngineUnavailable
from tests.api.envelope import error_of as _error


@pytest.fixture
def conversation(api: httpx.Client) -> str:
    return str(api.post("/v1/conversations", json={}).json()["id"])


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text(api: httpx.Client, conversation: str, text: str) -> None:
    _error(api.post(f"/v1/conversations/{conversation}/messages", json={"text": text}), 400, "empty_text")
    _error(api.post("/generate", json={"prompt": text}), 400, "empty_text")


def test_text_over_the_limit_in_chinese(api: httpx.Client, conversation: str) -> None:
    message = _error(
        api.post(f"/v1/conversations/{conversation}/messages", json={"text": "退" * 4001}),
        413,
        "text_too_long",
    )
    assert "上限为 4000" in message
    assert (
        api.post(f"/v1/conversations/{conversation}/messages", json={"text": "退" * 4000}).status_code == 200
    )


def test_invalid_json(api: httpx.Client) -> None:
    message = _error(
        api.post("/generate", content=b'{"prompt": "hi"', headers={"content-type": "application/json"}),
        400,
        "invalid_json",
    )
    assert "not valid JSON" in message


def test_invalid_json_chinese_when_the_client_speaks_chinese(api: httpx.Client) -> None:
    headers = {"content-type": "application/json", "accept-language": "zh-CN,zh;q=0.9"}
    assert "JSON" in _error(api.post("/generate", content=b"{", headers=headers), 400, "invalid_json")
    assert "有效" in api.post("/generate", content=b"{", headers=headers).json()["error"]["message"]


def test_wrong_content_type(api: httpx.Client) -> None:
    _error(
        api.post("/generate", content=b"prompt=hi", headers={"content-type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    _error(api.post("/v1/chat/completions", data={"a": "b"}), 415, "unsupported_media_type")


def test_invalid_utf8(api: httpx.Client) -> None:
    body = b'{"prompt": "\xff\xfe\xe9"}'
    _error(
        api.post("/generate", content=body, headers={"content-type": "application/json"}),
        400,
        "invalid_utf8",
    )


def test_schema_violations(api: httpx.Client, conversation: str) -> None:
    _error(api.post("/generate", json={"text": "wrong field"}), 422, "validation_error")
    _error(api.post("/generate", json={"prompt": 5}), 422, "validation_error")
    _error(api.post("/v1/conversations", json={"kb": "default", "colour": "red"}), 422, "validation_error")
    _error(api.post("/v1/chat/completions", json={"messages": []}), 422, "validation_error")


def test_unknown_conversation_in_chinese(api: httpx.Client) -> None:
    message = _error(
        api.post("/v1/conversations/nope/messages", json={"text": "我的订单呢"}),
        404,
        "conversation_not_found",
    )
    assert "找不到会话" in message
    _error(api.get("/v1/conversations/nope"), 404, "conversation_not_found")


def test_unknown_kb(api: httpx.Client) -> None:
    message = _error(api.post("/v1/conversations", json={"kb": "nope"}), 404, "kb_not_found")
    assert "default" in message  # names the known ones
    _error(
        api.post(
            "/v1/chat/completions", json={"kb": "nope", "messages": [{"role": "user", "content": "hi"}]}
        ),
        404,
        "kb_not_found",
    )


def test_unknown_model_and_route(api: httpx.Client) -> None:
    _error(
        api.post(
            "/v1/chat/completions", json={"model": "gpt-9", "messages": [{"role": "user", "content": "x"}]}
        ),
        404,
        "model_not_found",
    )
    _error(api.get("/nowhere"), 404, "not_found")
    _error(api.put("/generate", json={}), 405, "method_not_allowed")


def test_engine_failure_is_503_and_leaves_the_conversation_intact(
    client: TestClient, fake_engine: FakeEngine
) -> None:
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    url = f"/v1/conversations/{conversation}/messages"
    assert client.post(url, json={"text": "你好"}).status_code == 200

    def broken(messages, params):  # type: ignore[no-untyped-def]
        raise EngineUnavailable("connection refused")

    fake_engine.handler = broken
    question = "My phone screen is faulty. How do I send it for repair under warranty?"  # an LLM answer
    message = _error(client.post(url, json={"text": question}), 503, "engine_unavailable")
    assert "try again" in message
    stream = client.post(url + "?stream=true", json={"text": question})
    _error(stream, 503, "engine_unavailable")
    messages = client.get(f"/v1/conversations/{conversation}").json()["messages"]
    assert [m["text"] for m in messages] == ["你好", messages[1]["text"]]  # only the first turn


def test_no_stack_trace_on_unexpected_errors(client: TestClient, fake_engine: FakeEngine) -> None:
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    fake_engine.handler = lambda m, p: 1 / 0  # type: ignore[assignment,return-value]
    response = client.post(
        f"/v1/conversations/{conversation}/messages",
        json={"text": "How do I send my phone for repair under warranty?"},
    )
    message = _error(response, 500, "internal_error")
    assert "Traceback" not in response.text and "ZeroDivision" not in message
