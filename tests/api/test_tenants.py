"""Tenants over HTTP: two tenants with the same KB name each see only their own; another
tenant's conversation, messages, events, handoff, callbacks, KB content and keys are 404
(or absent from lists), exactly as if they did not exist."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings
from kefu.engine.fake import FakeEngine
from tests.api.envelope import error_of
from tests.api.test_auth import bearer, secured_settings
from tests.conftest import copy_demo_data, echo_facts

FAQ = "id,question,answer\nrefund-1,退货要多久到账？,ACME 退款三个工作日内到账。\n".encode()


@dataclass
class World:
    http: TestClient
    settings: Settings

    def as_(self, role: str, tenant: str, sub: str | None = None) -> dict[str, str]:
        return bearer(mint_token(self.settings, sub or f"{tenant}-{role}", role, tenant))


@pytest.fixture(scope="module")
def world(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    settings = secured_settings(copy_demo_data(demo_data, tmp_path_factory.mktemp("tenants") / "data"))
    with TestClient(
        create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False
    ) as http:
        world = World(http, settings)
        acme = world.as_("kb_editor", "acme")
        assert http.post("/v1/kb", json={"name": "default"}, headers=acme).status_code == 201
        upload = http.post("/v1/kb/default/documents", files={"files": ("faq.csv", FAQ)}, headers=acme)
        assert upload.status_code == 200, upload.text
        yield world


def test_same_kb_name_in_two_tenants(world: World) -> None:
    http = world.http
    mine = http.get("/v1/kb", headers=world.as_("kb_editor", "acme")).json()
    theirs = http.get("/v1/kb", headers=world.as_("kb_editor", "default")).json()
    assert [k["name"] for k in mine] == ["default"] == [k["name"] for k in theirs]
    assert mine[0]["faqs"] == 1 and theirs[0]["faqs"] > 1
    # conversations bind to the caller's own KB of that name
    acme = world.as_("customer", "acme")
    conversation = http.post("/v1/conversations", json={}, headers=acme).json()
    assert conversation["kb"] == "default"
    turn = http.post(
        f"/v1/conversations/{conversation['id']}/messages", json={"text": "退货要多久到账？"}, headers=acme
    )
    assert "ACME" in turn.json()["reply"]


def test_another_tenants_kb_does_not_exist(world: World) -> None:
    http = world.http
    outsider = world.as_("admin", "globex")
    for method, path, body in (
        ("GET", "/v1/kb/default", None),
        ("GET", "/v1/kb/default/export", None),
        ("GET", "/v1/kb/default/faqs", None),
        ("GET", "/v1/kb/default/faqs/refund-1", None),
        ("POST", "/v1/kb/default/search", {"query": "退货"}),
        ("POST", "/v1/kb/default/faqs/refund-1/versions/1/retire", {}),
        ("DELETE", "/v1/kb/default/documents/faq.csv", None),
        ("DELETE", "/v1/kb/default", None),
    ):
        response = http.request(method, path, json=body, headers=outsider)
        assert response.status_code == 404, (method, path, response.text)
        assert "acme" not in response.text.lower()
    assert http.get("/v1/kb", headers=outsider).json() == []
    upload = http.post("/v1/kb/default/documents", files={"files": ("x.csv", FAQ)}, headers=outsider)
    error_of(upload, 404, "kb_not_found")
    # a stored name with a tenant in it is not a way in
    error_of(
        http.post("/v1/conversations", json={"kb": "acme/default"}, headers=outsider), 404, "kb_not_found"
    )
    error_of(http.post("/v1/kb", json={"name": "acme/default"}, headers=outsider), 400, "invalid_kb_name")
    # the acme KB is untouched
    assert http.get("/v1/kb/default", headers=world.as_("kb_editor", "acme")).json()["faqs"] == 1


def test_another_tenants_conversation_does_not_exist(world: World) -> None:
    http = world.http
    customer = world.as_("customer", "acme", "acme-cust-2")
    conversation = http.post("/v1/conversations", json={}, headers=customer).json()["id"]
    assert http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": "转人工"}, headers=customer
    ).json()["handoff"]
    outsider_admin, outsider_agent = world.as_("admin", "globex"), world.as_("agent", "globex", "gus")
    for method, path, body in (
        ("GET", f"/v1/conversations/{conversation}", None),
        ("POST", f"/v1/conversations/{conversation}/messages", {"text": "hi"}),
        ("GET", f"/v1/conversations/{conversation}/events", None),
        ("GET", f"/v1/conversations/{conversation}/handoff", None),
        ("POST", f"/v1/conversations/{conversation}/callback", {}),
    ):
        error_of(http.request(method, path, json=body, headers=outsider_admin), 404, "conversation_not_found")
    for method, path, body in (
        ("GET", f"/v1/agent/conversations/{conversation}", None),
        ("POST", f"/v1/agent/conversations/{conversation}/claim", {}),
        ("POST", f"/v1/agent/conversations/{conversation}/messages", {"text": "hi"}),
        ("POST", f"/v1/agent/conversations/{conversation}/release", {}),
        ("POST", f"/v1/agent/conversations/{conversation}/close", {}),
    ):
        error_of(http.request(method, path, json=body, headers=outsider_agent), 404, "conversation_not_found")
    assert all(
        i["conversation_id"] != conversation
        for i in http.get("/v1/agent/queue", headers=outsider_agent).json()["items"]
    )

    # inside acme it is there, first in line
    acme_agent = world.as_("agent", "acme", "ada")
    queue = http.get("/v1/agent/queue", headers=acme_agent).json()["items"]
    mine = next(i for i in queue if i["conversation_id"] == conversation)
    assert mine["position"] == 1
    assert http.get(f"/v1/conversations/{conversation}/handoff", headers=customer).json()["position"] == 1


def test_another_tenants_callbacks_are_not_listed(world: World) -> None:
    http = world.http
    customer = world.as_("customer", "acme", "acme-cust-3")
    conversation = http.post("/v1/conversations", json={}, headers=customer).json()["id"]
    ticket = http.post(
        f"/v1/conversations/{conversation}/callback", json={"phone": "13800138000"}, headers=customer
    )
    assert ticket.status_code == 201, ticket.text

    def ids(tenant: str) -> set[str]:
        listed = http.get("/v1/agent/callbacks", headers=world.as_("agent", tenant)).json()
        return {t["id"] for t in listed}

    assert ticket.json()["id"] in ids("acme")
    assert ticket.json()["id"] not in ids("globex")


def test_another_tenants_keys_do_not_exist(world: World) -> None:
    http = world.http
    acme_admin, globex_admin = world.as_("admin", "acme"), world.as_("admin", "globex")
    key = http.post("/v1/auth/keys", json={"role": "customer"}, headers=acme_admin).json()
    assert key["tenant"] == "acme"
    assert key["id"] not in {k["id"] for k in http.get("/v1/auth/keys", headers=globex_admin).json()}
    error_of(http.delete(f"/v1/auth/keys/{key['id']}", headers=globex_admin), 404, "key_not_found")
    # the key works, in its own tenant only
    me = http.get("/v1/auth/whoami", headers={"X-API-Key": key["key"]}).json()
    assert (me["tenant"], me["role"]) == ("acme", "customer")
