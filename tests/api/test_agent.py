"""The agent API and the customer's event stream, over real HTTP against a running app
(uvicorn in a thread, fake engine): queue, claim races, messages, release, callbacks, and
SSE delivered live and replayed after a reconnect."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from kefu.api import app as app_module
from kefu.api.routers import events as events_router
from kefu.config import load_settings
from kefu.dialog.handoff import HandoffTicket, Line
from kefu.dialog.runtime import Runtime
from kefu.engine.fake import FakeEngine
from kefu.store.events import MemoryEventBus
from tests.api.envelope import error_of
from tests.api.sse import EventReader
from tests.conftest import copy_demo_data, echo_facts, free_port

T = TypeVar("T")
ALICE = {"X-Agent-Id": "alice"}
BOB = {"X-Agent-Id": "bob@shop.cn"}


@dataclass
class Served:
    url: str
    app: FastAPI
    loop: asyncio.AbstractEventLoop

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the server's event loop (where its database connections live)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)


@pytest.fixture(scope="module")
def served(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    settings = load_settings(
        data_dir=copy_demo_data(demo_data, tmp_path_factory.mktemp("agent") / "data"),
    )
    app = app_module.create_app(settings, engine=FakeEngine(echo_facts))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2)
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(server.serve(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", app, loop)
    server.should_exit = True
    thread.join(15)
    loop.close()


@pytest.fixture
def http(served: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        yield client


def new_conversation(http: httpx.Client) -> str:
    return str(http.post("/v1/conversations", json={"user_id": "c1", "channel": "web"}).json()["id"])


def queue_handoff(
    served: Served, conversation_id: str, intent: str = "return_refund", **extra: Any
) -> HandoffTicket:
    history = [Line("user", "我要退货"), Line("assistant", "请问订单号？"), Line("user", "XH202611250001")]
    return served.call(
        served.runtime.handoff.request(
            conversation_id,
            extra.pop("reason", "explicit"),
            intent,
            {"order_id": "XH202611250001"},
            ["return-policy"],
            history=history,
            **extra,
        )
    )


def test_the_agent_header_is_required_and_validated(http: httpx.Client) -> None:
    message = error_of(http.get("/v1/agent/queue"), 401, "agent_id_missing")
    assert "X-Agent-Id" in message
    zh = http.get("/v1/agent/queue", headers={"Accept-Language": "zh-CN"})
    assert "请求头" in error_of(zh, 401, "agent_id_missing")
    for bad in (b"", b"two words", b"x" * 65, "张三".encode(), b"a/b"):
        response = http.get("/v1/agent/queue", headers={b"X-Agent-Id": bad})
        error_of(response, 401, "agent_id_missing" if not bad else "agent_id_invalid")
    error_of(http.post("/v1/agent/conversations/x/claim"), 401, "agent_id_missing")
    assert http.get("/v1/agent/queue", headers={"X-Agent-Id": "agent_07.b-c@x"}).status_code == 200
    paths = http.get("/openapi.json").json()["paths"]
    assert {
        "/v1/agent/queue",
        "/v1/agent/conversations/{conversation_id}/claim",
        "/v1/agent/conversations/{conversation_id}/messages",
        "/v1/agent/conversations/{conversation_id}/release",
        "/v1/conversations/{conversation_id}/events",
        "/v1/conversations/{conversation_id}/callback",
    } <= set(paths)


def test_queue_claim_message_release(served: Served, http: httpx.Client) -> None:
    calm, upset = new_conversation(http), new_conversation(http)
    queue_handoff(served, calm, "logistics")
    ticket = queue_handoff(served, upset, "logistics", reason="negative_sentiment", sentiment=-0.8)
    assert ticket.skill_group == "物流" and ticket.position == 1
    queue = http.get("/v1/agent/queue", params={"skill_group": "物流"}, headers=ALICE).json()
    mine = [item for item in queue["items"] if item["conversation_id"] in (calm, upset)]
    assert [item["conversation_id"] for item in mine] == [upset, calm]  # the upset customer first
    first = mine[0]
    assert first["position"] == 1 and mine[1]["position"] == 2 and queue["agents_online"] >= 1
    assert (first["reason"], first["skill_group"], first["priority"], first["status"]) == (
        "negative_sentiment",
        "物流",
        2,
        "queued",
    )
    assert first["intent"] == "logistics" and first["slots"] == {"order_id": "XH202611250001"}
    assert first["sentiment"] == -0.8 and first["evidence"] == ["return-policy"]
    assert first["summary"] and first["waiting_s"] >= 0 and first["overdue"] is False
    assert 0 < first["sla_remaining_s"] <= 120
    assert first["sla_deadline"].endswith(("Z", "+00:00"))

    claimed = http.post(f"/v1/agent/conversations/{upset}/claim", headers=ALICE)
    assert claimed.status_code == 200 and claimed.json()["agent_id"] == "alice"
    assert claimed.json()["status"] == "claimed"
    assert upset not in {
        i["conversation_id"] for i in http.get("/v1/agent/queue", headers=ALICE).json()["items"]
    }
    held = http.get("/v1/agent/queue", params={"status": "claimed"}, headers=ALICE).json()["items"]
    assert any(i["conversation_id"] == upset and i["position"] == 0 for i in held)

    sent = http.post(
        f"/v1/agent/conversations/{upset}/messages", json={"text": "您好，我是小李"}, headers=ALICE
    )
    assert sent.status_code == 201, sent.text
    assert {k: sent.json()[k] for k in ("role", "text", "agent_id")} == {
        "role": "agent",
        "text": "您好，我是小李",
        "agent_id": "alice",
    }
    detail = http.get(f"/v1/agent/conversations/{upset}", headers=BOB).json()
    assert detail["handoff"]["status"] == "claimed" and detail["messages"][-1]["text"] == "您好，我是小李"
    released = http.post(f"/v1/agent/conversations/{upset}/release", headers=ALICE)
    assert released.status_code == 200 and released.json()["status"] == "released"
    assert served.call(served.runtime.handoff.status(upset)) is None
    closed = http.post(f"/v1/agent/conversations/{calm}/close", headers=BOB)
    assert closed.json()["status"] == "closed"


def test_two_agents_claiming_at_once_one_gets_409(served: Served, http: httpx.Client) -> None:
    conversation = new_conversation(http)
    queue_handoff(served, conversation)
    barrier = threading.Barrier(2)

    def claim(agent: str) -> httpx.Response:
        with httpx.Client(base_url=served.url, timeout=30) as client:
            barrier.wait()
            return client.post(f"/v1/agent/conversations/{conversation}/claim", headers={"X-Agent-Id": agent})

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(claim, ["alice", "bob@shop.cn"]))
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    winner = next(r for r in responses if r.status_code == 200).json()["agent_id"]
    assert winner in error_of(loser, 409, "handoff_already_claimed")
    http.post(f"/v1/agent/conversations/{conversation}/close", headers={"X-Agent-Id": winner})


def test_refusals(served: Served, http: httpx.Client) -> None:
    error_of(http.post("/v1/agent/conversations/nope/claim", headers=ALICE), 404, "conversation_not_found")
    error_of(http.get("/v1/agent/conversations/nope", headers=ALICE), 404, "conversation_not_found")
    conversation = new_conversation(http)
    path = f"/v1/agent/conversations/{conversation}"
    error_of(http.post(f"{path}/claim", headers=ALICE), 404, "handoff_not_found")
    queue_handoff(served, conversation)
    error_of(http.post(f"{path}/messages", json={"text": "hi"}, headers=ALICE), 409, "handoff_not_claimed")
    error_of(http.post(f"{path}/release", headers=ALICE), 409, "handoff_not_claimed")
    http.post(f"{path}/claim", headers=ALICE)
    error_of(http.post(f"{path}/messages", json={"text": "我来"}, headers=BOB), 403, "handoff_not_yours")
    error_of(http.post(f"{path}/release", headers=BOB), 403, "handoff_not_yours")
    error_of(http.post(f"{path}/close", headers=BOB), 403, "handoff_not_yours")
    error_of(http.post(f"{path}/messages", json={"text": "   "}, headers=ALICE), 400, "empty_text")
    error_of(http.post(f"{path}/messages", json={"text": ""}, headers=ALICE), 422, "validation_error")
    error_of(http.post(f"{path}/messages", json={"txt": "x"}, headers=ALICE), 422, "validation_error")
    error_of(
        http.post(f"{path}/messages", content="hi", headers={**ALICE, "Content-Type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    error_of(http.post(f"/v1/conversations/{conversation}/callback", json={}), 409, "handoff_in_progress")
    http.post(f"{path}/close", headers=ALICE)
    error_of(http.post(f"{path}/release", headers=ALICE), 404, "handoff_not_found")


def test_callback_ticket_and_the_customers_handoff_status(served: Served, http: httpx.Client) -> None:
    conversation = new_conversation(http)
    assert http.get(f"/v1/conversations/{conversation}/handoff").json()["status"] == "none"
    ticket = queue_handoff(served, conversation, "invoice")
    status = http.get(f"/v1/conversations/{conversation}/handoff").json()
    assert (status["status"], status["handoff_id"], status["skill_group"]) == (
        "queued",
        ticket.handoff_id,
        "支付",
    )
    assert status["position"] >= 1
    error_of(
        http.post(f"/v1/conversations/{conversation}/callback", json={"phone": "12345"}),
        422,
        "validation_error",
    )
    created = http.post(
        f"/v1/conversations/{conversation}/callback", json={"phone": "138 0013 8000", "note": "下午"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["phone"], body["note"], body["handoff_id"], body["status"]) == (
        "13800138000",
        "下午",
        ticket.handoff_id,
        "open",
    )
    assert http.get(f"/v1/conversations/{conversation}/handoff").json()["status"] == "callback"
    listed = http.get("/v1/agent/callbacks", headers=ALICE).json()
    assert any(t["id"] == body["id"] and t["skill_group"] == "支付" for t in listed)
    error_of(http.post("/v1/conversations/nope/callback", json={}), 404, "conversation_not_found")
    assert http.post(f"/v1/conversations/{conversation}/callback").status_code == 201  # body optional


def test_unknown_conversation_stream_is_404_before_streaming(http: httpx.Client) -> None:
    error_of(http.get("/v1/conversations/nope/events"), 404, "conversation_not_found")
    conversation = new_conversation(http)
    headers = {"Last-Event-ID": "abc"}
    error_of(
        http.get(f"/v1/conversations/{conversation}/events", headers=headers), 400, "invalid_last_event_id"
    )
    error_of(http.get(f"/v1/conversations/{conversation}/events?after=-5"), 422, "validation_error")


def test_events_live_then_replayed_after_reconnect(
    served: Served, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events_router, "HEARTBEAT_S", 0.3)
    conversation = new_conversation(http)
    url = f"{served.url}/v1/conversations/{conversation}/events"
    with httpx.Client(timeout=httpx.Timeout(10)) as customer:
        with customer.stream("GET", url) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            stream = EventReader(response)
            assert stream.next() == {"retry": "2000"}
            # The customer asks for a person (the pipeline's trigger): the turn is published.
            turn = http.post(f"/v1/conversations/{conversation}/messages", json={"text": "转人工"}).json()
            assert turn["route"] == "handoff", turn
            events = [stream.next_data() for _ in range(3)]
            kinds = sorted((e["sse_event"], e.get("role")) for e in events)
            assert kinds == [("handoff_queued", None), ("message", "assistant"), ("message", "user")]
            bot = next(e for e in events if e.get("role") == "assistant")
            assert bot["text"] == turn["reply"] and bot["sse_id"] == str(bot["seq"]) == "1"
            assert next(e for e in events if e.get("role") == "user")["text"] == "转人工"
            claimed = http.post(f"/v1/agent/conversations/{conversation}/claim", headers=ALICE)
            assert claimed.status_code == 200
            assert stream.next_data()["sse_event"] == "handoff_claimed"
            http.post(
                f"/v1/agent/conversations/{conversation}/messages",
                json={"text": "您好，我是小李"},
                headers=ALICE,
            )
            live = stream.next_data()
            assert (live["sse_event"], live["text"], live["agent_id"]) == (
                "agent_message",
                "您好，我是小李",
                "alice",
            )
            last_id = live["sse_id"]
            assert any("keepalive" in c for c in stream.next().get("comments", []))  # an idle stream
        # Disconnected: the agent goes on writing, the customer's messages go to the agent.
        for text in ("请问您的订单号？", "稍等，我查一下"):
            http.post(f"/v1/agent/conversations/{conversation}/messages", json={"text": text}, headers=ALICE)
        to_agent = http.post(
            f"/v1/conversations/{conversation}/messages", json={"text": "XH202611250001"}
        ).json()
        assert to_agent["route"] == "agent" and to_agent["reply"] == ""
        with customer.stream("GET", url, headers={"Last-Event-ID": last_id}) as response:
            stream = EventReader(response)
            replayed = [stream.next_data() for _ in range(3)]
            assert [(e["sse_event"], e["text"]) for e in replayed] == [
                ("agent_message", "请问您的订单号？"),
                ("agent_message", "稍等，我查一下"),
                ("message", "XH202611250001"),
            ]
            ids = [int(e["sse_id"]) for e in replayed]
            assert ids == sorted(ids) and ids[0] > int(last_id)
            http.post(f"/v1/agent/conversations/{conversation}/release", headers=ALICE)
            assert stream.next_data()["sse_event"] == "handoff_released"
            # Back to the bot: its turn reaches the stream again.
            http.post(f"/v1/conversations/{conversation}/messages", json={"text": "你好"})
            after = [stream.next_data() for _ in range(2)]
            assert [e["role"] for e in after] == ["user", "assistant"]
            assert (
                int(after[0]["sse_id"]) > ids[-1] and int(after[1]["sse_id"]) == int(after[0]["sse_id"]) + 1
            )
        # ?after= replays from any point; no cursor at all replays the whole transcript.
        with customer.stream("GET", url, params={"after": ids[1]}) as response:
            assert EventReader(response).next_data()["text"] == "XH202611250001"
        with customer.stream("GET", url) as response:
            first = EventReader(response).next_data()
            assert (first["sse_id"], first["text"]) == ("0", "转人工")
    # A closed stream unsubscribes once the server notices (at the latest, its next heartbeat).
    bus = served.runtime.events
    assert isinstance(bus, MemoryEventBus)
    deadline = time.monotonic() + 5
    while bus.subscribers(conversation) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert bus.subscribers(conversation) == 0


def test_the_agent_follows_the_conversation_it_may_read(
    served: Served, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events_router, "HEARTBEAT_S", 0.3)
    conversation = new_conversation(http)
    path = f"/v1/agent/conversations/{conversation}/events"
    error_of(http.get("/v1/agent/conversations/nope/events", headers=ALICE), 404, "conversation_not_found")
    error_of(http.get(path), 401, "agent_id_missing")
    http.post(f"/v1/conversations/{conversation}/messages", json={"text": "转人工"})
    with (
        httpx.Client(timeout=httpx.Timeout(10)) as agent,
        agent.stream("GET", f"{served.url}{path}?after=1", headers=ALICE) as response,
    ):
        assert response.status_code == 200
        stream = EventReader(response)
        assert stream.next() == {"retry": "2000"}
        http.post(f"/v1/agent/conversations/{conversation}/claim", headers=ALICE)
        assert stream.next_data()["sse_event"] == "handoff_claimed"
        http.post(f"/v1/conversations/{conversation}/messages", json={"text": "订单号XH202611250001"})
        live = stream.next_data()
        assert (live["sse_event"], live["role"]) == ("message", "user")
        assert live["text"] == "订单号XH202611250001"
