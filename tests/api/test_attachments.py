"""Image uploads into a conversation: told by their bytes, limited in size, shown in the transcript
and on the event stream, readable by the customer and the tenant's agents, audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings, load_settings
from kefu.engine.fake import FakeEngine
from kefu.store.attachments import image_type
from tests.api.envelope import error_of
from tests.conftest import copy_demo_data, echo_facts

SECRET = "an-attachment-secret-of-at-least-32-chars"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)
IMAGES = {
    "image/png": PNG,
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
    "image/gif": b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16,
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24,
}
LIMIT = 4096


@pytest.fixture(scope="module")
def settings(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = copy_demo_data(demo_data, tmp_path_factory.mktemp("attachments") / "data")
    return load_settings(data_dir=data, auth_required=True, secret_key=SECRET, max_attachment_bytes=LIMIT)


@pytest.fixture(scope="module")
def http(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False) as c:
        yield c


def as_role(settings: Settings, role: str, subject: str, tenant: str = "default") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(settings, subject, role, tenant)}"}


def conversation(http: TestClient, headers: dict[str, str]) -> str:
    created: str = http.post("/v1/conversations", json={}, headers=headers).json()["id"]
    return created


def upload(http: TestClient, conversation_id: str, data: bytes, headers: dict[str, str], name: str = "a.png") -> Any:
    files = {"file": (name, data, "image/png")}
    return http.post(f"/v1/conversations/{conversation_id}/attachments", files=files, headers=headers)


@pytest.mark.parametrize("content_type", sorted(IMAGES))
def test_images_are_told_by_their_bytes(content_type: str) -> None:
    assert image_type(IMAGES[content_type]) == content_type
    assert image_type(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_an_image_goes_into_the_transcript_and_reads_back(http: TestClient, settings: Settings) -> None:
    ann = as_role(settings, "customer", "ann")
    talk = conversation(http, ann)
    response = upload(http, talk, PNG, ann, name="../../etc/receipt.jpg")  # the name means nothing
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["content_type"] == "image/png" and stored["size"] == len(PNG)
    assert stored["url"] == f"/v1/conversations/{talk}/attachments/{stored['id']}"
    files = list((settings.data_dir / "attachments" / "default" / talk).iterdir())
    assert [f.name for f in files] == [f"{stored['id']}.png"]

    image = http.get(stored["url"], headers=ann)
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["content-type"] == "image/png" and image.headers["x-content-type-options"] == "nosniff"

    messages = http.get(f"/v1/conversations/{talk}", headers=ann).json()["messages"]
    assert [(m["role"], m["text"], m["id"]) for m in messages] == [
        ("user", f"![image]({stored['url']})", stored["message_id"])
    ]
    with http.stream("GET", f"/v1/conversations/{talk}/events", headers=ann) as events:
        for line in events.iter_lines():
            if line.startswith("data:"):
                event = json.loads(line.removeprefix("data:"))
                break
    assert event["message_id"] == stored["message_id"] and event["seq"] == stored["seq"]

    audit = http.get("/v1/audit/export", headers=as_role(settings, "admin", "ops")).text.splitlines()
    entries = [json.loads(line) for line in audit if '"attachment_uploaded"' in line]
    assert [e["record"]["attachment_id"] for e in entries] == [stored["id"]]
    assert entries[0]["actor"] == "ann" and entries[0]["record"]["size"] == len(PNG)


def test_agents_of_the_tenant_read_it_and_other_customers_do_not(http: TestClient, settings: Settings) -> None:
    ann = as_role(settings, "customer", "ann")
    talk = conversation(http, ann)
    url = upload(http, talk, IMAGES["image/gif"], ann).json()["url"]
    error_of(http.get(url, headers=as_role(settings, "customer", "ben")), 404, "conversation_not_found")
    error_of(http.get(url, headers=as_role(settings, "kb_editor", "kim")), 403, "insufficient_scope")
    as_agent = url.replace("/v1/conversations/", "/v1/agent/conversations/")
    wang = as_role(settings, "agent", "wang")
    # an agent reads what they may read: not before the conversation is handed over
    error_of(http.get(as_agent, headers=wang), 404, "conversation_not_found")
    ask = http.post(f"/v1/conversations/{talk}/messages", json={"text": "转人工"}, headers=ann)
    assert ask.json()["handoff"]
    assert http.get(as_agent, headers=wang).status_code == 200
    assert http.get(as_agent, headers=wang).content == IMAGES["image/gif"]
    error_of(http.get(as_agent, headers=as_role(settings, "agent", "lee", "acme")), 404, "conversation_not_found")
    error_of(http.get(as_agent, headers=ann), 403, "insufficient_scope")
    error_of(upload(http, talk, PNG, as_role(settings, "customer", "ben")), 404, "conversation_not_found")
    missing = f"/v1/conversations/{talk}/attachments/{'0' * 32}"
    error_of(http.get(missing, headers=ann), 404, "attachment_not_found")
    assert http.get(f"/v1/conversations/{talk}/attachments/..%2F..%2Fkefu.db", headers=ann).status_code == 404


@pytest.mark.parametrize(
    "data",
    [b"", b"just some text", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.7\n"],
    ids=["empty", "text", "svg", "pdf"],
)
def test_anything_but_an_image_is_415(http: TestClient, settings: Settings, data: bytes) -> None:
    ann = as_role(settings, "customer", "ann")
    talk = conversation(http, ann)
    error_of(upload(http, talk, data, ann), 415, "unsupported_image_type")
    assert http.get(f"/v1/conversations/{talk}", headers=ann).json()["messages"] == []


def test_too_large_is_413_and_stores_nothing(http: TestClient, settings: Settings) -> None:
    ann = as_role(settings, "customer", "ann")
    talk = conversation(http, ann)
    just_over = PNG + b"\x00" * (LIMIT + 1 - len(PNG))
    error_of(upload(http, talk, just_over, ann), 413, "file_too_large")
    error_of(upload(http, talk, PNG + b"\x00" * (LIMIT * 40), ann), 413, "file_too_large")  # by Content-Length
    assert not (settings.data_dir / "attachments" / "default" / talk).exists()
    assert upload(http, talk, PNG + b"\x00" * (LIMIT - len(PNG)), ann).status_code == 201  # exactly the limit


def test_a_missing_file_field_is_422(http: TestClient, settings: Settings) -> None:
    ann = as_role(settings, "customer", "ann")
    talk = conversation(http, ann)
    response = http.post(f"/v1/conversations/{talk}/attachments", data={"x": "1"}, headers=ann)
    error_of(response, 422, "validation_error")
