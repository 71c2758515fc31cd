"""Feedback on answers over HTTP: a thumbs up or down per answer, re-rating replaces, the comment
is stored masked, the rating is audited; only the conversation's customer (or an admin of its
tenant) may rate, and what is not an answer of that conversation is refused."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings
from kefu.engine.fake import FakeEngine
from tests.api.envelope import error_of
from tests.api.test_auth import bearer, secured_settings
from tests.conftest import copy_demo_data, echo_facts

PHONE = "13812345678"
FAQ_QUESTION = "你们支持七天无理由退货吗？"


@dataclass
class Target:
    http: httpx.Client
    database: Path


@pytest.fixture(params=["fake", pytest.param("live", marks=pytest.mark.model)])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The app over the fake engine in-process, or a running kefu with the real model over HTTP."""
    if request.param == "fake":
        settings: Settings = request.getfixturevalue("settings")
        yield Target(request.getfixturevalue("client"), settings.data_dir / "kefu.db")
        return
    live = request.getfixturevalue("live")
    with httpx.Client(base_url=live.url, timeout=120) as http:
        yield Target(http, live.data_dir / "kefu.db")


def answered(http: httpx.Client, headers: dict[str, str] | None = None) -> tuple[str, str, str]:
    """A new conversation with one turn: (conversation id, the customer's message id, the answer's id)."""
    conversation = http.post("/v1/conversations", json={}, headers=headers).json()["id"]
    turn = http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": FAQ_QUESTION}, headers=headers
    )
    assert turn.status_code == 200, turn.text
    messages = http.get(f"/v1/conversations/{conversation}", headers=headers).json()["messages"]
    question = next(m["id"] for m in messages if m["role"] == "user")
    assert turn.json()["message_id"] == next(m["id"] for m in messages if m["role"] == "assistant")
    return conversation, question, turn.json()["message_id"]


def rate(
    http: httpx.Client,
    conversation: str,
    message: str,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return http.post(
        f"/v1/conversations/{conversation}/messages/{message}/feedback", json=body, headers=headers
    )


def stored(database: Path, message: str) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT rating, comment, conversation_id FROM feedback WHERE message_id = ?", (message,)
        ).fetchall()


def test_rating_again_replaces_and_the_comment_is_masked(target: Target) -> None:
    http = target.http
    conversation, _, answer = answered(http)

    first = rate(http, conversation, answer, {"rating": "up"})
    assert first.status_code == 200, first.text
    assert first.json() | {"rating": "up", "comment": None, "replaced": None} == first.json()
    assert stored(target.database, answer) == [("up", None, conversation)]

    second = rate(
        http, conversation, answer, {"rating": "down", "comment": f"  答非所问，请打我电话 {PHONE}  "}
    )
    assert second.status_code == 200, second.text
    body = second.json()
    assert (body["rating"], body["replaced"], body["message_id"]) == ("down", "up", answer)
    assert PHONE not in body["comment"] and body["comment"].startswith("答非所问，请打我电话 138")
    assert body["created_at"] == first.json()["created_at"] and body["updated_at"] >= body["created_at"]
    rows = stored(target.database, answer)
    assert rows == [("down", body["comment"], conversation)]  # one row per answer, the latest rating
    raw = target.database.read_bytes() + (
        target.database.with_suffix(".db-wal").read_bytes()
        if target.database.with_suffix(".db-wal").exists()
        else b""
    )
    assert PHONE.encode() not in raw

    blank = rate(http, conversation, answer, {"rating": "down", "comment": "   "})
    assert blank.json()["comment"] is None and blank.json()["replaced"] == "down"


def test_the_rating_is_audited_with_the_masked_comment(client: TestClient) -> None:
    conversation, _, answer = answered(client)
    assert rate(client, conversation, answer, {"rating": "up"}).status_code == 200
    assert (
        rate(client, conversation, answer, {"rating": "down", "comment": f"电话 {PHONE}"}).status_code == 200
    )

    export = client.get("/v1/audit/export")
    assert export.status_code == 200
    entries = [json.loads(line) for line in export.text.splitlines()]
    ratings = [e for e in entries if e["kind"] == "feedback" and e["record"]["message_id"] == answer]
    assert [(e["record"]["rating"], e["record"]["previous"]) for e in ratings] == [
        ("up", None),
        ("down", "up"),
    ]
    assert ratings[1]["record"]["conversation_id"] == conversation
    assert PHONE not in export.text and "138" in ratings[1]["record"]["comment"]
    assert ratings[1]["request_id"] and ratings[1]["actor"] == "dev"
    assert client.get("/v1/audit/verify").json()["ok"] is True


def test_what_cannot_be_rated(client: TestClient) -> None:
    conversation, question, answer = answered(client)
    other, _, other_answer = answered(client)

    error_of(rate(client, conversation, question, {"rating": "up"}), 422, "not_an_answer")
    error_of(rate(client, conversation, "0" * 32, {"rating": "up"}), 404, "message_not_found")
    error_of(rate(client, conversation, other_answer, {"rating": "up"}), 404, "message_not_found")
    error_of(rate(client, "0" * 32, answer, {"rating": "up"}), 404, "conversation_not_found")
    error_of(rate(client, conversation, answer, {"rating": "meh"}), 422, "validation_error")
    error_of(rate(client, conversation, answer, {}), 422, "validation_error")
    error_of(rate(client, conversation, answer, {"rating": "up", "extra": 1}), 422, "validation_error")
    error_of(
        rate(client, conversation, answer, {"rating": "up", "comment": "长" * 1001}), 422, "validation_error"
    )
    wrong_type = client.post(
        f"/v1/conversations/{conversation}/messages/{answer}/feedback",
        content=b"rating=up",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    error_of(wrong_type, 415, "unsupported_media_type")
    # nothing was stored by the refusals
    assert rate(client, conversation, answer, {"rating": "up"}).json()["replaced"] is None
    assert rate(client, other, other_answer, {"rating": "up"}).json()["replaced"] is None


@pytest.fixture(scope="module")
def secured(
    demo_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, Settings]]:
    settings = secured_settings(copy_demo_data(demo_data, tmp_path_factory.mktemp("feedback") / "data"))
    with TestClient(
        create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False
    ) as http:
        yield http, settings


def test_only_the_customer_or_an_admin_of_the_tenant_may_rate(secured: tuple[TestClient, Settings]) -> None:
    http, settings = secured

    def as_(role: str, tenant: str, sub: str) -> dict[str, str]:
        return bearer(mint_token(settings, sub, role, tenant))

    owner = as_("customer", "default", "alice")
    conversation, _, answer = answered(http, owner)

    for stranger in (
        as_("customer", "default", "bob"),
        as_("admin", "globex", "root"),
        as_("customer", "globex", "alice"),
    ):
        error_of(
            rate(http, conversation, answer, {"rating": "down"}, stranger), 404, "conversation_not_found"
        )
    error_of(
        rate(http, conversation, answer, {"rating": "down"}, as_("agent", "default", "wang")),
        403,
        "insufficient_scope",
    )
    error_of(rate(http, conversation, answer, {"rating": "down"}), 401, "missing_credentials")

    mine = rate(http, conversation, answer, {"rating": "up"}, owner)
    assert mine.status_code == 200 and mine.json()["replaced"] is None
    admin = rate(
        http, conversation, answer, {"rating": "down", "comment": "复核"}, as_("admin", "default", "ops")
    )
    assert admin.status_code == 200, admin.text
    assert admin.json()["replaced"] == "up"
