"""Schemathesis against the app's own OpenAPI document, over real HTTP (a bounded run).

Every operation is called with generated inputs, valid and invalid: no response may be a
5xx, and every response must match the schema the app publishes. The app runs in this
process under uvicorn over the fake engine (the model is not what is being fuzzed).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
import schemathesis
import uvicorn
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kefu.api.app import create_app
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from tests.conftest import copy_demo_data, echo_facts, free_port

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Streams stay open by design, and the OpenAI-compatible surface is the engine's own schema.
NOT_FUZZED = ("/events", "/v1/chat/completions", "/v1/completions")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, demo_data: Path) -> Iterator[str]:
    port = free_port()
    data_dir = copy_demo_data(demo_data, tmp_path_factory.mktemp("fuzz") / "data")
    app = create_app(load_settings(data_dir=data_dir), engine=FakeEngine(echo_facts))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def operations(base_url: str) -> list[APIOperation]:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    found = [result.ok() for result in schema.get_all_operations()]
    return [op for op in found if not any(part in op.path for part in NOT_FUZZED)]


def test_no_server_errors_and_responses_match_the_schema(base_url: str) -> None:
    fuzzed = operations(base_url)
    assert len(fuzzed) >= 20, [op.label for op in fuzzed]  # the whole API, not an empty schema
    for operation in fuzzed:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,  # the same examples every run: a failure reproduces
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=base_url, timeout=60, checks=CHECKS)

        call()
