from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kefu.config import Settings, load_settings
from kefu.dialog.handoff import (
    AgentHours,
    HandoffService,
    HandoffTicket,
    Line,
    extractive_summary,
    handoff_reply,
)
from kefu.dialog.pipeline import Citation
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.errors import ConfigError, EngineUnavailable, InvalidInput
from kefu.store.database import Database
from kefu.store.events import Event, MemoryEventBus
from kefu.store.handoff_repository import HandoffRepository
from kefu.store.repository import ConversationRepository

pytestmark = pytest.mark.anyio
HISTORY = [
    Line("user", "我的耳机坏了"),
    Line("assistant", "请问是哪个订单？"),
    Line("user", "XH202611250001，买了才三天就坏了，太差了"),
]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai

    def __call__(self) -> datetime:
        return self.now


def summarise(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
    assert "客户：我的耳机坏了" in messages[-1].content and params.max_tokens <= 200
    return "客户的耳机（订单 XH202611250001）买了三天就坏了，情绪不满，希望维修或退货。"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bus() -> MemoryEventBus:
    return MemoryEventBus()


def make_service(
    database: Database, bus: MemoryEventBus, clock: Clock, engine: FakeEngine | None = None, **overrides: Any
) -> HandoffService:
    overrides.setdefault("handoff_summary_timeout_s", 2.0)
    settings: Settings = load_settings(**overrides)
    return HandoffService(
        settings, HandoffRepository(database.sessions), engine or FakeEngine(summarise), bus, clock=clock
    )


async def conversation(database: Database) -> str:
    return (await ConversationRepository(database.sessions).create("default", None, "web", {})).id


async def test_skill_group_and_priority_from_intent_reason_and_sentiment(
    database: Database, bus: MemoryEventBus, clock: Clock
) -> None:
    service = make_service(database, bus, clock)
    assert [service.skill_group(i) for i in ("return_refund", "logistics", "invoice", "chitchat", None)] == [
        "售后",
        "物流",
        "支付",
        "通用",
        "通用",
    ]
    custom = make_service(
        database, bus, clock, handoff_skill_groups={"invoice": "财务"}, handoff_default_group="综合"
    )
    assert (custom.skill_group("invoice"), custom.skill_group("return_refund")) == ("财务", "综合")
    assert service.priority("explicit", "order_status", 0.2) == 0
    assert service.priority("failed_turns", None, 0.0) == 1
    assert service.priority("negative_sentiment", "logistics", -0.8) == 2
    assert service.priority("sensitive_intent", "complaint", 0.0) == 2
    assert service.priority("sensitive_intent", "complaint", -0.9) == 3
    # The upset customer is served first, though queued last.
    calm, upset = await conversation(database), await conversation(database)
    await service.request(calm, "explicit", "warranty_repair", history=HISTORY)
    ticket = await service.request(
        upset, "negative_sentiment", "warranty_repair", sentiment=-0.9, history=HISTORY
    )
    assert ticket.position == 1 and await service.position(calm) == 2
    await service.wait_idle()


async def test_request_queues_with_context_and_no_agent_offers_a_callback(
    database: Database, bus: MemoryEventBus, clock: Clock
) -> None:
    service = make_service(database, bus, clock)
    conversation_id = await conversation(database)
    events = bus.subscribe(conversation_id)
    evidence = [Citation("warranty", "default", "policies/warranty.md", "保修", 0.91, kind="faq"), "doc#3"]
    ticket = await service.request(
        conversation_id,
        "explicit",
        "warranty_repair",
        {"order_id": "XH202611250001"},
        evidence,
        sentiment=-0.4,
        history=HISTORY,
    )
    assert (ticket.status, ticket.position, ticket.skill_group, ticket.created) == ("queued", 1, "售后", True)
    assert ticket.agents_online == 0 and ticket.callback_offered and not ticket.outside_hours
    assert ticket.sla_deadline == clock.now + timedelta(seconds=120) and ticket.eta_s is None
    handoff = await service.status(conversation_id)
    assert handoff is not None and handoff.id == ticket.handoff_id
    assert handoff.context["slots"] == {"order_id": "XH202611250001"}
    assert handoff.context["evidence"][0]["id"] == "warranty" and handoff.context["evidence"][1] == "doc#3"
    assert (handoff.context["intent"], handoff.context["sentiment"]) == ("warranty_repair", -0.4)
    queued = await anext(events)
    assert queued["type"] == "handoff_queued" and queued["callback_offered"] is True
    assert (
        "summary" not in queued and "context" not in queued
    )  # agent-only data stays off the customer's stream
    assert "暂无人工客服在线" in handoff_reply(ticket) and "留下电话" in handoff_reply(ticket)
    # Asking again reports the same handoff and publishes nothing new.
    again = await service.request(conversation_id, "explicit", "warranty_repair", history=HISTORY)
    assert again.handoff_id == ticket.handoff_id and not again.created
    await service.wait_idle()


async def test_agents_online_needs_recent_presence_within_hours(
    database: Database, bus: MemoryEventBus, clock: Clock
) -> None:
    service = make_service(database, bus, clock, agent_hours="09:00-21:00", agent_presence_s=60)
    assert service.agents_online() == 0
    service.agent_seen("alice")
    service.agent_seen("bob")
    assert service.agents_online() == 2
    ticket = await service.request(await conversation(database), "explicit", "logistics", history=HISTORY)
    assert ticket.agents_online == 2 and not ticket.callback_offered
    assert "前面还有 0 位客户" in handoff_reply(ticket)
    clock.now += timedelta(seconds=45)
    service.agent_seen("bob")
    clock.now += timedelta(seconds=30)  # alice was last seen 75 s ago
    assert service.agents_online() == 1
    clock.now = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    service.agent_seen("bob")
    assert service.agents_online() == 0
    late = await service.request(await conversation(database), "explicit", "logistics", history=HISTORY)
    assert late.callback_offered and late.outside_hours and "不在人工客服服务时间" in handoff_reply(late)
    await service.wait_idle()


def test_agent_hours_parsing() -> None:
    shanghai = AgentHours("09:00-21:00", "Asia/Shanghai")
    assert shanghai.open_at(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))  # 09:00 local
    assert not shanghai.open_at(datetime(2026, 11, 25, 0, 59, tzinfo=UTC))
    assert not shanghai.open_at(datetime(2026, 11, 25, 13, 0, tzinfo=UTC))  # 21:00 local
    night = AgentHours("21:00-06:00", "UTC")
    assert night.open_at(datetime(2026, 11, 25, 23, 0, tzinfo=UTC))
    assert night.open_at(datetime(2026, 11, 25, 5, 59, tzinfo=UTC))
    assert not night.open_at(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert AgentHours("", "UTC").open_at(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    assert AgentHours("00:00-24:00", "UTC").open_at(datetime(2026, 11, 25, 23, 59, tzinfo=UTC))
    for bad in ("9-21", "09:00-25:00", "09:60-10:00", "always"):
        with pytest.raises(ConfigError, match="KEFU_AGENT_HOURS"):
            AgentHours(bad, "UTC")
    with pytest.raises(ConfigError, match="KEFU_AGENT_TIMEZONE"):
        AgentHours("", "Mars/Olympus")


async def test_the_llm_summary_replaces_the_extractive_one_in_the_background(
    database: Database, bus: MemoryEventBus, clock: Clock
) -> None:
    engine = FakeEngine(summarise, delay_s=0.02)
    service = make_service(database, bus, clock, engine)
    conversation_id = await conversation(database)
    ticket = await service.request(conversation_id, "explicit", "warranty_repair", history=HISTORY)
    queued = await service.status(conversation_id)
    assert queued is not None and queued.summary == extractive_summary(HISTORY)  # the reply did not wait
    assert queued.summary.startswith("客户：我的耳机坏了 / XH202611250001")
    await service.wait_idle()
    handoff = await service.repository.get(ticket.handoff_id)
    assert handoff.summary.startswith("客户的耳机") and handoff.context["summary_source"] == "llm"
    assert len(engine.calls) == 1


@pytest.mark.parametrize("failure", ["unavailable", "slow", "empty"])
async def test_summary_falls_back_to_the_customers_words_when_the_engine_fails(
    database: Database, bus: MemoryEventBus, clock: Clock, failure: str
) -> None:
    def broken(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
        if failure == "unavailable":
            raise EngineUnavailable("all slots busy")
        return "" if failure == "empty" else "很长的摘要" * 10

    engine = FakeEngine(broken, delay_s=0.5 if failure == "slow" else 0.0)
    service = make_service(database, bus, clock, engine, handoff_summary_timeout_s=0.1)
    conversation_id = await conversation(database)
    ticket = await service.request(conversation_id, "failed_turns", "other", history=HISTORY)
    await asyncio.wait_for(service.wait_idle(), 5)
    handoff = await service.repository.get(ticket.handoff_id)
    assert handoff.summary == "客户：我的耳机坏了 / XH202611250001，买了才三天就坏了，太差了"
    assert handoff.context["summary_source"] == "extractive" and len(engine.calls) == 1


async def test_agent_actions_publish_events_and_the_bot_resumes_after_release(
    database: Database, bus: MemoryEventBus, clock: Clock
) -> None:
    service = make_service(database, bus, clock)
    conversation_id = await conversation(database)
    await service.request(conversation_id, "explicit", "logistics", history=HISTORY)
    events = bus.subscribe(conversation_id)
    claimed = await service.claim(conversation_id, "alice")
    assert claimed.status == "claimed" and (await service.status(conversation_id)) is not None
    with pytest.raises(InvalidInput) as empty:
        await service.send(conversation_id, "alice", "   ")
    assert empty.value.code == "empty_text"
    message = await service.send(conversation_id, "alice", " 您好，我来帮您查物流 ")
    customer = await service.append_customer_message(conversation_id, "好的谢谢")
    released = await service.release(conversation_id, "alice")
    assert released.status == "released" and await service.status(conversation_id) is None
    received: list[Event] = [await anext(events) for _ in range(4)]
    assert [e["type"] for e in received] == [
        "handoff_claimed",
        "agent_message",
        "message",
        "handoff_released",
    ]
    assert received[1]["text"] == "您好，我来帮您查物流" and received[1]["agent_id"] == "alice"
    assert (received[1]["seq"], received[2]["seq"]) == (message.seq, customer.seq)
    await service.request(conversation_id, "explicit", "logistics", history=HISTORY)
    closed = await service.close(conversation_id, "bob")
    assert closed.status == "closed"
    assert [(await anext(events))["type"] for _ in range(2)] == ["handoff_queued", "handoff_closed"]
    await service.wait_idle()


async def test_callback_and_shutdown(database: Database, bus: MemoryEventBus, clock: Clock) -> None:
    never = FakeEngine(summarise, delay_s=10)
    service = make_service(database, bus, clock, never, handoff_summary_timeout_s=30)
    conversation_id = await conversation(database)
    ticket: HandoffTicket = await service.request(conversation_id, "explicit", None, history=HISTORY)
    callback = await service.callback(conversation_id, "13800138000", "请下午打")
    assert callback.handoff_id == ticket.handoff_id and await service.status(conversation_id) is None
    await asyncio.wait_for(service.aclose(), 2)  # the pending summary is cancelled, not awaited
    assert not service._tasks
