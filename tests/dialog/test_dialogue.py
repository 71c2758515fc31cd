"""Multi-turn dialogue: forms over several turns, carry-over, corrections, intent switches,
business-system failures and the handoff rules, through the real conversation service (real
SQLite, real knowledge base, real flows calling the real demo order system).

Understanding comes from a rule-based stand-in for the NLU model, so these tests pin the
dialogue logic whatever the trained model says; tests/api/test_live_dialogue.py runs the
same journey with the real model."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tests.examples.order_system_server import OrderSystem, start_order_system

from kefu.config import Settings
from kefu.dialog.conversations import ConversationService, StoredTurn
from kefu.dialog.escalation import HandoffRules
from kefu.dialog.flows import load_flows
from kefu.dialog.handoff import HandoffService
from kefu.dialog.pipeline import TurnPipeline
from kefu.dialog.privacy import Privacy
from kefu.dialog.runtime import open_knowledge_layer, open_understanding
from kefu.dialog.tasks import TaskRunner
from kefu.dialog.understanding import Understander
from kefu.engine.fake import FakeEngine
from kefu.errors import ConfigError
from kefu.nlu import Prediction, SlotSpan
from kefu.store.events import create_event_bus
from kefu.store.handoff_repository import HandoffRepository
from kefu.store.repository import ConversationRepository

pytestmark = pytest.mark.anyio
REPO = Path(__file__).resolve().parents[2]

INTENTS = [
    (r"投诉", "complaint"),
    (r"运费谁出|几天到账|保修几年", "policy_inquiry"),
    (r"到哪|物流|快递", "logistics"),
    (r"状态|怎么样了", "order_status"),
    (r"地址", "change_address"),
    (r"退货|退款", "return_refund"),
    (r"^(?:好的|是的|对|确认|嗯)", "chitchat"),
]
SLOTS = [
    (r"XH\d{12}", "order_id"),
    (r"(?:北京|上海|杭州|广州)市\S+?(?:号|室)", "address"),
]


class RuleNlu:
    """Keyword rules: the first matching intent, every matching slot."""

    def predict(self, text: str) -> Prediction:
        intent = next((name for pattern, name in INTENTS if re.search(pattern, text)), "none")
        slots = [
            SlotSpan(kind, m.group(), m.start(), m.end())
            for pattern, kind in SLOTS
            for m in re.finditer(pattern, text)
        ]
        if intent in ("logistics", "order_status") and slots and "地址" in text:
            intent = "change_address"
        return Prediction(intent, 0.99 if intent != "none" else 0.2, slots, [])


@pytest.fixture(scope="module")
def orders() -> Iterator[OrderSystem]:
    system = start_order_system()
    yield system
    system.stop()


@dataclass
class Chat:
    service: ConversationService
    conversation_id: str
    handoff: HandoffService

    async def say(self, text: str) -> StoredTurn:
        return await self.service.reply(self.conversation_id, text)


@contextlib.asynccontextmanager
async def chat(
    settings: Settings, orders: OrderSystem, rules: HandoffRules | None = None
) -> AsyncIterator[Chat]:
    engine = FakeEngine(lambda messages, params: "好的。")
    flows = load_flows(REPO / "flows", {"KEFU_ORDER_API": orders.url})
    async with (
        httpx.AsyncClient(timeout=10) as client,
        open_knowledge_layer(settings) as (database, knowledge),
    ):
        tasks = TaskRunner(flows, client)
        pipeline = TurnPipeline(settings, engine, knowledge.service, Understander(RuleNlu()), tasks, rules)
        events = create_event_bus()
        handoff = HandoffService(settings, HandoffRepository(database.sessions), engine, events)
        service = ConversationService(
            ConversationRepository(database.sessions),
            pipeline,
            20,
            Privacy.from_settings(settings),
            events=events,
            handoff=handoff,
        )
        conversation = await service.create("default")
        try:
            yield Chat(service, conversation.id, handoff)
        finally:
            await handoff.aclose()


async def test_a_form_asks_for_the_missing_slot_then_calls_the_order_system(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        first = await c.say("我的订单到哪了")
        # The demo KB answers how to track an order; the lookup is offered after that answer.
        assert first.result.route == "faq" and first.result.task_status == "offered"
        assert first.result.reply.endswith("我帮您查一下物流。")
        assert first.state is not None and first.state.active_form is not None
        assert first.state.active_form.awaiting == "order_id"

        second = await c.say("XH202611220003")
        assert second.result.route == "task" and second.result.task_status == "done"
        assert "XH202611220003" in second.result.reply and "运单号" in second.result.reply
        assert second.state is not None and second.state.active_form is None
        assert second.state.slots["order_id"] == "XH202611220003"

        # "那个订单": the order id carries over to the next task.
        third = await c.say("那个订单现在状态怎么样了")
        assert third.result.task == "order_status" and third.result.task_status == "done"
        assert "XH202611220003" in third.result.reply


async def test_a_value_for_the_open_form_is_an_answer_whatever_the_intent(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        await c.say("查一下物流")
        answer = await c.say("订单状态 XH202611220003")  # read as order_status, but it answers the form
        assert answer.result.task == "logistics" and answer.result.task_status == "done"


async def test_another_order_is_not_taken_from_memory(settings: Settings, orders: OrderSystem) -> None:
    async with chat(settings, orders) as c:
        await c.say("查一下 XH202611220003 的物流")
        other = await c.say("我另一个订单到哪了")
        assert other.result.task_status in ("asking", "offered") and "订单号" in other.result.reply


async def test_an_offered_task_is_dropped_when_the_customer_moves_on(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        offered = await c.say("我的订单到哪了")
        assert offered.state is not None and offered.state.active_form is not None
        moved_on = await c.say("退货运费谁出")
        assert moved_on.result.route == "faq" and "订单号" not in moved_on.result.reply
        assert moved_on.state is not None and moved_on.state.active_form is None


async def test_a_correction_during_confirmation_replaces_the_value(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        await c.say("我想改一下收货地址")
        await c.say("XH202611210002")
        confirm = await c.say("上海市浦东新区世纪大道100号")
        assert confirm.result.task_status == "confirming" and "XH202611210002" in confirm.result.reply
        corrected = await c.say("不对，订单号是 XH202611200001")
        assert corrected.result.task_status == "confirming"
        assert "XH202611200001" in corrected.result.reply and "XH202611210002" not in corrected.result.reply
        done = await c.say("是的")
        assert done.result.task_status == "done", done.result.reply
        assert done.result.slots["order_id"] == "XH202611200001"


async def test_a_question_mid_form_is_answered_then_the_form_resumes(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        asked = await c.say("订单 XH202611230004 我要退货")
        assert asked.state is not None and asked.state.active_form is not None
        awaiting = asked.state.active_form.awaiting
        assert asked.result.task_status == "asking" and awaiting == "reason"
        aside = await c.say("退货运费谁出")
        assert aside.result.route in ("faq", "rag") and aside.result.citations
        assert aside.result.reply.endswith(asked.result.reply)  # the form's question again
        assert aside.state is not None and aside.state.active_form is not None
        answer = await c.say("颜色不喜欢")
        assert answer.result.task == "return_refund" and answer.result.task_status == "confirming"


async def test_cancelling_a_form(settings: Settings, orders: OrderSystem) -> None:
    async with chat(settings, orders) as c:
        await c.say("帮我改个地址")
        cancelled = await c.say("算了不改了")
        assert cancelled.result.task_status == "cancelled"
        assert cancelled.state is not None and cancelled.state.active_form is None


@pytest.mark.parametrize("mode", ["down", "slow", "garbage"])
async def test_business_system_trouble_apologises_and_the_second_failure_hands_over(
    settings: Settings, orders: OrderSystem, mode: str
) -> None:
    orders.faults(mode, seconds=5)
    try:
        async with chat(settings, orders) as c:
            failed = await c.say("查一下 XH202611220003 的物流")
            assert failed.result.route == "task" and failed.result.task_status == "failed"
            assert "抱歉" in failed.result.reply
            assert failed.state is not None and failed.state.failed_turns == 1
            again = await c.say("查一下 XH202611220003 的物流")
            assert again.result.route == "handoff" and again.result.handoff_reason == "failed_turns"
            assert await c.handoff.status(c.conversation_id) is not None
    finally:
        orders.faults("none")


async def test_handoff_rules(settings: Settings, orders: OrderSystem) -> None:
    async with chat(settings, orders) as c:
        angry = await c.say("你们这什么破服务，气死我了！！！")
        assert angry.result.route == "handoff" and angry.result.handoff_reason == "negative_sentiment"
        assert "抱歉" in angry.result.reply
    async with chat(settings, orders) as c:
        complaint = await c.say("我要投诉你们的快递员")
        assert complaint.result.handoff_reason == "sensitive_intent"
    async with chat(settings, orders) as c:
        explicit = await c.say("转人工")
        assert explicit.result.handoff_reason == "explicit" and explicit.result.intent == "human_agent"
    async with chat(settings, orders) as c:
        await c.say("帮我写一首关于月亮的诗")
        second = await c.say("给我讲个笑话吧")
        assert second.result.route == "handoff" and second.result.handoff_reason == "failed_turns"


async def test_a_plain_request_for_a_person_goes_to_the_skill_group_of_the_topic(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        await c.say("查一下 XH202611220003 的物流")
        await c.say("转人工")
        [entry] = await c.handoff.queue()
        assert (
            entry.handoff.skill_group == "物流"
            and entry.handoff.context["slots"]["order_id"] == "XH202611220003"
        )


async def test_the_bot_is_silent_while_an_agent_holds_the_conversation(
    settings: Settings, orders: OrderSystem
) -> None:
    async with chat(settings, orders) as c:
        await c.say("转人工")
        await c.handoff.claim(c.conversation_id, "agent-1")
        held = await c.say("你好，我的快递丢了")
        assert held.result.route == "agent" and held.result.reply == ""
        await c.handoff.release(c.conversation_id, "agent-1")
        back = await c.say("退货运费谁出")
        assert back.result.route in ("faq", "rag") and back.result.reply


async def test_a_form_survives_a_restart(settings: Settings, orders: OrderSystem) -> None:
    async with chat(settings, orders) as c:
        await c.say("我的订单到哪了")
        conversation_id = c.conversation_id
    async with chat(settings, orders) as restarted:
        restarted.conversation_id = conversation_id
        resumed = await restarted.say("XH202611220003")
        assert resumed.result.task == "logistics" and resumed.result.task_status == "done"


async def test_a_flow_on_an_intent_the_model_does_not_know_stops_the_start_up(
    settings: Settings, tmp_path: Path
) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    text = (REPO / "flows" / "logistics.yml").read_text(encoding="utf-8")
    (flows / "logistics.yml").write_text(text.replace("[logistics]", "[track_parcel]"), encoding="utf-8")
    async with httpx.AsyncClient() as client:
        with pytest.raises(ConfigError, match="track_parcel"):
            await open_understanding(settings.model_copy(update={"flows_dir": flows}), client)
