"""The demo flows against the real demo order system (a child process, real HTTP): answers,
refusals, and a system that is down, slow or answering garbage, all without an exception."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from examples.order_system import create_app
from flow_samples import DEMO_FLOWS
from tests.examples.order_system_server import OrderSystem, free_port

from kefu.dialog.flows import Flow, FlowBook, load_flows

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


def flow(book: FlowBook, name: str) -> Flow:
    found = book.get(name)
    assert found is not None
    return found


async def test_order_status(book: FlowBook, client: httpx.AsyncClient) -> None:
    outcome = await flow(book, "order_status").run({"order_id": "XH202611220003"}, client)
    assert outcome.ok and outcome.status == "ok" and not outcome.failed and outcome.http_status == 200
    assert outcome.reply == (
        "订单 XH202611220003（笔记本电脑 Air 14 ×1、电脑包 ×1，共 ¥5628.0）当前状态：已发货，运输中。"
        "由顺丰速运配送，运单号 SF1234567890123。最新物流（2026-11-24 18:20）：快件已到达【深圳南山集散中心】。"
    )
    assert outcome.data is not None and outcome.data["status"] == "shipped" and outcome.elapsed_ms > 0
    english = await flow(book, "order_status").run({"order_id": "XH202611210002"}, client, "en")
    assert english.reply == "Order XH202611210002 (蓝牙耳机 Pro ×2, ¥798.0) is paid, not shipped yet."


async def test_logistics_gives_carrier_tracking_number_and_latest_event(
    book: FlowBook, client: httpx.AsyncClient
) -> None:
    outcome = await flow(book, "logistics").run({"order_id": "XH202611230004"}, client)
    assert outcome.status == "ok"
    assert outcome.reply == (
        "订单 XH202611230004 由圆通速递配送，运单号 YT9876543210987。 "
        "最新物流（2026-11-25 07:15）：快件已到达【杭州转运中心】，正在派送途中。"
    )
    unshipped = await flow(book, "logistics").run({"order_id": "XH202611200001"}, client)
    assert unshipped.status == "rejected" and not unshipped.failed
    assert unshipped.reply == "订单 XH202611200001 目前待付款，还没有物流信息。"


async def test_change_address_before_and_after_shipping(
    book: FlowBook, client: httpx.AsyncClient, shop: OrderSystem
) -> None:
    change = flow(book, "change_address")
    address = '上海市徐汇区漕溪北路 1 号 "B 座" {{ 7 * 7 }}'  # quotes and template syntax are just text
    outcome = await change.run({"order_id": "XH202611210002", "address": address}, client)
    assert (
        outcome.status == "ok" and outcome.reply == f"已为您把订单 XH202611210002 的收货地址改为：{address}。"
    )
    stored = (await client.get(f"{shop.url}/orders/XH202611210002")).json()
    assert stored["address"] == address

    shipped = await change.run({"order_id": "XH202611220003", "address": "北京市朝阳区建国路 1 号"}, client)
    assert shipped.status == "rejected" and shipped.http_status == 409 and not shipped.ok
    assert shipped.reply.startswith("抱歉，订单 XH202611220003 已发货，运输中，已无法修改收货地址。")


async def test_refund_request_and_a_second_request(book: FlowBook, client: httpx.AsyncClient) -> None:
    refund = flow(book, "return_refund")
    slots = {"order_id": "XH202611230004", "reason": "质量问题"}
    outcome = await refund.run(slots, client)
    assert outcome.status == "ok" and outcome.http_status == 201 and outcome.data is not None
    refund_id = outcome.data["refund_id"]
    assert refund_id.startswith("RF") and len(refund_id) == 14
    assert outcome.reply == (
        f"退款申请已提交，退款单号 {refund_id}，金额 ¥1299.0。 当前状态：待退货：请在 7 天内寄回商品，仓库签收后退款。"
    )
    again = await refund.run(slots, client, "en")
    assert again.status == "rejected"
    assert (
        again.reply
        == f"Sorry, a refund can't be requested for order XH202611230004: refund {refund_id} already exists."
    )


async def test_an_unknown_order_is_not_found(book: FlowBook, client: httpx.AsyncClient) -> None:
    for name in ("order_status", "logistics", "change_address", "return_refund"):
        slots = {"order_id": "XH999999999999", "address": "北京市朝阳区建国路 1 号", "reason": "其他"}
        outcome = await flow(book, name).run(slots, client)
        assert outcome.status == "not_found" and not outcome.failed
        assert outcome.reply == "没有找到订单 XH999999999999，请核对订单号后再发给我。"


async def test_a_slot_value_cannot_leave_its_path_segment(book: FlowBook, client: httpx.AsyncClient) -> None:
    outcome = await flow(book, "order_status").run({"order_id": "XH202611220003/logistics?x=1"}, client)
    assert outcome.status == "not_found"  # %2F and %3F: one unknown order id, not another endpoint


async def test_connection_refused_is_down_after_retries(client: httpx.AsyncClient) -> None:
    nowhere = load_flows(DEMO_FLOWS, {"KEFU_ORDER_API": f"http://127.0.0.1:{free_port()}"})
    outcome = await flow(nowhere, "logistics").run({"order_id": "XH202611230004"}, client)
    assert outcome.status == "down" and outcome.failed and outcome.attempts == 3
    assert outcome.reply == "抱歉，业务系统暂时无法访问，请稍后再试。" and outcome.http_status is None
    english = await flow(nowhere, "logistics").run({"order_id": "XH202611230004"}, client, "en")
    assert english.reply.startswith("Sorry, our order system is unavailable")


async def test_5xx_is_retried_then_down(book: FlowBook, client: httpx.AsyncClient, shop: OrderSystem) -> None:
    shop.faults("down")
    outcome = await flow(book, "order_status").run({"order_id": "XH202611220003"}, client)
    assert outcome.status == "down" and outcome.attempts == 3 and outcome.http_status == 503
    shop.faults("down", count=1)
    recovered = await flow(book, "order_status").run({"order_id": "XH202611220003"}, client)
    assert recovered.status == "ok" and recovered.attempts == 2


async def test_a_slow_system_times_out_without_a_retry(
    book: FlowBook, client: httpx.AsyncClient, shop: OrderSystem
) -> None:
    shop.faults("slow", seconds=5)
    outcome = await flow(book, "logistics").run({"order_id": "XH202611230004"}, client)
    assert outcome.status == "timeout" and outcome.failed and outcome.attempts == 1
    assert outcome.reply == "抱歉，业务系统响应超时，请稍后再试。"
    assert 2900 <= outcome.elapsed_ms < 5000  # the flow's timeout_s is 3


@pytest.mark.parametrize("mode", ["garbage", "partial"])
async def test_garbage_is_a_bad_response(
    book: FlowBook, client: httpx.AsyncClient, shop: OrderSystem, mode: str
) -> None:
    shop.faults(mode)
    for name in ("order_status", "logistics"):
        outcome = await flow(book, name).run({"order_id": "XH202611230004"}, client)
        assert outcome.status == "bad_response" and outcome.failed and outcome.http_status == 200
        assert outcome.reply == "抱歉，业务系统返回了异常数据，暂时无法为您处理。"


async def test_the_token_from_env_reaches_the_system() -> None:
    transport = httpx.ASGITransport(app=create_app(token="s3cret"))
    async with httpx.AsyncClient(transport=transport) as client:
        env = {"KEFU_ORDER_API": "http://orders.test", "ORDER_API_TOKEN": "s3cret"}
        good = await flow(load_flows(DEMO_FLOWS, env), "order_status").run(
            {"order_id": "XH202611220003"}, client
        )
        assert good.status == "ok"
        env["ORDER_API_TOKEN"] = "wrong"
        bad = await flow(load_flows(DEMO_FLOWS, env), "order_status").run(
            {"order_id": "XH202611220003"}, client
        )
        assert bad.status == "bad_response" and bad.http_status == 401


async def test_running_without_the_required_slots_is_a_caller_error(
    book: FlowBook, client: httpx.AsyncClient
) -> None:
    with pytest.raises(ValueError, match="order_id"):
        await flow(book, "logistics").run({}, client)
