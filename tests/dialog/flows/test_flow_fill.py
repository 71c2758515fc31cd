"""Slot filling turn by turn, corrections, prompts, and the yes/no confirmation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from flow_samples import DEMO_FLOWS

from kefu.dialog.flows import Flow, FlowBook, load_flows

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo() -> FlowBook:
    return load_flows(DEMO_FLOWS, {})


def flow(book: FlowBook, name: str) -> Flow:
    found = book.get(name)
    assert found is not None
    return found


def test_the_first_missing_slot_is_asked_in_the_customers_language(demo: FlowBook) -> None:
    logistics = flow(demo, "logistics")
    asked = logistics.fill({}, {}, "我的快递到哪了")
    assert asked.next_missing == "order_id" and not asked.ready and asked.invalid == []
    assert asked.prompt == "好的，请问您的订单号是多少？我帮您查一下物流。"
    english = logistics.fill({}, {}, "where is my parcel", lang="en")
    assert english.prompt is not None and english.prompt.startswith("Sure. What is your order number?")


def test_nlu_values_are_validated_and_normalised(demo: FlowBook) -> None:
    result = flow(demo, "logistics").fill({}, {"order_id": "xh 2026 1125 0001"}, "xh 2026 1125 0001 到哪了")
    assert result.ready and result.prompt is None and result.slots == {"order_id": "XH202611250001"}


def test_an_answer_to_the_prompt_is_taken_from_the_text(demo: FlowBook) -> None:
    change = flow(demo, "change_address")
    first = change.fill({}, {}, "我要改地址")
    assert first.next_missing == "order_id"
    second = change.fill(first.slots, {}, "202611210002", asked=first.next_missing)
    assert second.slots == {"order_id": "XH202611210002"} and second.next_missing == "address"
    assert second.prompt == "请告诉我新的收货地址（省市区 + 详细地址）。"
    third = change.fill(second.slots, {}, "上海市徐汇区漕溪北路 1 号", asked="address")
    assert third.ready and third.slots["address"] == "上海市徐汇区漕溪北路 1 号"


def test_free_text_is_not_taken_for_a_slot_nobody_asked_for(demo: FlowBook) -> None:
    change = flow(demo, "change_address")
    result = change.fill({"order_id": "XH202611210002"}, {}, "帮我改一下地址吧谢谢啦")
    assert "address" not in result.slots and result.next_missing == "address"


def test_an_invalid_answer_gets_its_message_and_is_asked_again(demo: FlowBook) -> None:
    logistics = flow(demo, "logistics")
    result = logistics.fill({}, {}, "12345", asked="order_id")
    assert result.invalid == [("order_id", result.prompt)]
    assert (
        result.prompt
        == "“12345”不是有效的订单号。订单号是 XH 加 12 位数字，例如 XH202611250001，请再发一次。"
    )
    assert result.next_missing == "order_id"
    nlu = logistics.fill({}, {"order_id": "XH123"}, "XH123 到哪了", lang="en")
    assert (
        nlu.prompt
        == '"XH123" is not a valid order number. It is XH followed by 12 digits, e.g. XH202611250001.'
    )


def test_a_correction_replaces_the_value_and_a_bad_one_keeps_the_old(demo: FlowBook) -> None:
    refund = flow(demo, "return_refund")
    slots = {"order_id": "XH202611220003", "reason": "质量问题"}
    corrected = refund.fill(slots, {"order_id": "XH202611230004"}, "不对，是 XH202611230004")
    assert (
        corrected.slots == {"order_id": "XH202611230004", "reason": "质量问题"} and corrected.prompt is None
    )
    from_text = refund.fill(slots, {}, "不对，订单号是 xh202611230004")  # `find` looks in any message
    assert from_text.slots["order_id"] == "XH202611230004"
    bad = refund.fill(slots, {"order_id": "XH1"}, "不对，是 XH1")
    assert bad.slots["order_id"] == "XH202611220003" and bad.invalid[0][0] == "order_id"
    assert bad.ready and bad.prompt is not None  # say what was wrong; the old value stands


def test_enum_answers_and_stale_values(demo: FlowBook) -> None:
    refund = flow(demo, "return_refund")
    result = refund.fill({"order_id": "XH202611220003"}, {}, "收到的时候屏幕就碎了", asked="reason")
    assert result.slots["reason"] == "质量问题" and result.ready
    unclear = refund.fill({"order_id": "XH202611220003"}, {}, "嗯……说不上来", asked="reason")
    assert unclear.invalid[0][0] == "reason" and "质量问题、发错货" in (unclear.prompt or "")
    stale = refund.fill({"order_id": "garbage", "reason": "质量问题"}, {}, "")
    assert stale.slots == {"reason": "质量问题"} and stale.next_missing == "order_id"


def test_dates_use_the_reference_day_and_optional_slots_do_not_block(write_flow: Callable[..., Path]) -> None:
    folder = write_flow(
        """\
        name: invoice
        intents: [invoice]
        slots:
          - name: date
            validator: {kind: date, allow_future: false}
            prompt: {zh: 哪天买的？, en: 'When?'}
            invalid: {zh: '“{{ value }}”不是日期', en: not a date}
          - name: phone
            required: false
            validator: {kind: phone}
            prompt: {zh: 电话？, en: 'Phone?'}
            invalid: {zh: 电话号码不对, en: bad phone}
        action:
          url: 'http://127.0.0.1:1/invoices?date={{ date }}'
        reply: {zh: '好的 {{ date }} {{ phone }}', en: ok}
        """
    )
    invoice = load_flows(folder, {}).get("invoice")
    assert invoice is not None
    result = invoice.fill({}, {"date": "上周五"}, "上周五买的", today=TODAY)
    assert result.slots == {"date": "2026-11-20"} and result.ready and result.prompt is None
    future = invoice.fill({}, {}, "明天", asked="date", today=TODAY)
    assert future.prompt == "“明天”不是日期"
    with_phone = invoice.fill(result.slots, {"phone": "139 8888 7777"}, "", today=TODAY)
    assert with_phone.slots["phone"] == "13988887777"


@pytest.mark.parametrize(
    ("answer", "meaning"),
    [
        ("确认", True),
        ("好的", True),
        ("对，改吧", True),
        ("没错", True),
        ("Yes, please.", True),
        ("OK!", True),
        ("不对", False),
        ("不是", False),
        ("取消", False),
        ("算了，不改了", False),
        ("no", False),
        ("Cancel it", False),
        ("我再想想有什么其他办法", None),
        ("I know", None),  # "no" inside a word is not a no
    ],
)
def test_yes_and_no(demo: FlowBook, answer: str, meaning: bool | None) -> None:
    assert flow(demo, "change_address").read_confirmation(answer) is meaning


def test_the_confirmation_question_shows_the_values(demo: FlowBook) -> None:
    change = flow(demo, "change_address")
    slots = {"order_id": "XH202611210002", "address": "上海市徐汇区漕溪北路 1 号"}
    assert change.confirmation(slots) == (
        "确认把订单 XH202611210002 的收货地址改为“上海市徐汇区漕溪北路 1 号”吗？请回复“确认”或“取消”。"
    )
    assert change.confirmation(slots, "en") == (
        'Change the delivery address of order XH202611210002 to "上海市徐汇区漕溪北路 1 号"? Please answer yes or no.'
    )
    assert change.cancelled() == "好的，地址没有修改。还有什么可以帮您？"
    assert flow(demo, "logistics").confirmation({"order_id": "XH202611210002"}) is None


def test_customer_text_in_a_template_is_data_not_a_template(demo: FlowBook) -> None:
    change = flow(demo, "change_address")
    slots = {"order_id": "XH202611210002", "address": "{{ 7 * 7 }} {% raw %}路 1 号"}
    assert "{{ 7 * 7 }} {% raw %}路 1 号" in (change.confirmation(slots) or "")
