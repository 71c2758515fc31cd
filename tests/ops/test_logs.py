"""Structured logs from a real `kefu serve`: every line on its stderr is one JSON object with
timestamp, level, logger and message, carrying the request id and the conversation id of the
request that caused it, and a customer's phone number appears nowhere in them, even where a
client put it in a URL."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from kefu.ops.context import Caller, bind_caller, bind_conversation, reset_caller
from kefu.ops.logs import handler
from tests.conftest import copy_demo_data, start_server

PHONE = "13812345678"


class _OpenAIStub(BaseHTTPRequestHandler):
    """Just enough of an OpenAI-compatible server: the model list and a streamed answer."""

    def do_GET(self) -> None:
        self._send(200, "application/json", json.dumps({"data": [{"id": "stub"}]}).encode())

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        chunks = [
            {"choices": [{"delta": {"content": "好的。"}, "finish_reason": None}]},
            {"choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": 2}},
        ]
        body = "".join(f"data: {json.dumps(c, ensure_ascii=False)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        self._send(200, "text/event-stream", body.encode())

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", media)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def engine_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OpenAIStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_a_served_turn_logs_json_lines_with_ids_and_no_phone_number(
    demo_data: Path, tmp_path: Path, engine_url: str
) -> None:
    data_dir = copy_demo_data(demo_data, tmp_path / "data")
    server = start_server(
        data_dir, KEFU_ENGINE="openai", KEFU_OPENAI__BASE_URL=engine_url, KEFU_LOG_FORMAT="json"
    )
    try:
        with httpx.Client(base_url=server.url, timeout=60, headers={"X-Request-ID": "req-logs-1"}) as http:
            conversation = http.post("/v1/conversations", json={}).json()["id"]
            turn = http.post(
                f"/v1/conversations/{conversation}/messages",
                json={"text": f"我的手机号是{PHONE}，耳机拆封了还能退吗？"},
            )
            assert turn.status_code == 200, turn.text
            # a client that puts a phone number in a URL: the access log line must not keep it
            assert (
                http.get(f"/v1/conversations/{PHONE}", headers={"X-Request-ID": "req-logs-2"}).status_code
                == 404
            )
    finally:
        server.stop()

    text = server.log.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]  # every line is JSON
    assert len(lines) >= 5
    assert all({"timestamp", "level", "logger", "message"} <= line.keys() for line in lines)
    assert PHONE not in text

    answered = [line for line in lines if line.get("request_id") == "req-logs-1"]
    turn_line = next(line for line in answered if line["logger"] == "kefu.dialog.conversations")
    assert turn_line["conversation_id"] == conversation
    assert turn_line["message"] == f"turn {turn.json()['route']}" and turn_line["latency_ms"] >= 0
    access = [line for line in answered if line["logger"] == "uvicorn.access"]
    assert any(f"/v1/conversations/{conversation}/messages" in line["message"] for line in access)
    assert any(line.get("conversation_id") == conversation for line in access)
    lookup = next(line for line in lines if line.get("request_id") == "req-logs-2")
    assert lookup["logger"] == "uvicorn.access" and "/v1/conversations/138****5678" in lookup["message"]
    assert any(
        line["logger"].startswith("uvicorn") and "started" in line["message"].lower() for line in lines
    )


def test_the_formatter_masks_messages_extras_and_exceptions() -> None:
    stream = io.StringIO()
    installed = handler("json", stream)
    log = logging.getLogger("kefu.tests.logs")
    log.addHandler(installed)
    log.propagate = False
    token = bind_caller(Caller(request_id="req-7"))
    try:
        bind_conversation("conv-9")
        log.warning("business system said %r", {"phone": PHONE}, extra={"customer": f"张伟 {PHONE}", "n": 3})
        try:
            raise ValueError(f"bad value {PHONE}")
        except ValueError:
            log.exception("failed")
    finally:
        bind_conversation(None)
        reset_caller(token)
        log.removeHandler(installed)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert PHONE not in stream.getvalue()
    assert first | {"request_id": "req-7", "conversation_id": "conv-9", "level": "WARNING", "n": 3} == first
    assert "138****5678" in first["message"] and first["customer"].startswith("张*")
    assert second["message"] == "failed" and "ValueError: bad value 138****5678" in second["exc_info"]
