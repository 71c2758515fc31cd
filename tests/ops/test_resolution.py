"""The resolution rate: conversations that ended (went quiet) without a handoff and without a
thumbs-down, counted in the database when Prometheus scrapes, over a window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from kefu.api.app import create_app
from kefu.config import Settings
from kefu.engine.fake import FakeEngine
from kefu.ops.resolution import Resolution, ResolutionGauges, count_resolution
from kefu.store.database import Database
from kefu.store.models import Conversation, utcnow
from tests.ops.prom import value


@pytest.fixture
def quick(settings: Settings, fake_engine: FakeEngine) -> Iterator[TestClient]:
    """Conversations end as soon as they are quiet; the count is never cached."""
    quick = settings.model_copy(update={"conversation_idle_s": 0.001, "metrics_db_refresh_s": 0.0})
    with TestClient(create_app(quick, engine=fake_engine), client=("127.0.0.1", 50000)) as client:
        yield client


def converse(client: TestClient, *texts: str, rating: str | None = None) -> str:
    conversation = str(client.post("/v1/conversations", json={}).json()["id"])
    for text in texts:
        turn = client.post(f"/v1/conversations/{conversation}/messages", json={"text": text}).json()
    if rating is not None:
        rated = client.post(
            f"/v1/conversations/{conversation}/messages/{turn['message_id']}/feedback",
            json={"rating": rating},
        )
        assert rated.status_code == 200, rated.text
    return conversation


def test_resolution_counts_conversations_without_handoff_or_thumbs_down(quick: TestClient) -> None:
    converse(quick, "满多少包邮？")  # resolved
    converse(quick, "满多少包邮？", rating="up")  # resolved
    converse(quick, "满多少包邮？", "我要转人工")  # handed off
    converse(quick, "怎么开发票？", rating="down")  # thumbs down
    converse(quick)  # no turn: never started, not counted
    old = converse(quick, "满多少包邮？")  # ended before the window
    runtime = quick.app.state.runtime  # type: ignore[attr-defined]

    async def age() -> None:
        async with runtime.database.sessions.begin() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.id == old)
                .values(updated_at=utcnow() - timedelta(days=2))
            )

    quick.portal.call(age)  # type: ignore[union-attr]
    page = quick.get("/metrics").text
    assert value(page, "kefu_conversations_ended") == 4
    assert value(page, "kefu_conversations_resolved") == 2
    assert value(page, "kefu_resolution_ratio") == 0.5
    assert value(page, "kefu_feedback_total", rating="down") == 1
    assert value(page, "kefu_feedback_total", rating="up") == 1


def test_no_ended_conversation_means_no_ratio(settings: Settings, fake_engine: FakeEngine) -> None:
    with TestClient(create_app(settings, engine=fake_engine), client=("127.0.0.1", 50000)) as client:
        converse(client, "满多少包邮？")  # quiet for less than the default 30 minutes: not ended
        page = client.get("/metrics").text
    assert value(page, "kefu_conversations_ended") == 0
    assert value(page, "kefu_resolution_ratio") is None  # absent, not 0: nothing to divide


@pytest.mark.anyio
async def test_the_count_is_cached_between_refreshes(database: Database) -> None:
    now = [0.0]
    gauges = ResolutionGauges(database.sessions, 3600, 0.0, refresh_s=30, clock=lambda: now[0])
    assert await gauges.current() == Resolution(0, 0)
    async with database.sessions.begin() as session:
        session.add(Conversation(kb="default", turns=1, updated_at=utcnow() - timedelta(seconds=5)))
    now[0] = 29.0
    assert await gauges.current() == Resolution(0, 0)  # cached
    now[0] = 30.0
    assert await gauges.current() == Resolution(1, 1)
    since, until = utcnow() - timedelta(hours=1), utcnow() - timedelta(seconds=10)
    assert await count_resolution(database.sessions, since, until) == Resolution(0, 0)  # too recent
