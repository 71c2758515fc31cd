"""The annotation queue over the in-process app and real SQLite: answers queued by hand or
collected (thumbs-down, refusals, clarifying questions; each once, within the period), listed
oldest first with their question and rating, paged, labelled by the caller, every change
audited; bad input is refused clearly, and only admins of the same tenant reach the queue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.config import Settings
from tests.api.consoles import (
    CLARIFY,
    FAQ,
    RAG,
    REFUSE,
    Secured,
    converse,
    move_back,
    rate,
    secured_app,
)
from tests.api.envelope import error_of

QUEUE = "/v1/admin/annotations"
COLLECT = f"{QUEUE}/collect"


def audit_records(client: TestClient, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    lines = client.get("/v1/audit/export", headers=headers).text.splitlines()
    return [e for e in map(json.loads, lines) if e["kind"] == "annotation"]


def test_queue_an_answer_by_hand(client: TestClient) -> None:
    made = converse(client, FAQ)
    response = client.post(QUEUE, json={"message_id": made.answers[0]})
    assert response.status_code == 201, response.text
    item = response.json()
    assert item["status"] == "open" and item["reason"] == "manual" and item["label"] is None
    assert item["message_id"] == made.answers[0] and item["conversation_id"] == made.id
    assert item["question"] == FAQ and item["answer"].startswith("支持。") and item["route"] == "faq"
    assert item["citations"][0]["id"] == "faq-return-001" and item["created_by"] == "dev"
    assert item["annotated_by"] is None and item["rating"] is None

    again = client.post(QUEUE, json={"message_id": made.answers[0]})
    assert item["id"] in error_of(again, 409, "annotation_exists")
    assert "user message" in error_of(
        client.post(QUEUE, json={"message_id": made.questions[0]}), 422, "not_an_answer"
    )
    error_of(client.post(QUEUE, json={"message_id": "nope"}), 404, "message_not_found")
    error_of(client.post(QUEUE, json={"message_id": ""}), 422, "validation_error")
    error_of(client.post(QUEUE, json={"message_id": made.answers[0], "x": 1}), 422, "validation_error")
    error_of(client.post(QUEUE, json={}), 422, "validation_error")
    records = audit_records(client)
    assert [r["record"]["action"] for r in records] == ["queued"]
    assert records[0]["record"]["annotation_id"] == item["id"] and records[0]["actor"] == "dev"


def test_collect_queues_thumbs_down_refusals_and_clarifications_once(
    client: TestClient, settings: Settings
) -> None:
    down = converse(client, FAQ)
    rate(client, down, 0, "down", "不对")
    up = converse(client, FAQ)
    rate(client, up, 0, "up")
    refused = converse(client, REFUSE)
    clarified = converse(client, CLARIFY)
    answered = converse(client, RAG)
    old = converse(client, REFUSE)
    move_back(settings, old.id, timedelta(days=2))
    manual = converse(client, REFUSE)
    assert client.post(QUEUE, json={"message_id": manual.answers[0]}).status_code == 201

    collected = client.post(COLLECT, params={"since": "1d"})
    assert collected.status_code == 200, collected.text
    assert collected.json()["queued"] == 3 and collected.json()["more"] is False
    assert collected.json()["reasons"] == {"clarify": 1, "refuse": 1, "thumbs_down": 1}
    items = client.get(QUEUE, params={"status": "open"}).json()["items"]
    by_message = {i["message_id"]: i for i in items}
    assert set(by_message) == {manual.answers[0], down.answers[0], refused.answers[0], clarified.answers[0]}
    assert by_message[down.answers[0]]["reason"] == "thumbs_down"
    assert (
        by_message[down.answers[0]]["rating"] == "down"
        and by_message[down.answers[0]]["rating_comment"] == "不对"
    )
    assert by_message[clarified.answers[0]]["reason"] == "clarify"
    assert by_message[manual.answers[0]]["reason"] == "manual"  # queued once, by whoever came first
    assert up.answers[0] not in by_message and answered.answers[0] not in by_message
    assert items[0]["message_id"] == manual.answers[0]  # oldest first
    downs = client.get(QUEUE, params={"reason": "thumbs_down"}).json()["items"]
    assert [i["message_id"] for i in downs] == [down.answers[0]]
    refusals = client.get(QUEUE, params={"reason": "refuse", "status": "open"}).json()["items"]
    assert [i["message_id"] for i in refusals] == [refused.answers[0]]

    assert client.post(COLLECT, params={"since": "1d"}).json()["queued"] == 0  # nothing twice
    wider = client.post(COLLECT, params={"since": "3d"}).json()
    assert wider["queued"] == 1 and wider["reasons"] == {"refuse": 1}  # the two-day-old refusal
    assert client.post(COLLECT, params={"since": "2000-01-01T00:00:00Z"}).json()["queued"] == 0
    actions = [r["record"]["action"] for r in audit_records(client)]
    assert actions == ["queued", "collected", "collected"]  # a collect that queued nothing is no change


def test_label_an_answer(client: TestClient) -> None:
    made = converse(client, REFUSE, FAQ)
    first = client.post(QUEUE, json={"message_id": made.answers[0]}).json()
    second = client.post(QUEUE, json={"message_id": made.answers[1]}).json()
    body = {
        "label": "should_answer",
        "corrected_answer": "我们不提供机票预订服务。",
        "expected_faq_id": "faq-service-009",
        "expected_source": "policies/service.md",
    }
    response = client.put(f"{QUEUE}/{first['id']}", json=body)
    assert response.status_code == 200, response.text
    labelled = response.json()
    assert labelled["status"] == "done" and labelled["annotated_by"] == "dev" and labelled["annotated_at"]
    assert {k: labelled[k] for k in body} == body
    assert labelled["question"] == REFUSE and labelled["route"] == "refuse"
    relabelled = client.put(f"{QUEUE}/{first['id']}", json={"label": "correct"}).json()
    assert relabelled["label"] == "correct" and relabelled["corrected_answer"] is None
    assert [i["id"] for i in client.get(QUEUE, params={"status": "done"}).json()["items"]] == [first["id"]]
    assert [i["id"] for i in client.get(QUEUE, params={"status": "open"}).json()["items"]] == [second["id"]]
    assert [i["id"] for i in client.get(QUEUE).json()["items"]] == [first["id"], second["id"]]
    transcript = client.get(f"/v1/admin/conversations/{made.id}").json()
    assert transcript["messages"][1]["annotation"] == {
        "id": first["id"],
        "status": "done",
        "label": "correct",
    }
    records = [r["record"] for r in audit_records(client) if r["record"]["action"] == "labelled"]
    assert [r["label"] for r in records] == ["should_answer", "correct"]

    put = client.put
    error_of(put(f"{QUEUE}/{first['id']}", json={"label": "meh"}), 422, "validation_error")
    error_of(put(f"{QUEUE}/{first['id']}", json={}), 422, "validation_error")
    error_of(
        put(f"{QUEUE}/{first['id']}", json={"label": "correct", "corrected_answer": ""}),
        422,
        "validation_error",
    )
    error_of(
        put(f"{QUEUE}/{first['id']}", json={"label": "correct", "expected_faq_id": "x" * 129}),
        422,
        "validation_error",
    )
    error_of(put(f"{QUEUE}/{first['id']}", json={"label": "correct", "who": "me"}), 422, "validation_error")
    error_of(put(f"{QUEUE}/nope", json={"label": "correct"}), 404, "annotation_not_found")
    sent = put(f"{QUEUE}/{first['id']}", content=b"label=correct", headers={"Content-Type": "text/plain"})
    error_of(sent, 415, "unsupported_media_type")


def test_the_queue_pages_by_cursor(client: TestClient) -> None:
    answers = [converse(client, REFUSE).answers[0] for _ in range(3)]
    assert client.post(COLLECT).json()["queued"] == 3
    first = client.get(QUEUE, params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(QUEUE, params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert rest["next_cursor"] is None
    assert [i["message_id"] for i in first["items"] + rest["items"]] == answers


@pytest.mark.parametrize(
    ("method", "path", "params", "code", "says"),
    [
        ("GET", QUEUE, {"status": "closed"}, "validation_error", "status"),
        ("GET", QUEUE, {"limit": 101}, "validation_error", "limit"),
        ("GET", QUEUE, {"reason": "bored"}, "validation_error", "reason"),
        ("GET", QUEUE, {"cursor": "%%%"}, "invalid_cursor", "cursor"),
        ("POST", COLLECT, {"since": "soon"}, "invalid_period", "soon"),
        ("POST", COLLECT, {"since": "0d"}, "invalid_period", "0d"),
        ("POST", COLLECT, {"since": "999999d"}, "invalid_period", "999999d"),
    ],
)
def test_bad_queries_are_a_clear_422(
    client: TestClient, method: str, path: str, params: dict[str, Any], code: str, says: str
) -> None:
    assert says in error_of(client.request(method, path, params=params), 422, code)


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    with secured_app(demo_data, tmp_path_factory.mktemp("annotations")) as app:
        yield app


def test_roles_and_tenants(secured: Secured) -> None:
    http = secured.http
    customer = secured.as_("customer")
    made = converse(http, REFUSE, headers=customer)
    admin = secured.as_("admin", sub="ada")
    queued = http.post(QUEUE, json={"message_id": made.answers[0]}, headers=admin)
    assert queued.status_code == 201 and queued.json()["created_by"] == "ada"
    labelled = http.put(f"{QUEUE}/{queued.json()['id']}", json={"label": "correct"}, headers=admin).json()
    assert labelled["annotated_by"] == "ada"
    entry = audit_records(http, secured.as_("auditor"))[-1]
    assert entry["actor"] == "ada" and entry["actor_role"] == "admin" and entry["tenant"] == "default"

    for role in ("customer", "agent", "agent_privileged", "kb_editor", "auditor"):
        headers = secured.as_(role)
        error_of(http.get(QUEUE, headers=headers), 403, "insufficient_scope")
        error_of(http.post(COLLECT, headers=headers), 403, "insufficient_scope")
        error_of(
            http.put(f"{QUEUE}/x", json={"label": "correct"}, headers=headers), 403, "insufficient_scope"
        )
    # An admin token narrowed to reading conversations may read the queue, not change it.
    reader = secured.as_("admin", scope="conversations:read")
    assert http.get(QUEUE, headers=reader).status_code == 200
    error_of(
        http.post(QUEUE, json={"message_id": made.answers[0]}, headers=reader), 403, "insufficient_scope"
    )

    outsider = secured.as_("admin", "acme")
    assert http.get(QUEUE, headers=outsider).json()["items"] == []
    error_of(
        http.post(QUEUE, json={"message_id": made.answers[0]}, headers=outsider), 404, "message_not_found"
    )
    error_of(
        http.put(f"{QUEUE}/{queued.json()['id']}", json={"label": "wrong_answer"}, headers=outsider),
        404,
        "annotation_not_found",
    )
    assert http.post(COLLECT, params={"since": "1d"}, headers=outsider).json()["queued"] == 0
    assert http.get(QUEUE, headers=admin).json()["items"][0]["label"] == "correct"  # untouched
