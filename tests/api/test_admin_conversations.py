"""The admin conversation browser over the in-process app and real SQLite: conversations made
through the real endpoints are filtered by route, intent, rating, handoff, KB and date, paged by
cursor without loss or repeats, summarised correctly, and read back as full transcripts (masked
as stored); bad filters are a clear 422, and only admins of the same tenant see anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.config import Settings
from tests.api.consoles import (
    FAQ,
    HANDOFF,
    REFUSE,
    Made,
    Secured,
    converse,
    move_back,
    rate,
    secured_app,
)
from tests.api.envelope import error_of

LIST = "/v1/admin/conversations"
PHONE = "13812345678"
SHOP2_FAQ = "id,question,answer\nshop2-1,礼品卡能退吗？,礼品卡一经售出不退不换。\n".encode()


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def made(client: TestClient, settings: Settings) -> dict[str, Made]:
    """Five conversations: an old FAQ one rated up, a refusal rated down (with a phone number in
    the comment), a handoff, a FAQ one in a second KB, and an unrated FAQ one."""
    assert client.post("/v1/kb", json={"name": "shop2"}).status_code == 201
    upload = client.post("/v1/kb/shop2/documents", files={"files": ("faq.csv", SHOP2_FAQ)})
    assert upload.status_code == 200, upload.text
    old = converse(client, FAQ)
    rate(client, old, 0, "up")
    refused = converse(client, REFUSE)
    rate(client, refused, 0, "down", f"没用，打我电话 {PHONE}")
    handed = converse(client, HANDOFF)
    shop2 = converse(client, "礼品卡能退吗？", kb="shop2")
    plain = converse(client, FAQ)
    move_back(settings, old.id, timedelta(days=3))
    return {"old": old, "refused": refused, "handed": handed, "shop2": shop2, "plain": plain}


def test_filters_select_exactly_the_matching_conversations(client: TestClient, made: dict[str, Made]) -> None:
    every = ids(client.get(LIST))
    newest_first = [made[k].id for k in ("plain", "shop2", "handed", "refused", "old")]
    assert every == newest_first
    by = {k: m.id for k, m in made.items()}
    assert ids(client.get(LIST, params={"route": "refuse"})) == [by["refused"]]
    assert ids(client.get(LIST, params={"route": "handoff"})) == [by["handed"]]
    assert set(ids(client.get(LIST, params={"route": "faq"}))) == {by["plain"], by["shop2"], by["old"]}
    assert ids(client.get(LIST, params={"intent": "human_agent"})) == [by["handed"]]
    assert ids(client.get(LIST, params={"intent": "no-such-intent"})) == []
    assert ids(client.get(LIST, params={"rating": "up"})) == [by["old"]]
    assert ids(client.get(LIST, params={"rating": "down"})) == [by["refused"]]
    assert ids(client.get(LIST, params={"handoff": "true"})) == [by["handed"]]
    assert ids(client.get(LIST, params={"handoff": "false"})) == [
        by["plain"],
        by["shop2"],
        by["refused"],
        by["old"],
    ]
    assert ids(client.get(LIST, params={"kb": "shop2"})) == [by["shop2"]]
    assert ids(client.get(LIST, params={"kb": "default", "route": "faq"})) == [by["plain"], by["old"]]
    assert ids(client.get(LIST, params={"kb": "nokb"})) == []
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert ids(client.get(LIST, params={"until": yesterday})) == [by["old"]]
    assert by["old"] not in ids(client.get(LIST, params={"since": yesterday}))
    assert len(ids(client.get(LIST, params={"since": yesterday}))) == 4
    # combined: an AND of every criterion
    assert ids(client.get(LIST, params={"route": "faq", "handoff": "false", "since": yesterday})) == [
        by["plain"],
        by["shop2"],
    ]


def test_summaries(client: TestClient, made: dict[str, Made]) -> None:
    items = {i["id"]: i for i in client.get(LIST).json()["items"]}
    refused = items[made["refused"].id]
    assert refused["kb"] == "default" and refused["message_count"] == 2
    assert refused["last_route"] == "refuse" and refused["intents"] == ["other"]
    assert refused["ratings"] == {"up": 0, "down": 1}
    assert refused["handed_off"] is False and refused["handoff_status"] == "none"
    assert refused["started_at"] <= refused["last_message_at"]
    handed = items[made["handed"].id]
    assert handed["handed_off"] is True and handed["handoff_status"] == "queued"
    assert handed["last_route"] == "handoff" and handed["intents"] == ["human_agent"]
    assert items[made["shop2"].id]["kb"] == "shop2"
    assert items[made["old"].id]["ratings"] == {"up": 1, "down": 0}


def test_pages_follow_the_cursor_without_gaps_or_repeats(client: TestClient, made: dict[str, Made]) -> None:
    every = ids(client.get(LIST))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(LIST, params=params).json()
        seen += [i["id"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == every and pages == 3
    filtered = client.get(LIST, params={"limit": 1, "handoff": "false"}).json()
    second = client.get(LIST, params={"limit": 1, "handoff": "false", "cursor": filtered["next_cursor"]})
    assert ids(second) == [made["shop2"].id]


def test_the_transcript_has_every_message_with_its_metadata(
    client: TestClient, made: dict[str, Made]
) -> None:
    refused = made["refused"]
    queued = client.post("/v1/admin/annotations", json={"message_id": refused.answers[0]})
    assert queued.status_code == 201, queued.text
    response = client.get(f"{LIST}/{refused.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == refused.id and body["kb"] == "default" and body["turns"] == 1
    question, answer = body["messages"]
    assert (question["role"], question["text"], question["rating"]) == ("user", REFUSE, None)
    assert answer["role"] == "assistant" and answer["route"] == "refuse" and answer["intent"] == "other"
    assert answer["rating"] == "down" and "没用" in answer["rating_comment"]
    assert PHONE not in response.text  # the comment is shown masked, as stored
    assert answer["annotation"] == {"id": queued.json()["id"], "status": "open", "label": None}
    assert body["handoffs"] == [] and body["state"]["turn_count"] == 1

    faq = client.get(f"{LIST}/{made['plain'].id}").json()["messages"][1]
    assert faq["route"] == "faq" and faq["citations"][0]["id"] == "faq-return-001"
    assert faq["latency_ms"] is not None and faq["kb_version"] == 1

    handed = client.get(f"{LIST}/{made['handed'].id}").json()
    assert [h["status"] for h in handed["handoffs"]] == ["queued"]
    assert handed["handoffs"][0]["reason"] == "explicit" and handed["messages"][1]["handoff"] is True

    error_of(client.get(f"{LIST}/nope"), 404, "conversation_not_found")


@pytest.mark.parametrize(
    ("params", "status", "code", "says"),
    [
        ({"route": "bogus"}, 422, "validation_error", "route"),
        ({"rating": "meh"}, 422, "validation_error", "rating"),
        ({"handoff": "maybe"}, 422, "validation_error", "handoff"),
        ({"limit": 101}, 422, "validation_error", "limit"),
        ({"limit": 0}, 422, "validation_error", "limit"),
        ({"since": "yesterday"}, 422, "validation_error", "since"),
        ({"until": "2026-13-45"}, 422, "validation_error", "until"),
        ({"since": "9999-12-31T23:59:59-05:00"}, 422, "validation_error", "since"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, 400, "invalid_range", "since"),
        ({"kb": "../etc"}, 422, "validation_error", "kb"),
        ({"intent": "x" * 65}, 422, "validation_error", "intent"),
        ({"cursor": "not a cursor"}, 422, "invalid_cursor", "cursor"),
        ({"cursor": "WyJ4Il0"}, 422, "invalid_cursor", "cursor"),  # ["x"]: the wrong shape
    ],
)
def test_bad_filters_are_a_clear_error(
    client: TestClient, params: dict[str, Any], status: int, code: str, says: str
) -> None:
    assert says in error_of(client.get(LIST, params=params), status, code)


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    with secured_app(demo_data, tmp_path_factory.mktemp("browser")) as app:
        yield app


def test_only_admins_of_the_tenant_see_conversations(secured: Secured) -> None:
    http = secured.http
    mine = converse(http, FAQ, headers=secured.as_("customer"))
    admin = secured.as_("admin")
    assert mine.id in ids(http.get(LIST, headers=admin))
    assert http.get(f"{LIST}/{mine.id}", headers=admin).status_code == 200
    for role in ("customer", "agent", "agent_privileged", "kb_editor", "auditor"):
        for path in (LIST, f"{LIST}/{mine.id}"):
            error_of(http.get(path, headers=secured.as_(role)), 403, "insufficient_scope")
    outsider = secured.as_("admin", "acme")
    theirs = converse(http, "退货要多久到账？", headers=secured.as_("customer", "acme"))
    assert ids(http.get(LIST, headers=outsider)) == [theirs.id]
    error_of(http.get(f"{LIST}/{mine.id}", headers=outsider), 404, "conversation_not_found")
    error_of(http.get(LIST), 401, "missing_credentials")
