"""The knowledge-base endpoints, in-process (fake LLM) and over real HTTP (live server)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.api.envelope import error_of
from tests.knowledge import files

POLICY = "# 以旧换新\n\n## 折抵规则\n\n旧手机可以折抵新机货款，最高折抵1500元，需在门店验机。\n".encode()


@pytest.fixture
def kb(api: httpx.Client) -> str:
    name = f"kb-{uuid.uuid4().hex[:8]}"
    response = api.post("/v1/kb", json={"name": name, "description": "test"})
    assert response.status_code == 201, response.text
    assert response.json()["version"] == 0
    return name


def test_create_list_get_and_delete(api: httpx.Client, kb: str) -> None:
    names = {k["name"]: k for k in api.get("/v1/kb").json()}
    assert kb in names and names["default"]["faqs"] > 50 and names["default"]["files"] == 7
    error_of(api.post("/v1/kb", json={"name": kb}), 409, "kb_exists")
    error_of(api.post("/v1/kb", json={"name": "bad name!"}), 400, "invalid_kb_name")
    error_of(api.post("/v1/kb", json={}), 422, "validation_error")
    detail = api.get(f"/v1/kb/{kb}").json()
    assert detail["documents"] == [] and detail["description"] == "test"
    assert api.delete(f"/v1/kb/{kb}").status_code == 204
    error_of(api.get(f"/v1/kb/{kb}"), 404, "kb_not_found")
    error_of(api.delete(f"/v1/kb/{kb}"), 404, "kb_not_found")


def test_upload_reports_each_file_and_the_conversation_answers_from_it(
    api: httpx.Client, kb: str, tmp_path: Path
) -> None:
    broken = files.make_broken_pdf(tmp_path / "broken.pdf").read_bytes()
    uploads = [
        ("files", ("trade-in.md", POLICY, "text/markdown")),
        ("files", ("broken.pdf", broken, "application/pdf")),
    ]
    response = api.post(f"/v1/kb/{kb}/documents", files=uploads)
    assert response.status_code == 207, response.text
    report = {f["name"]: f for f in response.json()["files"]}
    assert report["trade-in.md"]["status"] == "added" and report["trade-in.md"]["chunks"] == 1
    assert report["broken.pdf"]["status"] == "failed" and "broken.pdf" in report["broken.pdf"]["error"]
    again = api.post(f"/v1/kb/{kb}/documents", files=[("files", ("trade-in.md", POLICY, "text/markdown"))])
    assert again.status_code == 200 and again.json()["files"][0]["status"] == "unchanged"

    hits = api.post(f"/v1/kb/{kb}/search", json={"query": "旧手机能抵多少钱", "top_k": 3}).json()
    assert {"id", "kb", "source", "title", "text", "score"} <= set(hits[0])
    assert hits[0]["source"] == "trade-in.md" and hits[0]["id"] == "trade-in.md#1" and hits[0]["kb"] == kb

    conversation = api.post("/v1/conversations", json={"kb": kb}).json()
    assert conversation["kb"] == kb
    turn = api.post(
        f"/v1/conversations/{conversation['id']}/messages", json={"text": "旧手机以旧换新最高能折抵多少钱？"}
    )
    body = turn.json()
    assert body["route"] == "rag" and body["citations"][0]["source"] == "trade-in.md", body
    assert body["kb_version"] == 1
    assert "1500" in body["reply"]
    off_topic = api.post(
        f"/v1/conversations/{conversation['id']}/messages", json={"text": "帮我订一张去上海的机票"}
    )
    assert off_topic.json()["route"] == "refuse" and off_topic.json()["citations"] == []


def test_upload_bad_requests(api: httpx.Client, kb: str) -> None:
    error_of(
        api.post("/v1/kb/nope/documents", files=[("files", ("a.md", b"# a\n\nb", "text/markdown"))]),
        404,
        "kb_not_found",
    )
    error_of(
        api.post(f"/v1/kb/{kb}/documents", files=[("other", ("a.md", b"x", "text/markdown"))]),
        422,
        "validation_error",
    )
    all_bad = api.post(
        f"/v1/kb/{kb}/documents", files=[("files", ("x.exe", b"MZ", "application/octet-stream"))]
    )
    assert "unsupported" in error_of(all_bad, 422, "ingest_failed")
    assert all_bad.json()["files"][0]["status"] == "failed"
    assert api.get(f"/v1/kb/{kb}").json()["version"] == 0  # nothing was written


def test_search_bad_requests(api: httpx.Client, kb: str) -> None:
    error_of(api.post(f"/v1/kb/{kb}/search", json={"query": ""}), 422, "validation_error")
    error_of(api.post(f"/v1/kb/{kb}/search", json={"query": "x", "top_k": 0}), 422, "validation_error")
    error_of(api.post("/v1/kb/nope/search", json={"query": "x"}), 404, "kb_not_found")
    error_of(
        api.post(f"/v1/kb/{kb}/search", content=b"query=x", headers={"content-type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    assert (
        api.post(f"/v1/kb/{kb}/search", json={"query": "随便问问"}).json() == []
    )  # an empty KB finds nothing


def test_faq_edits_are_versioned_and_served_only_once_approved(api: httpx.Client, kb: str) -> None:
    faq = {
        "question": "周末能送货吗？",
        "answer": "周末也正常送货。",
        "similar_questions": ["星期天送不送货"],
        "author": "maker",
    }
    created = api.put(f"/v1/kb/{kb}/faqs/weekend", json=faq)
    assert (
        created.status_code == 201 and created.json()["status"] == "draft" and created.json()["version"] == 1
    )
    conversation = api.post("/v1/conversations", json={"kb": kb}).json()["id"]
    ask = f"/v1/conversations/{conversation}/messages"
    assert api.post(ask, json={"text": "周末能送货吗？"}).json()["route"] != "faq"  # a draft is not served

    approved = api.post(f"/v1/kb/{kb}/faqs/weekend/versions/1/approve", json={"actor": "checker"}).json()
    assert approved["status"] == "approved" and approved["approved_by"] == "checker"
    served = api.post(ask, json={"text": "周末能送货吗？"}).json()
    assert served["route"] == "faq" and served["reply"] == "周末也正常送货。"
    assert served["citations"][0]["id"] == "weekend" and served["citations"][0]["version"] == 1

    api.put(f"/v1/kb/{kb}/faqs/weekend", json={**faq, "answer": "周末照常送货，节假日顺延。"})
    assert api.post(ask, json={"text": "周末能送货吗？"}).json()["reply"] == "周末也正常送货。"
    api.post(f"/v1/kb/{kb}/faqs/weekend/versions/2/approve", json={})
    assert api.post(ask, json={"text": "周末能送货吗？"}).json()["reply"] == "周末照常送货，节假日顺延。"
    history = api.get(f"/v1/kb/{kb}/faqs/weekend").json()
    assert [(v["version"], v["status"]) for v in history] == [(1, "superseded"), (2, "approved")]

    exported = api.get(f"/v1/kb/{kb}/export").json()
    assert [f["id"] for f in exported["faqs"]] == ["weekend"] and len(exported["faq_history"]) == 2

    error_of(api.get(f"/v1/kb/{kb}/faqs/nope"), 404, "faq_not_found")
    error_of(api.post(f"/v1/kb/{kb}/faqs/weekend/versions/9/approve", json={}), 404, "faq_not_found")
    error_of(api.put(f"/v1/kb/{kb}/faqs/weekend", json={"question": "x"}), 422, "validation_error")
    error_of(
        api.put(
            f"/v1/kb/{kb}/faqs/weekend",
            json={**faq, "effective_from": "2026-02-01", "effective_to": "2026-01-01"},
        ),
        400,
        "invalid_dates",
    )


def test_a_kb_deleted_and_created_again_serves_its_new_content(api: httpx.Client, kb: str) -> None:
    first = b"# A\n\n\xe7\x8c\xab\xe7\xb2\xae\xe6\xaf\x8f\xe8\xa2\x8b\xe4\xb9\x9d\xe5\x8d\x81\xe4\xb9\x9d\xe5\x85\x83\xe3\x80\x82\n"  # 猫粮每袋九十九元。
    api.post(f"/v1/kb/{kb}/documents", files=[("files", ("a.md", first, "text/markdown"))])
    assert api.post(f"/v1/kb/{kb}/search", json={"query": "猫粮多少钱"}).json()[0]["source"] == "a.md"
    api.delete(f"/v1/kb/{kb}")
    api.post("/v1/kb", json={"name": kb})
    second = "# B\n\n狗粮每袋八十元。\n".encode()
    api.post(
        f"/v1/kb/{kb}/documents", files=[("files", ("b.md", second, "text/markdown"))]
    )  # version 1 again
    hits = api.post(f"/v1/kb/{kb}/search", json={"query": "猫粮多少钱"}).json()
    assert [h["source"] for h in hits] == ["b.md"]
