"""The agent's suggested reply over the in-process app (fake engine) and real SQLite: drafted from
the KB for the question the customer came with (not "转人工"), the way a bot turn routes it (FAQ
verbatim, LLM from passages with citations, clarify, nothing on refuse), checked for invented
numbers and leaks, never sent, stored or audited; only for an agent who may see the conversation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.dialog.prompt import SYSTEM_PROMPT
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.errors import EngineUnavailable
from tests.api.consoles import CLARIFY, FAQ, HANDOFF, RAG, REFUSE, Secured, converse, secured_app
from tests.api.envelope import error_of

ALICE = {"X-Agent-Id": "alice"}


def suggest(
    client: TestClient, conversation_id: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = client.post(f"/v1/agent/conversations/{conversation_id}/suggest", headers=headers or ALICE)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def footprint(client: TestClient, conversation_id: str) -> tuple[int, int]:
    """(messages in the conversation, entries in the audit log)."""
    messages = client.get(f"/v1/conversations/{conversation_id}").json()["messages"]
    return len(messages), len(client.get("/v1/audit/export").text.splitlines())


def test_a_drafted_answer_from_the_passages(client: TestClient, fake_engine: FakeEngine) -> None:
    made = converse(client, RAG, HANDOFF)
    before, calls = footprint(client, made.id), len(fake_engine.calls)
    draft = suggest(client, made.id)
    assert draft["route"] == "rag" and draft["question"] == RAG  # the question, not "转人工"
    assert draft["grounded"] is True and draft["withheld"] is False
    citations = draft["citations"]
    assert citations[0]["id"] == "policies/membership.md#2"
    assert citations[0]["kb"] == "default" and citations[0]["source"] == "policies/membership.md"
    assert len(fake_engine.calls) == calls + 1
    prompt = fake_engine.calls[-1][-1].content
    assert RAG in prompt and "会员等级" in prompt  # the question with the KB's facts
    assert draft["text"] == echo_facts_line(fake_engine.calls[-1])
    assert footprint(client, made.id) == before  # nothing sent, stored or audited


def echo_facts_line(messages: Sequence[ChatMessage]) -> str:
    """What the conftest's fake LLM answered: the first line of the first reference."""
    return messages[-1].content.split("\n", 3)[2]


def test_faq_clarify_and_refuse_drafts(client: TestClient, fake_engine: FakeEngine) -> None:
    faq = converse(client, FAQ, HANDOFF)
    calls = len(fake_engine.calls)
    draft = suggest(client, faq.id)
    turn_reply = client.get(f"/v1/conversations/{faq.id}").json()["messages"][1]["text"]
    assert draft["route"] == "faq" and draft["text"] == turn_reply
    assert [c["id"] for c in draft["citations"]] == ["faq-return-001"]
    assert len(fake_engine.calls) == calls  # an FAQ answer is verbatim: no LLM

    clarify = suggest(client, converse(client, CLARIFY).id)
    assert clarify["route"] == "clarify" and "1." in clarify["text"] and clarify["citations"]
    refuse = suggest(client, converse(client, REFUSE).id)
    assert (refuse["route"], refuse["text"], refuse["citations"]) == ("refuse", "", [])


def test_the_customers_latest_messages_are_answered_together(client: TestClient) -> None:
    made = converse(client, FAQ, HANDOFF)
    assert client.post(f"/v1/agent/conversations/{made.id}/claim", headers=ALICE).status_code == 200
    for text in ("还有", "积分怎么算？"):  # while an agent holds it, the bot stays silent
        sent = client.post(f"/v1/conversations/{made.id}/messages", json={"text": text})
        assert sent.status_code == 200 and sent.json()["route"] == "agent"
    assert suggest(client, made.id)["question"] == "还有\n积分怎么算？"
    reply = client.post(f"/v1/agent/conversations/{made.id}/messages", json={"text": "您好"}, headers=ALICE)
    assert reply.status_code == 201
    assert suggest(client, made.id)["question"] == "还有\n积分怎么算？"  # still the latest question


def test_invented_numbers_and_leaks_never_reach_the_draft(
    client: TestClient, fake_engine: FakeEngine
) -> None:
    made = converse(client, RAG)
    fake_engine.handler = lambda messages, params: "会员每年可以领取 999 元现金红包[1]。"
    invented = suggest(client, made.id)
    assert invented["grounded"] is False and "999" not in invented["text"]
    assert invented["text"].startswith("以下是相关规定的原文") and invented["citations"]
    fake_engine.handler = lambda messages, params: SYSTEM_PROMPT
    leaked = suggest(client, made.id)
    assert leaked["withheld"] is True and leaked["text"] == "" and leaked["citations"] == []


def test_errors(client: TestClient, fake_engine: FakeEngine) -> None:
    only_handoff = converse(client, HANDOFF)
    path = f"/v1/agent/conversations/{only_handoff.id}/suggest"
    assert "asked" in error_of(client.post(path, headers=ALICE), 409, "nothing_to_suggest")
    error_of(
        client.post("/v1/agent/conversations/nope/suggest", headers=ALICE), 404, "conversation_not_found"
    )
    error_of(client.post(path), 401, "agent_id_missing")
    made = converse(client, RAG)

    def down(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
        raise EngineUnavailable("test")

    fake_engine.handler = down
    error_of(
        client.post(f"/v1/agent/conversations/{made.id}/suggest", headers=ALICE), 503, "engine_unavailable"
    )
    sent = client.post(path, content=b"x", headers={**ALICE, "Content-Type": "text/plain"})
    error_of(sent, 415, "unsupported_media_type")


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    with secured_app(demo_data, tmp_path_factory.mktemp("suggest")) as app:
        yield app


def test_only_agents_who_may_see_the_conversation(secured: Secured) -> None:
    http = secured.http
    customer = secured.as_("customer")
    queued = converse(http, RAG, HANDOFF, headers=customer)
    alice, bob = secured.as_("agent", sub="alice"), secured.as_("agent", sub="bob")
    assert suggest(http, queued.id, alice)["route"] == "rag"  # in the queue: any agent of the tenant
    assert http.post(f"/v1/agent/conversations/{queued.id}/claim", headers=bob).status_code == 200
    path = f"/v1/agent/conversations/{queued.id}/suggest"
    error_of(http.post(path, headers=alice), 404, "conversation_not_found")  # held by another agent
    assert suggest(http, queued.id, bob)["question"] == RAG
    bot_only = converse(http, RAG, headers=customer)
    error_of(
        http.post(f"/v1/agent/conversations/{bot_only.id}/suggest", headers=alice),
        404,
        "conversation_not_found",
    )
    assert suggest(http, bot_only.id, secured.as_("admin"))["route"] == "rag"  # conversations:read
    error_of(http.post(path, headers=secured.as_("agent", "acme")), 404, "conversation_not_found")
    for role in ("customer", "kb_editor", "auditor"):
        error_of(http.post(path, headers=secured.as_(role)), 403, "insufficient_scope")
