"""`kefu stats` against conversations made through the real app (fake engine) in a real SQLite
database: every number of `--json` equals the one computed here, independently, from the stored
rows; near-duplicate unanswered questions are grouped; bad periods are refused."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kefu.api.app import create_app
from kefu.cli import app
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from kefu.improve.stats import cluster_questions, parse_since, similarity
from tests.conftest import copy_demo_data, echo_facts

runner = CliRunner()
IDLE_S = 1800
ENDED = timedelta(hours=2)  # moved this far back, a conversation has ended (idle 30 min)
# Questions the demo KB cannot answer, by topic: each topic should become one cluster.
UNANSWERED = {
    "mars": ["可以寄到火星吗", "能寄到火星吗？", "可以寄到火星上吗"],
    "rocket": ["你们卖火箭吗？", "你们店里有卖火箭吗"],
    "submarine": ["你们有卖潜水艇吗", "你们卖潜水艇吗？"],
    "pet": ["宠物狗可以寄吗"],
    "quantum": ["量子计算机多少钱"],
}


@dataclass
class Made:
    database: Path
    ended: set[str]


def _shift(db: sqlite3.Connection, conversation: str, by: timedelta) -> None:
    """Move a conversation back in time (SQLAlchemy stores UTC as 'YYYY-MM-DD HH:MM:SS.ffffff')."""
    created, updated = db.execute(
        "SELECT created_at, updated_at FROM conversations WHERE id = ?", (conversation,)
    ).fetchone()
    moved = [(datetime.fromisoformat(v) - by).strftime("%Y-%m-%d %H:%M:%S.%f") for v in (created, updated)]
    db.execute("UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?", (*moved, conversation))


@pytest.fixture(scope="module")
def made(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Made:
    data_dir = copy_demo_data(demo_data, tmp_path_factory.mktemp("stats") / "data")
    settings = load_settings(data_dir=data_dir)
    ended: set[str] = set()
    old: list[str] = []
    with TestClient(
        create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False
    ) as http:

        def conversation(*texts: str, ratings: tuple[dict[str, Any], ...] = ()) -> str:
            cid = http.post("/v1/conversations", json={}).json()["id"]
            answers = []
            for text in texts:
                turn = http.post(f"/v1/conversations/{cid}/messages", json={"text": text})
                assert turn.status_code == 200, turn.text
                answers.append(turn.json()["message_id"])
            for rating in ratings:
                rated = http.post(f"/v1/conversations/{cid}/messages/{answers[0]}/feedback", json=rating)
                assert rated.status_code == 200, rated.text
            return cid

        ended.add(conversation("你们支持七天无理由退货吗？", ratings=({"rating": "up"},)))
        ended.add(conversation("怎么开发票？", ratings=({"rating": "down", "comment": "看不懂"},)))
        ended.add(conversation("转人工"))
        ended.add(
            conversation(
                "My earphones are already unsealed. Can I still return them?",
                "你好",
                ratings=({"rating": "up"}, {"rating": "down"}),  # the latest rating counts
            )
        )
        for n, text in enumerate(t for texts in UNANSWERED.values() for t in texts):
            made_now = conversation(text)
            if n % 2 == 0:
                ended.add(made_now)
        conversation("耳机有什么颜色", ratings=({"rating": "up"},))  # still going
        old.append(conversation("你们卖火箭吗？", ratings=({"rating": "down"},)))  # before the window
        http.post("/v1/conversations", json={})  # never used
    database = data_dir / "kefu.db"
    with sqlite3.connect(database) as db:
        for cid in ended:
            _shift(db, cid, ENDED)
        for cid in old:
            _shift(db, cid, timedelta(days=8))
    return Made(database, ended)


@pytest.fixture
def cli_env(made: Made, monkeypatch: pytest.MonkeyPatch) -> Made:
    for name in ("KEFU_ENV", "KEFU_DATABASE_URL", "KEFU_AUDIT_SIGNING_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEFU_DATA_DIR", str(made.database.parent))
    monkeypatch.setenv("KEFU_CONVERSATION_IDLE_S", str(IDLE_S))
    return made


def expected_from_rows(database: Path, now: datetime, since: timedelta) -> dict[str, Any]:
    """The report, computed from the stored rows with plain SQL and Python."""
    db = sqlite3.connect(database)
    start = now - since
    conversations = {
        cid: datetime.fromisoformat(updated)
        for cid, created, updated, turns in db.execute(
            "SELECT id, created_at, updated_at, turns FROM conversations"
        )
        if start <= datetime.fromisoformat(created) < now and turns > 0
    }
    messages = [
        m
        for m in db.execute(
            "SELECT conversation_id, seq, role, text, route, intent, handoff, latency_ms FROM messages"
        )
        if m[0] in conversations
    ]
    answers = [m for m in messages if m[2] == "assistant"]
    handed = {m[0] for m in messages if m[6]} | {
        c for (c,) in db.execute("SELECT conversation_id FROM handoffs") if c in conversations
    }
    ratings = [
        (c, r) for c, r in db.execute("SELECT conversation_id, rating FROM feedback") if c in conversations
    ]
    downs = {c for c, r in ratings if r == "down"}
    ended = {c for c, updated in conversations.items() if updated <= now - timedelta(seconds=IDLE_S)}
    resolved = ended - handed - downs
    latencies = np.array([m[7] for m in answers if m[7] is not None])
    by_seq = {(m[0], m[1]): m for m in messages}
    unanswered = [
        by_seq[(m[0], m[1] - 1)][3]
        for m in answers
        if m[4] in ("refuse", "clarify") and by_seq.get((m[0], m[1] - 1), (None,) * 3)[2] == "user"
    ]
    db.close()
    intents = Counter(m[5] for m in answers if m[5] not in (None, "", "none"))
    return {
        "conversations": len(conversations),
        "turns": len(answers),
        "ended": len(ended),
        "resolved": len(resolved),
        "resolution_rate": round(len(resolved) / len(ended), 4),
        "handoffs": len(handed),
        "handoff_rate": round(len(handed) / len(conversations), 4),
        "thumbs": {
            "up": sum(r == "up" for _, r in ratings),
            "down": len([r for _, r in ratings if r == "down"]),
        },
        "routes": dict(Counter(m[4] for m in answers)),
        "top_intents": sorted(intents.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "latency_ms": {
            **{f"p{p}": int(np.percentile(latencies, p, method="inverted_cdf")) for p in (50, 90, 95, 99)},
            "max": int(latencies.max()),
        },
        "unanswered": Counter(q.strip() for q in unanswered),
    }


def test_every_number_matches_the_stored_conversations(cli_env: Made) -> None:
    result = runner.invoke(app, ["stats", "--since", "7d", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    now = datetime.fromisoformat(report["to"].replace("Z", "")).replace(tzinfo=None)
    assert datetime.fromisoformat(report["from"].replace("Z", "")) == now - timedelta(days=7)
    expected = expected_from_rows(cli_env.database, now, timedelta(days=7))

    for key in ("conversations", "turns", "ended", "resolved", "resolution_rate", "handoffs", "handoff_rate"):
        assert report[key] == expected[key], key
    assert report["thumbs"] == expected["thumbs"]
    assert report["routes"] == expected["routes"]
    assert [(i["intent"], i["turns"]) for i in report["top_intents"]] == expected["top_intents"]
    assert report["latency_ms"] == expected["latency_ms"]
    # what the scenario made, so that the comparison above is not between two empty reports
    questions = sum(len(texts) for texts in UNANSWERED.values())
    assert report["conversations"] == 4 + questions + 1 and report["ended"] == len(cli_env.ended)
    assert report["handoffs"] == 1 and report["thumbs"] == {"up": 2, "down": 2}
    assert 0 < report["resolved"] < report["ended"]

    # unanswered: every refused or clarified question is in exactly one cluster, grouped by topic
    clusters = report["top_unanswered"]
    assert sum(c["count"] for c in clusters) == sum(expected["unanswered"].values())
    topic_of = {text: topic for topic, texts in UNANSWERED.items() for text in texts}
    for cluster in clusters:
        wordings = [cluster["question"], *cluster["examples"]]
        assert len({topic_of[w] for w in wordings}) == 1, cluster  # one topic per cluster
        assert cluster["count"] == sum(expected["unanswered"][w] for w in wordings)
    grouped = Counter(topic_of[c["question"]] for c in clusters)
    assert all(n == 1 for n in grouped.values()), grouped  # one cluster per topic
    assert sum(len(c["examples"]) > 0 for c in clusters) >= 2  # near-duplicates were grouped
    assert [c["count"] for c in clusters] == sorted((c["count"] for c in clusters), reverse=True)


def test_a_shorter_period_and_a_tenant_filter(cli_env: Made) -> None:
    hour = json.loads(runner.invoke(app, ["stats", "--since", "60m", "--json"]).stdout)
    week = json.loads(runner.invoke(app, ["stats", "--since", "7d", "--json"]).stdout)
    assert hour["conversations"] == week["conversations"] - len(cli_env.ended)  # those moved 2 h back
    assert hour["ended"] == 0 and hour["resolution_rate"] is None
    nobody = json.loads(runner.invoke(app, ["stats", "--json", "--tenant", "nobody"]).stdout)
    assert (nobody["conversations"], nobody["latency_ms"], nobody["top_unanswered"]) == (0, None, [])
    mine = json.loads(runner.invoke(app, ["stats", "--json", "--tenant", "default"]).stdout)
    assert {k: v for k, v in mine.items() if k not in ("from", "to", "tenant")} == {
        k: v for k, v in week.items() if k not in ("from", "to", "tenant")
    }


def test_the_human_report(cli_env: Made) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "resolution rate" in result.stdout and "top unanswered questions" in result.stdout
    assert "火星" in result.stdout


@pytest.mark.parametrize("since", ["7", "7w", "0d", "-1d", "1.5h", "d7", ""])
def test_a_bad_period_is_a_clear_error(cli_env: Made, since: str) -> None:
    result = runner.invoke(app, ["stats", "--since", since])
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.output and "7d, 24h, 30m" in result.output
    assert "Traceback" not in result.output


def test_parse_since_and_similarity() -> None:
    assert parse_since("7d") == timedelta(days=7)
    assert parse_since("24h") == timedelta(hours=24)
    assert parse_since("30m") == timedelta(minutes=30)
    assert (
        similarity("你们卖火箭吗", "你们店里有卖火箭吗") >= 0.5 > similarity("你们卖火箭吗", "你们卖潜水艇吗")
    )
    clusters = cluster_questions(
        ["Can I pay in BTC?", "can i pay in btc", "你们卖火箭吗", "Can I pay in BTC?"]
    )
    assert [(c.question, c.count, c.examples) for c in clusters] == [
        ("Can I pay in BTC?", 3, ["can i pay in btc"]),
        ("你们卖火箭吗", 1, []),
    ]
    assert math.isclose(similarity("abc", "abc"), 1.0)
