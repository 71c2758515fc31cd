"""The PII vault over HTTP, with mobiles masked in `token` mode: stored texts hold only
`[mobile#<id>]`, the database holds no raw number, the vault holds the sealed value, and only a
caller with `pii:read` (and `agent`) can reveal it, in its own tenant, leaving an audit entry."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings, load_settings
from kefu.engine.fake import FakeEngine
from tests.api.envelope import error_of
from tests.api.test_auth import AUDIENCE, SECRET, bearer
from tests.conftest import copy_demo_data, echo_facts

PHONE = "13812345678"
TOKEN_MODE = {"mobile": "token"}


@dataclass
class Served:
    http: TestClient
    settings: Settings

    def as_(self, role: str, tenant: str = "default", sub: str | None = None) -> dict[str, str]:
        return bearer(mint_token(self.settings, sub or f"{tenant}-{role}", role, tenant))

    def handed_over(self, text: str, customer: str = "cust-1") -> str:
        """A conversation whose customer wrote `text`, then asked for a person (so it is queued)."""
        headers = self.as_("customer", sub=customer)
        conversation = self.http.post("/v1/conversations", json={}, headers=headers).json()["id"]
        for message in (text, "转人工"):
            turn = self.http.post(
                f"/v1/conversations/{conversation}/messages", json={"text": message}, headers=headers
            )
            assert turn.status_code == 200, turn.text
        return str(conversation)

    def reveal(self, conversation: str, headers: dict[str, str]) -> Any:
        return self.http.get(f"/v1/agent/conversations/{conversation}/revealed", headers=headers)


def serve(data_dir: Path, secret: str = SECRET) -> tuple[TestClient, Settings]:
    """An app with authentication on (as in `tests.api.test_auth`) and mobiles in `token` mode."""
    settings = load_settings(
        auth_required=True, secret_key=secret, auth_audience=AUDIENCE, data_dir=data_dir, pii_modes=TOKEN_MODE
    )
    app = create_app(settings, engine=FakeEngine(echo_facts))
    return TestClient(app, raise_server_exceptions=False), settings


@pytest.fixture(scope="module")
def served(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    http, settings = serve(copy_demo_data(demo_data, tmp_path_factory.mktemp("vault") / "data"))
    with http:
        yield Served(http, settings)


def database_bytes(data_dir: Path) -> bytes:
    """Every byte of the SQLite database, its write-ahead log included."""
    return b"".join(path.read_bytes() for path in sorted(data_dir.glob("*.db*")) if path.is_file())


def vault_rows(data_dir: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(data_dir / "kefu.db") as connection:
        return connection.execute("SELECT token_id, tenant, conversation_id, type FROM pii_vault").fetchall()


def test_the_number_is_stored_as_a_token_with_its_vault_row(served: Served) -> None:
    conversation = served.handed_over(f"我的手机号是{PHONE}，退货要多久到账？")
    detail = served.http.get(f"/v1/agent/conversations/{conversation}", headers=served.as_("admin")).json()
    first = detail["messages"][0]["text"]
    assert "[mobile#" in first and PHONE not in json.dumps(detail)
    token_id = first.split("[mobile#", 1)[1][:16]
    assert (token_id, "default", conversation, "mobile") in vault_rows(served.settings.data_dir)
    assert PHONE.encode() not in database_bytes(served.settings.data_dir)


def test_a_privileged_agent_sees_the_original_and_the_reveal_is_audited(served: Served) -> None:
    conversation = served.handed_over(f"手机 {PHONE}，订单号 XH202611220003")
    privileged = served.as_("agent_privileged", sub="ada")
    response = served.reveal(conversation, privileged)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == conversation and body["revealed"] == 1
    assert body["messages"][0]["text"] == f"手机 {PHONE}，订单号 XH202611220003"
    assert "[mobile#" not in json.dumps(body)

    export = served.http.get("/v1/audit/export", headers=served.as_("auditor"))
    entries = [json.loads(line) for line in export.text.splitlines()]
    reveals = [
        e for e in entries if e["kind"] == "pii_revealed" and e["record"]["conversation_id"] == conversation
    ]
    assert len(reveals) == 1 and PHONE not in export.text
    entry = reveals[0]
    assert entry["actor"] == "ada" and entry["actor_role"] == "agent_privileged"
    assert entry["record"]["count"] == 1 and len(entry["record"]["token_ids"]) == 1
    assert (
        f"[mobile#{entry['record']['token_ids'][0]}]"
        in served.http.get(f"/v1/agent/conversations/{conversation}", headers=served.as_("admin")).text
    )


def test_admins_may_reveal_and_plain_agents_may_not(served: Served) -> None:
    conversation = served.handed_over(f"回电 {PHONE}")
    admin = served.reveal(conversation, served.as_("admin"))
    assert admin.status_code == 200 and admin.json()["messages"][0]["text"] == f"回电 {PHONE}"
    response = served.reveal(conversation, served.as_("agent", sub="bob"))
    error_of(response, 403, "insufficient_scope")
    assert 'scope="pii:read"' in response.headers["WWW-Authenticate"]
    # a token of an admin narrowed to `agent` cannot reveal either
    narrowed = served.http.get(
        f"/v1/agent/conversations/{conversation}/revealed",
        headers=bearer(mint_token(served.settings, "ops", "admin", "default", scope="agent")),
    )
    error_of(narrowed, 403, "insufficient_scope")


def test_another_tenant_gets_404(served: Served) -> None:
    conversation = served.handed_over(f"电话 {PHONE}")
    for role in ("agent_privileged", "admin"):
        error_of(served.reveal(conversation, served.as_(role, "globex")), 404, "conversation_not_found")
    error_of(served.reveal("0" * 32, served.as_("admin")), 404, "conversation_not_found")


def test_an_agent_cannot_reveal_a_conversation_it_may_not_read(served: Served) -> None:
    headers = served.as_("customer", sub="cust-quiet")
    conversation = served.http.post("/v1/conversations", json={}, headers=headers).json()["id"]
    served.http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": f"号码 {PHONE}"}, headers=headers
    )
    # not handed over: not in any agent's queue
    error_of(served.reveal(conversation, served.as_("agent_privileged")), 404, "conversation_not_found")


def test_a_changed_secret_key_is_a_clear_error(demo_data: Path, tmp_path: Path) -> None:
    data_dir = copy_demo_data(demo_data, tmp_path / "data")
    first, settings = serve(data_dir)
    with first:
        conversation = Served(first, settings).handed_over(f"我的手机 {PHONE}")
    second, rotated = serve(data_dir, secret="another-secret-of-at-least-32-characters")
    with second:
        served = Served(second, rotated)
        message = error_of(served.reveal(conversation, served.as_("admin")), 500, "pii_vault_error")
        assert "secret key changed" in message
        zh = served.http.get(
            f"/v1/agent/conversations/{conversation}/revealed",
            headers={**served.as_("admin"), "Accept-Language": "zh-CN"},
        )
        assert "密钥已更换" in error_of(zh, 500, "pii_vault_error")
        export = served.http.get("/v1/audit/export", headers=served.as_("auditor")).text
        assert "pii_revealed" not in export  # nothing was revealed, so nothing to audit
        assert "Traceback" not in zh.text


def test_a_number_in_the_reply_is_kept_in_the_vault_too(served: Served) -> None:
    hotline = "13987654321"
    faq = f"id,question,answer\nhotline-1,售后热线电话是多少？,售后热线：{hotline}，工作日 9:00–18:00。\n"
    editor = served.as_("kb_editor")
    assert served.http.post("/v1/kb", json={"name": "hotline"}, headers=editor).status_code == 201
    upload = served.http.post(
        "/v1/kb/hotline/documents", files={"files": ("faq.csv", faq.encode())}, headers=editor
    )
    assert upload.status_code == 200, upload.text
    customer = served.as_("customer", sub="cust-hotline")
    conversation = served.http.post("/v1/conversations", json={"kb": "hotline"}, headers=customer).json()[
        "id"
    ]
    turn = served.http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": "售后热线电话是多少？"}, headers=customer
    ).json()
    assert turn["route"] == "faq" and hotline in turn["reply"]  # the customer is told the number
    stored = served.http.get(f"/v1/conversations/{conversation}", headers=customer).json()["messages"][1][
        "text"
    ]
    assert hotline not in stored and "[mobile#" in stored
    token_id = stored.split("[mobile#", 1)[1][:16]
    assert (token_id, "default", conversation, "mobile") in vault_rows(served.settings.data_dir)
    revealed = served.reveal(conversation, served.as_("admin")).json()
    assert revealed["messages"][1]["text"] == turn["reply"] and revealed["revealed"] == 1


def test_a_message_to_the_agent_holding_the_conversation_is_kept_too(served: Served) -> None:
    conversation = served.handed_over("你好", customer="cust-held")
    agent = served.as_("agent_privileged", sub="ada")
    assert served.http.post(f"/v1/agent/conversations/{conversation}/claim", headers=agent).status_code == 200
    customer = served.as_("customer", sub="cust-held")
    turn = served.http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": f"新号码 {PHONE}"}, headers=customer
    )
    assert turn.json()["route"] == "agent"
    revealed = served.reveal(conversation, agent).json()
    assert revealed["messages"][-1]["text"] == f"新号码 {PHONE}" and revealed["revealed"] == 1
    assert PHONE not in served.http.get(f"/v1/agent/conversations/{conversation}", headers=agent).text
