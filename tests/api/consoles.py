"""Helpers of the console API tests: conversations made through the real endpoints, time moved
back in the SQLite file, and a secured app with two tenants for the role and tenant checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings
from kefu.engine.fake import FakeEngine
from tests.api.test_auth import bearer, secured_settings
from tests.conftest import copy_demo_data, echo_facts

# Questions and how the demo KB routes them (over the fake engine).
FAQ = "你们支持七天无理由退货吗？"
RAG = "会员"
CLARIFY = "有货吗"
REFUSE = "帮我订一张去上海的机票"
HANDOFF = "转人工"
ACME_FAQ = "id,question,answer\nacme-1,退货要多久到账？,ACME 退款三个工作日内到账。\n".encode()

Headers = dict[str, str] | None


@dataclass
class Made:
    """A conversation made through the API: its id and the ids of its answers, in order."""

    id: str
    answers: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


def converse(http: TestClient, *texts: str, headers: Headers = None, kb: str | None = None) -> Made:
    """A new conversation with one turn per text."""
    body = {"kb": kb} if kb else {}
    created = http.post("/v1/conversations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    made = Made(created.json()["id"])
    for text in texts:
        turn = http.post(f"/v1/conversations/{made.id}/messages", json={"text": text}, headers=headers)
        assert turn.status_code == 200, turn.text
        made.answers.append(turn.json()["message_id"])
    messages = http.get(f"/v1/conversations/{made.id}", headers=headers).json()["messages"]
    made.questions = [m["id"] for m in messages if m["role"] == "user"]
    return made


def rate(
    http: TestClient,
    made: Made,
    answer: int,
    rating: str,
    comment: str | None = None,
    headers: Headers = None,
) -> None:
    body: dict[str, Any] = {"rating": rating, **({"comment": comment} if comment else {})}
    path = f"/v1/conversations/{made.id}/messages/{made.answers[answer]}/feedback"
    rated = http.post(path, json=body, headers=headers)
    assert rated.status_code == 200, rated.text


@contextmanager
def database(settings: Settings) -> Iterator[sqlite3.Connection]:
    with sqlite3.connect(settings.data_dir / "kefu.db") as db:
        yield db


def _earlier(value: str, by: timedelta) -> str:
    # SQLAlchemy stores UTC in SQLite as 'YYYY-MM-DD HH:MM:SS.ffffff'.
    return (datetime.fromisoformat(value) - by).strftime("%Y-%m-%d %H:%M:%S.%f")


def move_back(settings: Settings, conversation_id: str, by: timedelta) -> None:
    """Make a conversation (and its messages) `by` older, as if it had happened then."""
    with database(settings) as db:
        created, updated = db.execute(
            "SELECT created_at, updated_at FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        db.execute(
            "UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?",
            (_earlier(created, by), _earlier(updated, by), conversation_id),
        )
        rows = db.execute("SELECT id, created_at FROM messages WHERE conversation_id = ?", (conversation_id,))
        for message_id, at in rows.fetchall():
            db.execute("UPDATE messages SET created_at = ? WHERE id = ?", (_earlier(at, by), message_id))


@dataclass
class Secured:
    """An app with authentication on, the demo KB in tenant `default` and a small one in `acme`."""

    http: TestClient
    settings: Settings

    def as_(
        self, role: str, tenant: str = "default", sub: str | None = None, scope: str | None = None
    ) -> dict[str, str]:
        return bearer(mint_token(self.settings, sub or f"{tenant}-{role}", role, tenant, scope=scope))


@contextmanager
def secured_app(demo_data: Path, folder: Path, engine: FakeEngine | None = None) -> Iterator[Secured]:
    settings = secured_settings(copy_demo_data(demo_data, folder / "data"))
    app = create_app(settings, engine=engine or FakeEngine(echo_facts))
    with TestClient(app, raise_server_exceptions=False) as http:
        secured = Secured(http, settings)
        editor = secured.as_("kb_editor", "acme")
        assert http.post("/v1/kb", json={"name": "default"}, headers=editor).status_code == 201
        upload = http.post("/v1/kb/default/documents", files={"files": ("faq.csv", ACME_FAQ)}, headers=editor)
        assert upload.status_code == 200, upload.text
        yield secured
