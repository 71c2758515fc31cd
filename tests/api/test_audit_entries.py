"""The audit viewer API: the tenant's entries newest first, exactly those of the export, filtered
by kind, actor and time, paged by cursor without gaps; reading writes nothing; bad queries are
a clear error; auditors and admins only, each in its own tenant."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.consoles import FAQ, Secured, converse, rate, secured_app
from tests.api.envelope import error_of

ENTRIES = "/v1/audit/entries"


def exported(client: TestClient, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    return [json.loads(line) for line in client.get("/v1/audit/export", headers=headers).text.splitlines()]


def every_page(
    client: TestClient, params: dict[str, Any], headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(
            ENTRIES, params={**params, **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


@pytest.fixture
def logged(client: TestClient) -> list[dict[str, Any]]:
    """Entries of several kinds, made through the API: turns, a rating, a KB change, a key."""
    made = converse(client, FAQ, FAQ)
    rate(client, made, 0, "down")
    assert client.post("/v1/kb", json={"name": "audited"}).status_code == 201
    assert client.post("/v1/auth/keys", json={"role": "agent", "name": "desk"}).status_code == 201
    return exported(client)


def test_entries_are_the_export_newest_first(client: TestClient, logged: list[dict[str, Any]]) -> None:
    response = client.get(ENTRIES)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items == logged[::-1] and response.json()["next_cursor"] is None
    assert {e["kind"] for e in items} >= {"turn", "feedback", "kb_change", "key_issued"}
    assert exported(client) == logged  # reading the log is not an audited change


def test_filters(client: TestClient, logged: list[dict[str, Any]]) -> None:
    turns = client.get(ENTRIES, params={"action": "turn"}).json()["items"]
    assert [e["seq"] for e in turns] == [e["seq"] for e in logged[::-1] if e["kind"] == "turn"] and len(
        turns
    ) == 2
    assert client.get(ENTRIES, params={"action": "nothing_like_it"}).json()["items"] == []
    assert len(client.get(ENTRIES, params={"actor": "dev"}).json()["items"]) == len(logged)
    assert client.get(ENTRIES, params={"actor": "someone-else"}).json()["items"] == []
    middle = logged[len(logged) // 2]
    since = client.get(ENTRIES, params={"since": middle["ts"]}).json()["items"]
    until = client.get(ENTRIES, params={"until": middle["ts"]}).json()["items"]
    assert [e["seq"] for e in since] == [e["seq"] for e in logged[::-1] if e["ts"] >= middle["ts"]]
    assert [e["seq"] for e in until] == [e["seq"] for e in logged[::-1] if e["ts"] < middle["ts"]]
    assert len(since) + len(until) == len(logged)
    key = client.get(
        ENTRIES, params={"action": "key_issued", "actor": "dev", "since": logged[0]["ts"]}
    ).json()
    assert [e["record"]["route"] for e in key["items"]] == ["/v1/auth/keys"]


def test_pages_cover_the_log_once(client: TestClient, logged: list[dict[str, Any]]) -> None:
    assert every_page(client, {"limit": 2}) == logged[::-1]
    assert every_page(client, {"limit": 1, "action": "turn"}) == [
        e for e in logged[::-1] if e["kind"] == "turn"
    ]


@pytest.mark.parametrize(
    ("params", "status", "code", "says"),
    [
        ({"limit": 201}, 422, "validation_error", "limit"),
        ({"limit": 0}, 422, "validation_error", "limit"),
        ({"action": "Key-Issued"}, 422, "validation_error", "action"),
        ({"action": "x" * 33}, 422, "validation_error", "action"),
        ({"actor": "a" * 129}, 422, "validation_error", "actor"),
        ({"since": "last week"}, 422, "validation_error", "since"),
        (
            {"until": "9999-12-31T23:59:59-05:00"},
            422,
            "validation_error",
            "until",
        ),  # past datetime.max in UTC
        ({"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, 400, "invalid_range", "since"),
        ({"cursor": "bad!"}, 422, "invalid_cursor", "cursor"),
        ({"cursor": "WyJ4Il0"}, 422, "invalid_cursor", "cursor"),  # ["x"], not a seq
        ({"cursor": "Wy0xXQ"}, 422, "invalid_cursor", "cursor"),  # [-1]
    ],
)
def test_bad_queries_are_a_clear_error(
    client: TestClient, params: dict[str, Any], status: int, code: str, says: str
) -> None:
    assert says in error_of(client.get(ENTRIES, params=params), status, code)


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    with secured_app(demo_data, tmp_path_factory.mktemp("audit-entries")) as app:
        yield app


def test_the_export_refuses_a_moment_out_of_range_too(client: TestClient) -> None:
    response = client.get("/v1/audit/export", params={"from": "9999-12-31T23:59:59-05:00"})
    assert "from" in error_of(response, 422, "validation_error")


def test_auditors_and_admins_read_their_own_tenant_only(secured: Secured) -> None:
    http = secured.http
    converse(http, FAQ, headers=secured.as_("customer"))
    mine = every_page(http, {}, secured.as_("auditor"))
    assert mine and all(e["tenant"] == "default" for e in mine)
    assert every_page(http, {}, secured.as_("admin")) == mine
    theirs = every_page(http, {}, secured.as_("auditor", "acme"))
    assert theirs and all(e["tenant"] == "acme" for e in theirs)  # the KB made in acme
    assert {e["kind"] for e in theirs} == {"kb_change"} and {e["seq"] for e in theirs}.isdisjoint(
        e["seq"] for e in mine
    )
    for role in ("customer", "agent", "agent_privileged", "kb_editor"):
        error_of(http.get(ENTRIES, headers=secured.as_(role)), 403, "insufficient_scope")
    error_of(http.get(ENTRIES), 401, "missing_credentials")
