"""The demo order system, in process: every endpoint, its refusals, auth and fault injection."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from examples.order_system import create_app
from examples.order_system.seed import ORDERS
from fastapi.testclient import TestClient


@pytest.fixture
def shop() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def test_seed_has_ten_orders_in_every_state_with_well_formed_ids() -> None:
    assert len(ORDERS) >= 10
    assert {order["status"] for order in ORDERS} == {"unpaid", "paid", "shipped", "delivered", "cancelled"}
    assert all(order["order_id"].startswith("XH") and len(order["order_id"]) == 14 for order in ORDERS)


def test_order_lookup_masks_the_phone_and_sums_the_total(shop: TestClient) -> None:
    order = shop.get("/orders/XH202611220003").json()
    assert order["status"] == "shipped" and order["status_text"] == "已发货，运输中"
    assert order["phone"] == "150****2222" and order["total"] == 5628.0
    assert order["carrier"] == "顺丰速运" and order["tracking_no"] == "SF1234567890123"
    missing = shop.get("/orders/XH999999999999")
    assert missing.status_code == 404 and missing.json()["code"] == "order_not_found"


def test_logistics_gives_the_latest_event_or_refuses_an_unshipped_order(shop: TestClient) -> None:
    logistics = shop.get("/orders/XH202611230004/logistics").json()
    assert logistics["latest"] == logistics["events"][0]
    assert logistics["latest"]["time"] == "2026-11-25 07:15"
    unshipped = shop.get("/orders/XH202611210002/logistics")
    assert unshipped.status_code == 409 and unshipped.json()["status_text"] == "已付款，待发货"


def test_address_changes_only_before_shipping(shop: TestClient) -> None:
    changed = shop.post("/orders/XH202611210002/address", json={"address": "上海市徐汇区漕溪北路 1 号"})
    assert changed.status_code == 200 and changed.json()["address"] == "上海市徐汇区漕溪北路 1 号"
    assert shop.get("/orders/XH202611210002").json()["address"] == "上海市徐汇区漕溪北路 1 号"
    shipped = shop.post("/orders/XH202611220003/address", json={"address": "北京市朝阳区建国路 1 号"})
    assert shipped.status_code == 409 and shipped.json()["code"] == "already_shipped"
    assert shop.post("/orders/XH202611210002/address", json={"adress": "x"}).status_code == 422


def test_refunds_are_filed_once_and_can_be_read_back(shop: TestClient) -> None:
    filed = shop.post("/refunds", json={"order_id": "XH202611240007", "reason": "不想要了"})
    assert filed.status_code == 201
    refund = filed.json()
    assert refund["status"] == "approved" and refund["amount"] == 3699.0  # not shipped: refunded at once
    assert shop.get(f"/refunds/{refund['refund_id']}").json() == refund
    again = shop.post("/refunds", json={"order_id": "XH202611240007", "reason": "不想要了"})
    assert again.status_code == 409 and again.json()["refund_id"] == refund["refund_id"]
    shipped = shop.post("/refunds", json={"order_id": "XH202611220003", "reason": "质量问题"}).json()
    assert shipped["status"] == "pending_return"
    unpaid = shop.post("/refunds", json={"order_id": "XH202611200001", "reason": "质量问题"})
    assert unpaid.status_code == 409 and unpaid.json()["code"] == "not_refundable"
    assert shop.get("/refunds/RF000000000000").status_code == 404


def test_a_token_guards_everything_but_healthz() -> None:
    with TestClient(create_app(token="s3cret")) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/orders/XH202611220003").status_code == 401
        assert (
            client.get("/orders/XH202611220003", headers={"Authorization": "Bearer nope"}).status_code == 401
        )
        good = client.get("/orders/XH202611220003", headers={"Authorization": "Bearer s3cret"})
        assert good.status_code == 200


def test_faults_break_business_endpoints_until_reset_or_count(shop: TestClient) -> None:
    shop.post("/_faults", json={"mode": "down"})
    assert shop.get("/orders/XH202611220003").status_code == 503
    assert shop.get("/healthz").status_code == 200
    shop.post("/_faults", json={"mode": "garbage"})
    garbage = shop.get("/orders/XH202611220003")
    assert garbage.status_code == 200 and garbage.headers["content-type"].startswith("text/html")
    shop.post("/_faults", json={"mode": "partial", "count": 1})
    assert shop.get("/orders/XH202611220003").json() == {"ok": True}
    assert shop.get("/orders/XH202611220003").json()["order_id"] == "XH202611220003"  # count used up
    shop.post("/_faults", json={"mode": "slow", "seconds": 0.3})
    started = time.monotonic()
    assert shop.get("/orders/XH202611220003").status_code == 200
    assert time.monotonic() - started >= 0.3
    assert shop.post("/_faults", json={"mode": "none"}).json()["mode"] == "none"
    assert shop.post("/_faults", json={"mode": "explode"}).status_code == 422


def test_the_fault_endpoint_can_be_left_out() -> None:
    with TestClient(create_app(faults=False)) as client:
        assert client.post("/_faults", json={"mode": "down"}).status_code in (404, 405)
