"""OpenTelemetry traces of a turn: through the real app (fake engine), a turn yields one
`kefu.turn` span whose children are the safety, NLU, retrieval and generation stages, whole or
streamed; with `KEFU_OTEL_ENDPOINT` set, the spans reach an OTLP/HTTP collector."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from kefu.api.app import create_app
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from kefu.errors import ConfigError
from kefu.ops.tracing import install, traces_url, uninstall
from tests.conftest import copy_demo_data, echo_facts

STAGES = ("kefu.safety", "kefu.nlu", "kefu.retrieval", "kefu.generation")
RAG_QUESTION = "My earphones are already unsealed. Can I still return them?"  # English: an LLM answer


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = install(exporter, batch=False)
    yield exporter
    uninstall(provider)


def check_turn(finished: tuple[ReadableSpan, ...], route: str) -> None:
    turns = [s for s in finished if s.name == "kefu.turn"]
    assert len(turns) == 1, [s.name for s in finished]
    turn = turns[0]
    assert turn.parent is None and turn.context is not None
    assert turn.attributes is not None and turn.attributes["kefu.route"] == route
    for name in STAGES:
        stage = next(s for s in finished if s.name == name)
        assert stage.parent is not None and stage.parent.span_id == turn.context.span_id, name
        assert stage.context is not None and stage.context.trace_id == turn.context.trace_id
        assert turn.start_time is not None and stage.start_time is not None and stage.end_time is not None
        assert (
            turn.end_time is not None
            and turn.start_time <= stage.start_time <= stage.end_time <= turn.end_time
        )
    assert all(s.name in (*STAGES, "kefu.turn") for s in finished)


def test_a_turn_is_one_span_with_the_four_stages_as_children(
    client: TestClient, spans: InMemorySpanExporter
) -> None:
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    spans.clear()
    turn = client.post(f"/v1/conversations/{conversation}/messages", json={"text": RAG_QUESTION}).json()
    assert turn["route"] == "rag"
    finished = spans.get_finished_spans()
    check_turn(finished, "rag")
    root = next(s for s in finished if s.name == "kefu.turn")
    assert root.attributes is not None and root.attributes["kefu.latency_ms"] == turn["latency_ms"]
    assert RAG_QUESTION not in json.dumps([dict(s.attributes or {}) for s in finished])  # no customer text


def test_a_one_shot_answer_ends_its_turn_span_with_the_result(
    client: TestClient, spans: InMemorySpanExporter
) -> None:
    # /generate stops reading the turn at its result: the span must end there, not at garbage collection
    assert client.post("/generate", json={"prompt": RAG_QUESTION}).status_code == 200
    check_turn(spans.get_finished_spans(), "rag")


def test_a_streamed_turn_has_the_same_tree(
    client: TestClient, spans: InMemorySpanExporter, caplog: pytest.LogCaptureFixture
) -> None:
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    spans.clear()
    with caplog.at_level(logging.ERROR, logger="opentelemetry"):
        response = client.post(
            f"/v1/conversations/{conversation}/messages?stream=true", json={"text": RAG_QUESTION}
        )
        assert response.status_code == 200 and "event: done" in response.text
        # a second turn starts a new trace (the turn span of the first is not left behind)
        client.post(f"/v1/conversations/{conversation}/messages", json={"text": "你好"})
    assert not [r for r in caplog.records if "detach" in r.getMessage().lower()]
    finished = spans.get_finished_spans()
    turns = [s for s in finished if s.name == "kefu.turn"]
    assert len(turns) == 2 and turns[0].context and turns[1].context
    assert turns[0].context.trace_id != turns[1].context.trace_id and turns[1].parent is None
    first = tuple(s for s in finished if s.context and s.context.trace_id == turns[0].context.trace_id)
    check_turn(first, "rag")


def test_without_tracing_nothing_is_recorded(client: TestClient) -> None:
    exporter = InMemorySpanExporter()  # not installed
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    client.post(f"/v1/conversations/{conversation}/messages", json={"text": RAG_QUESTION})
    assert exporter.get_finished_spans() == ()


class _Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        self.received.append((self.path, self.headers.get("content-type", ""), body))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_spans_are_exported_by_otlp_http_when_configured(demo_data: Path, tmp_path: Path) -> None:
    collector = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    _Collector.received = []
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    settings = load_settings(data_dir=copy_demo_data(demo_data, tmp_path / "data"), otel_endpoint=endpoint)
    try:
        with TestClient(create_app(settings, engine=FakeEngine(echo_facts))) as http:
            conversation = http.post("/v1/conversations", json={}).json()["id"]
            assert (
                http.post(f"/v1/conversations/{conversation}/messages", json={"text": RAG_QUESTION}).json()[
                    "route"
                ]
                == "rag"
            )
        # leaving the app shut the runtime down, which flushed the batch
    finally:
        collector.shutdown()
    assert _Collector.received, "nothing reached the collector"
    names: dict[bytes, str] = {}
    parents: dict[str, bytes] = {}
    for path, content_type, body in _Collector.received:
        assert path == "/v1/traces" and content_type == "application/x-protobuf"
        request = ExportTraceServiceRequest.FromString(body)
        for resource_spans in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            assert service["service.name"] == "kefu"
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    names[span.span_id] = span.name
                    parents[span.name] = span.parent_span_id
    assert set(names.values()) == {"kefu.turn", *STAGES}
    assert all(names[parents[stage]] == "kefu.turn" for stage in STAGES)


def test_traces_url() -> None:
    assert traces_url("http://collector:4318") == "http://collector:4318/v1/traces"
    assert traces_url("http://collector:4318/") == "http://collector:4318/v1/traces"
    assert traces_url("https://c/otlp/v1/traces") == "https://c/otlp/v1/traces"
    with pytest.raises(ConfigError, match="OTLP"):
        load_settings(otel_endpoint="collector:4318")
