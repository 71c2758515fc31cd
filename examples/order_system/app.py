"""The demo order system: a stand-in for the company's own business system.

Endpoints (JSON): `GET /orders/{id}`, `GET /orders/{id}/logistics`, `POST /orders/{id}/address`,
`POST /refunds`, `GET /refunds/{id}`, `GET /healthz`. Errors are `{"code", "message"}` with 401,
404, 409 (the order's state forbids it) or 422. Data lives in memory, fresh per app.

For tests, `POST /_faults {"mode": "down|slow|garbage|partial|none", "seconds": 5, "count": null}`
makes the business endpoints answer 503, answer after `seconds`, answer an HTML page, or answer
JSON without the expected fields, for the next `count` requests (null: until reset).
"""

from __future__ import annotations

import asyncio
import copy
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from examples.order_system.seed import ORDERS, REFUNDS, STATUS_TEXT

FaultMode = Literal["none", "down", "slow", "garbage", "partial"]
OPEN = ("/healthz", "/docs", "/openapi.json")  # no token needed
BUSINESS = ("/orders/", "/refunds")  # where faults are injected


class Problem(Exception):
    """An answer other than 2xx, as `{"code", "message", ...}`."""

    def __init__(self, http_status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.body = {"code": code, "message": message, **extra}


class AddressChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: str = Field(min_length=2, max_length=200)
    receiver: str | None = Field(default=None, max_length=50)
    phone: str | None = Field(default=None, pattern=r"^1[3-9]\d{9}$")


class RefundRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(pattern=r"^XH\d{12}$")
    reason: str = Field(min_length=1, max_length=200)
    amount: float | None = Field(default=None, gt=0)


class Faults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: FaultMode = "none"
    seconds: float = Field(default=5.0, ge=0, le=120)
    count: int | None = Field(default=None, ge=1, description="requests affected; null: until reset")


@dataclass
class Shop:
    """The system's state: orders and refunds, copied from the seed."""

    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    faults: Faults = field(default_factory=Faults)

    @classmethod
    def seeded(cls) -> Shop:
        return cls(
            {order["order_id"]: copy.deepcopy(order) for order in ORDERS},
            {refund["refund_id"]: copy.deepcopy(refund) for refund in REFUNDS},
        )

    def order(self, order_id: str) -> dict[str, Any]:
        order = self.orders.get(order_id.upper())
        if order is None:
            raise Problem(404, "order_not_found", f"没有找到订单 {order_id}")
        return order

    def next_refund_id(self) -> str:
        return f"RF{datetime.now():%Y%m%d}{len(self.refunds) + 1:04d}"


def _now() -> str:
    return f"{datetime.now():%Y-%m-%d %H:%M}"


def _masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def _public(order: dict[str, Any]) -> dict[str, Any]:
    """An order as the API shows it: status words added, phone masked, the latest tracking event
    (all of them are at /logistics)."""
    zh, en = STATUS_TEXT[order["status"]]
    logistics = order["logistics"]
    return {
        "order_id": order["order_id"],
        "status": order["status"],
        "status_text": zh,
        "status_text_en": en,
        "created_at": order["created_at"],
        "items": order["items"],
        "item_summary": "、".join(f"{item['product']} ×{item['quantity']}" for item in order["items"]),
        "total": round(sum(item["price"] * item["quantity"] for item in order["items"]), 2),
        "receiver": order["receiver"],
        "phone": _masked(order["phone"]),
        "address": order["address"],
        "carrier": logistics["carrier"] if logistics else None,
        "tracking_no": logistics["tracking_no"] if logistics else None,
        "latest": logistics["events"][0] if logistics and logistics["events"] else None,
    }


def _not_in_state(order: dict[str, Any], code: str, message: str) -> Problem:
    zh, en = STATUS_TEXT[order["status"]]
    return Problem(409, code, message, status=order["status"], status_text=zh, status_text_en=en)


def create_app(token: str | None = None, faults: bool = True) -> FastAPI:
    """The demo system; `token` makes every business endpoint want `Authorization: Bearer <token>`,
    `faults=False` removes the fault-injection endpoint."""
    app = FastAPI(title="XH demo order system", version="1.0")
    shop = Shop.seeded()
    app.state.shop = shop

    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.http_status)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if token is not None and request.url.path not in OPEN:
            sent = request.headers.get("authorization", "")
            if not secrets.compare_digest(sent.encode(), f"Bearer {token}".encode()):
                return JSONResponse(
                    {"code": "unauthorized", "message": "bad or missing token"}, status_code=401
                )
        fault = shop.faults
        if fault.mode != "none" and request.url.path.startswith(BUSINESS):
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    shop.faults = Faults()
            if fault.mode == "down":
                return JSONResponse(
                    {"code": "unavailable", "message": "service unavailable"}, status_code=503
                )
            if fault.mode == "slow":
                await asyncio.sleep(fault.seconds)
            elif fault.mode == "garbage":
                return HTMLResponse(
                    "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", status_code=200
                )
            elif fault.mode == "partial":
                return JSONResponse({"ok": True})
        return await call_next(request)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/orders/{order_id}")
    async def get_order(order_id: str) -> dict[str, Any]:
        return _public(shop.order(order_id))

    @app.get("/orders/{order_id}/logistics")
    async def get_logistics(order_id: str) -> dict[str, Any]:
        order = shop.order(order_id)
        logistics = order["logistics"]
        if logistics is None:
            message = "订单已取消" if order["status"] == "cancelled" else "订单尚未发货"
            raise _not_in_state(order, "not_shipped", message)
        events = logistics["events"]
        return {
            "order_id": order["order_id"],
            "status": order["status"],
            "status_text": STATUS_TEXT[order["status"]][0],
            "carrier": logistics["carrier"],
            "tracking_no": logistics["tracking_no"],
            "latest": events[0],
            "events": events,
        }

    @app.post("/orders/{order_id}/address")
    async def change_address(order_id: str, change: AddressChange) -> dict[str, Any]:
        order = shop.order(order_id)
        if order["status"] in ("shipped", "delivered"):
            raise _not_in_state(order, "already_shipped", "订单已发货，无法修改收货地址")
        if order["status"] == "cancelled":
            raise _not_in_state(order, "cancelled", "订单已取消，无法修改收货地址")
        order["address"] = change.address
        order["receiver"] = change.receiver or order["receiver"]
        order["phone"] = change.phone or order["phone"]
        return {**_public(order), "updated_at": _now()}

    @app.post("/refunds", status_code=201)
    async def create_refund(request: RefundRequest) -> dict[str, Any]:
        order = shop.order(request.order_id)
        if order["status"] in ("unpaid", "cancelled"):
            raise _not_in_state(order, "not_refundable", "该订单未付款或已取消，无需退款")
        for refund in shop.refunds.values():
            if refund["order_id"] == order["order_id"]:
                raise Problem(
                    409,
                    "refund_exists",
                    "该订单已有退款申请",
                    refund_id=refund["refund_id"],
                    status=refund["status"],
                )
        total = _public(order)["total"]
        if request.amount is not None and request.amount > total:
            raise Problem(422, "amount_too_high", f"退款金额不能超过订单金额 {total}")
        # Not shipped yet: refunded at once; otherwise the goods come back first.
        status = "approved" if order["status"] == "paid" else "pending_return"
        refund = {
            "refund_id": shop.next_refund_id(),
            "order_id": order["order_id"],
            "reason": request.reason,
            "amount": request.amount or total,
            "status": status,
            "created_at": _now(),
        }
        shop.refunds[refund["refund_id"]] = refund
        return _refund_view(refund)

    @app.get("/refunds/{refund_id}")
    async def get_refund(refund_id: str) -> dict[str, Any]:
        refund = shop.refunds.get(refund_id.upper())
        if refund is None:
            raise Problem(404, "refund_not_found", f"没有找到退款单 {refund_id}")
        return _refund_view(refund)

    if faults:

        @app.post("/_faults")
        async def set_faults(new: Faults) -> Faults:
            shop.faults = new
            return new

        @app.get("/_faults")
        async def get_faults() -> Faults:
            return shop.faults

    return app


REFUND_STATUS_TEXT = {
    "approved": (
        "退款已批准，款项将在 1-3 个工作日内原路退回",
        "approved; the money is back in 1-3 working days",
    ),
    "pending_return": (
        "待退货：请在 7 天内寄回商品，仓库签收后退款",
        "waiting for the goods: send them back within 7 days",
    ),
}


def _refund_view(refund: dict[str, Any]) -> dict[str, Any]:
    zh, en = REFUND_STATUS_TEXT[refund["status"]]
    return {**refund, "status_text": zh, "status_text_en": en}
