"""Analytics for the console's charts over the in-process app and real SQLite: conversations
made through the real endpoints, some moved days back, come out per day (or hour) with the
volume, resolution, handoffs and latency computed here independently from the stored rows;
the buckets add up to the totals; periods, buckets and zones are validated; tenants are apart."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from kefu.config import Settings
from tests.api.consoles import FAQ, HANDOFF, REFUSE, Secured, converse, database, move_back, rate, secured_app
from tests.api.envelope import error_of

ANALYTICS = "/v1/admin/analytics"
SUMMED = ("conversations", "turns", "ended", "resolved", "handoffs")


def nearest_rank(values: list[int], p: int) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def stored_answers(settings: Settings) -> list[tuple[str, datetime, int | None]]:
    """(conversation id, its start, the answer's latency) of every stored answer."""
    with database(settings) as db:
        rows = db.execute(
            "SELECT c.id, c.created_at, m.latency_ms FROM messages m JOIN conversations c"
            " ON c.id = m.conversation_id WHERE m.role = 'assistant'"
        ).fetchall()
    return [(cid, datetime.fromisoformat(at).replace(tzinfo=UTC), ms) for cid, at, ms in rows]


@pytest.fixture
def made(client: TestClient, settings: Settings) -> dict[str, list[str]]:
    """Today: a FAQ answer rated up and a handoff (both still open). Two days ago (ended): a
    FAQ answer, one rated down, a handoff, a refusal. Ten days ago: one more, out of a 7d window."""
    today = [converse(client, FAQ), converse(client, HANDOFF)]
    rate(client, today[0], 0, "up")
    earlier = [
        converse(client, FAQ),
        converse(client, FAQ),
        converse(client, HANDOFF),
        converse(client, REFUSE),
    ]
    rate(client, earlier[1], 0, "down")
    for made in earlier:
        move_back(settings, made.id, timedelta(days=2))
    outside = converse(client, REFUSE)
    move_back(settings, outside.id, timedelta(days=10))
    return {"today": [m.id for m in today], "earlier": [m.id for m in earlier], "outside": [outside.id]}


def test_daily_series_match_the_stored_conversations(
    client: TestClient, settings: Settings, made: dict[str, list[str]]
) -> None:
    response = client.get(ANALYTICS, params={"since": "7d", "tz": "UTC"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["bucket"] == "day" and report["tz"] == "UTC" and report["since"] == "7d"
    totals = report["totals"]
    assert (totals["conversations"], totals["handoffs"], totals["ended"], totals["resolved"]) == (6, 2, 4, 2)
    assert totals["resolution_rate"] == 0.5 and totals["handoff_rate"] == round(2 / 6, 4)
    assert totals["thumbs"] == {"up": 1, "down": 1} and totals["turns"] == 6

    end = datetime.fromisoformat(report["to"])
    first: date = (end - timedelta(days=7)).date()
    days = [first + timedelta(days=i) for i in range((end.date() - first).days + 1)]
    assert [datetime.fromisoformat(p["start"]).date() for p in report["series"]] == days
    for key in SUMMED:
        assert sum(p[key] for p in report["series"]) == totals[key], key

    counted = set(made["today"] + made["earlier"])
    latencies: dict[date, list[int]] = defaultdict(list)
    for conversation_id, started, latency in stored_answers(settings):
        if conversation_id in counted and latency is not None:
            latencies[started.date()].append(latency)
    by_day = {datetime.fromisoformat(p["start"]).date(): p for p in report["series"]}
    today, earlier = by_day[end.date()], by_day[end.date() - timedelta(days=2)]
    assert (today["conversations"], today["handoffs"], today["ended"], today["resolution_rate"]) == (
        2,
        1,
        0,
        None,
    )
    assert today["handoff_rate"] == 0.5
    assert (earlier["conversations"], earlier["handoffs"], earlier["ended"], earlier["resolved"]) == (
        4,
        1,
        4,
        2,
    )
    for day, point in by_day.items():
        if latencies[day]:
            assert point["latency_p50_ms"] == nearest_rank(latencies[day], 50)
            assert point["latency_p95_ms"] == nearest_rank(latencies[day], 95)
        else:
            assert point["conversations"] == 0 and point["latency_p50_ms"] is None and point["turns"] == 0
    assert report["top_unanswered"] == [
        {"question": REFUSE, "count": 1, "examples": []}
    ]  # not the 10-day-old one
    intents = {row["intent"]: row["turns"] for row in report["top_intents"]}
    assert intents["human_agent"] == 2 and intents["policy_inquiry"] == 3
    assert len(client.get(ANALYTICS, params={"top": 1}).json()["top_intents"]) == 1


def test_hourly_buckets_in_a_time_zone(client: TestClient, made: dict[str, list[str]]) -> None:
    report = client.get(ANALYTICS, params={"since": "24h", "tz": "Asia/Shanghai"}).json()
    assert report["bucket"] == "hour" and report["tz"] == "Asia/Shanghai"
    starts = [datetime.fromisoformat(p["start"]) for p in report["series"]]
    assert all(s.utcoffset() == timedelta(hours=8) and s.minute == 0 and s.second == 0 for s in starts)
    assert all(b - a == timedelta(hours=1) for a, b in pairwise(starts))
    start, end = datetime.fromisoformat(report["from"]), datetime.fromisoformat(report["to"])
    assert starts[0] <= start < starts[0] + timedelta(hours=1) and starts[-1] <= end < starts[-1] + timedelta(
        hours=1
    )
    assert sum(p["conversations"] for p in report["series"]) == report["totals"]["conversations"] == 2
    daily = client.get(ANALYTICS, params={"since": "3d", "tz": "Asia/Shanghai"}).json()
    midnight = datetime.fromisoformat(daily["series"][0]["start"])
    assert midnight.astimezone(ZoneInfo("Asia/Shanghai")).hour == 0 and midnight.utcoffset() == timedelta(
        hours=8
    )
    assert client.get(ANALYTICS, params={"since": "48h"}).json()["bucket"] == "hour"
    assert client.get(ANALYTICS, params={"since": "49h"}).json()["bucket"] == "day"
    forced = client.get(ANALYTICS, params={"since": "7d", "bucket": "hour"}).json()
    assert forced["bucket"] == "hour" and len(forced["series"]) in (168, 169)
    default_zone = client.get(ANALYTICS).json()
    assert default_zone["tz"] == "Asia/Shanghai" and default_zone["since"] == "7d"  # KEFU_AGENT_TIMEZONE


@pytest.mark.parametrize(
    ("params", "code", "says"),
    [
        ({"since": "soon"}, "invalid_period", "soon"),
        ({"since": "7"}, "invalid_period", "7"),
        ({"since": "1001d"}, "invalid_period", "1000"),
        ({"since": "42d", "bucket": "hour"}, "invalid_period", "hour"),
        ({"bucket": "week"}, "validation_error", "bucket"),
        ({"tz": "Mars/Base"}, "invalid_timezone", "Mars/Base"),
        ({"tz": "../../etc/passwd"}, "invalid_timezone", "IANA"),
        ({"top": 0}, "validation_error", "top"),
        ({"top": 51}, "validation_error", "top"),
    ],
)
def test_bad_parameters_are_a_clear_422(
    client: TestClient, params: dict[str, Any], code: str, says: str
) -> None:
    assert says in error_of(client.get(ANALYTICS, params=params), 422, code)


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    with secured_app(demo_data, tmp_path_factory.mktemp("analytics")) as app:
        yield app


def test_roles_and_tenants(secured: Secured) -> None:
    http = secured.http
    converse(http, FAQ, headers=secured.as_("customer"))
    converse(http, FAQ, headers=secured.as_("customer"))
    converse(http, "退货要多久到账？", headers=secured.as_("customer", "acme"))
    assert http.get(ANALYTICS, headers=secured.as_("admin")).json()["totals"]["conversations"] == 2
    assert http.get(ANALYTICS, headers=secured.as_("admin", "acme")).json()["totals"]["conversations"] == 1
    for role in ("customer", "agent", "kb_editor", "auditor"):
        error_of(http.get(ANALYTICS, headers=secured.as_(role)), 403, "insufficient_scope")
