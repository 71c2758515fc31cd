"""The engine's own metrics in kefu's /metrics: fetched from the engine's endpoint when scraped,
labelled `engine_endpoint`, names kept; an engine that does not answer is `up 0`, never an error."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.config import Settings
from kefu.engine.openai import OpenAICompatibleEngine
from kefu.ops.engine_metrics import engine_metrics_url, engine_text
from tests.ops.prom import samples, value

# What vLLM serves (abridged), labels included, and a llama-server counter without `_total`.
ENGINE_PAGE = """\
# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="qwen2.5-7b"} 0.42
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="qwen2.5-7b"} 3.0
# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="qwen2.5-7b"} 5.0
vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="qwen2.5-7b"} 7.0
vllm:time_to_first_token_seconds_count{model_name="qwen2.5-7b"} 7.0
vllm:time_to_first_token_seconds_sum{model_name="qwen2.5-7b"} 1.5
# HELP llamacpp:n_tokens_max Largest observed sequence length (prompt + generation)
# TYPE llamacpp:n_tokens_max counter
llamacpp:n_tokens_max 812
"""


class _Engine(BaseHTTPRequestHandler):
    page = ENGINE_PAGE

    def do_GET(self) -> None:
        body = self.page.encode()
        self.send_response(200 if self.path == "/metrics" else 404)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def engine_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Engine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def scrape_with_engine(settings: Settings, base_url: str) -> str:
    engine = OpenAICompatibleEngine(f"{base_url}/v1", "qwen2.5-7b")
    with TestClient(create_app(settings, engine=engine), client=("127.0.0.1", 50000)) as client:
        response = client.get("/metrics")
        assert response.status_code == 200
        return response.text


def test_the_engines_metrics_are_passed_through_with_its_endpoint(
    settings: Settings, engine_server: str
) -> None:
    page = scrape_with_engine(settings, engine_server)
    assert (
        value(page, "vllm:kv_cache_usage_perc", engine_endpoint=engine_server, model_name="qwen2.5-7b")
        == 0.42
    )
    assert value(page, "vllm:num_requests_waiting", engine_endpoint=engine_server) == 3
    assert value(page, "vllm:time_to_first_token_seconds_count", engine_endpoint=engine_server) == 7
    # The engine's names are kept as written (a parser would make this counter `..._total`).
    assert f'\nllamacpp:n_tokens_max{{engine_endpoint="{engine_server}"}} 812\n' in page
    assert value(page, "kefu_engine_metrics_up", engine_endpoint=engine_server) == 1
    assert value(page, "kefu_requests_in_flight") == 1  # kefu's own series are all still there


def test_an_engine_that_does_not_answer_is_down_not_an_error(settings: Settings, engine_server: str) -> None:
    gone = engine_server.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens
    page = scrape_with_engine(settings, gone)
    assert value(page, "kefu_engine_metrics_up", engine_endpoint=gone) == 0
    assert not [s for s in samples(page) if s.name.startswith("vllm:")]


def test_engine_metrics_can_be_left_out(settings: Settings, engine_server: str) -> None:
    page = scrape_with_engine(settings.model_copy(update={"metrics_engine": False}), engine_server)
    assert value(page, "kefu_engine_metrics_up", engine_endpoint=engine_server) is None
    assert not [s for s in samples(page) if s.name.startswith("vllm:")]


@pytest.mark.parametrize(
    "page",
    [
        "not prometheus at all {{{ 1\n",
        'vllm:x{engine_endpoint="elsewhere"} 1\n',  # would be a duplicate label: Prometheus drops the scrape
        "kefu_turns_total 1\n",  # would clash with kefu's own series
    ],
)
def test_engine_text_that_would_break_the_page_is_left_out(page: str) -> None:
    text = engine_text(page, "http://127.0.0.1:8080/metrics")
    assert [(s.name, s.value) for s in samples(text)] == [("kefu_engine_metrics_up", 0)]


def test_the_endpoint_of_each_engine_kind() -> None:
    assert (
        engine_metrics_url(OpenAICompatibleEngine("http://vllm:8000/v1", "m")) == "http://vllm:8000/metrics"
    )
    assert engine_metrics_url(object()) is None
