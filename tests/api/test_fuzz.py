"""Schemathesis against the app's own OpenAPI document, over real HTTP (a bounded run).

Every operation is called with generated inputs, valid and invalid: no response may be a
5xx, and every response must match the schema the app publishes. The app runs in this
process under uvicorn over the fake engine (the model is not what is being fuzzed), once in
dev without authentication and once with authentication on, as an admin.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
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
from kefu.api.auth import mint_token
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from tests.conftest import copy_demo_data, echo_facts, free_port

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Streams stay open by design, and the OpenAI-compatible surface follows the engine's schema.
NOT_FUZZED = ("/events", "/v1/chat/completions")


@dataclass
class Target:
    base_url: str
    headers: dict[str, str]


@pytest.fixture(scope="module", params=["dev without auth", "authenticated admin"])
def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, demo_data: Path
) -> Iterator[Target]:
    port = free_port()
    data_dir = copy_demo_data(demo_data, tmp_path_factory.mktemp("fuzz") / "data")
    settings = load_settings(data_dir=data_dir)
    headers: dict[str, str] = {}
    if request.param == "authenticated admin":
        settings = load_settings(data_dir=data_dir, auth_required=True, secret_key="fuzz-" + "s" * 40)
        headers = {"Authorization": f"Bearer {mint_token(settings, 'fuzzer', 'admin', 'default')}"}
    app = create_app(settings, engine=FakeEngine(echo_facts))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield Target(f"http://127.0.0.1:{port}", headers)
    server.should_exit = True
    thread.join(timeout=30)


def operations(base_url: str) -> list[APIOperation]:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    found = [result.ok() for result in schema.get_all_operations()]
    return [op for op in found if not any(part in op.path for part in NOT_FUZZED)]


def test_no_server_errors_and_responses_match_the_schema(target: Target) -> None:
    assert httpx.get(f"{target.base_url}/v1/kb", headers=target.headers).status_code == 200  # admitted
    fuzzed = operations(target.base_url)
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
            case.call_and_validate(
                base_url=target.base_url, headers=target.headers, timeout=60, checks=CHECKS
            )

        call()
