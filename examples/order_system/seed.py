"""The demo shop's orders: one or more in every state, ids `XH` + 12 digits."""

from __future__ import annotations

from typing import Any

STATUS_TEXT = {
    "unpaid": ("待付款", "awaiting payment"),
    "paid": ("已付款，待发货", "paid, not shipped yet"),
    "shipped": ("已发货，运输中", "shipped, in transit"),
    "delivered": ("已签收", "delivered"),
    "cancelled": ("已取消", "cancelled"),
}


def _item(product: str, quantity: int, price: float) -> dict[str, Any]:
    return {"product": product, "quantity": quantity, "price": price}


def _event(time: str, location: str, description: str) -> dict[str, str]:
    return {"time": time, "location": location, "description": description}


ORDERS: list[dict[str, Any]] = [
    {
        "order_id": "XH202611200001",
        "status": "unpaid",
        "created_at": "2026-11-20 10:12",
        "items": [_item("星辰 X5 手机 8+256G 曜石黑", 1, 2999.0)],
        "receiver": "王小明",
        "phone": "13812345678",
        "address": "北京市海淀区中关村大街 27 号 1201 室",
        "logistics": None,
    },
    {
        "order_id": "XH202611210002",
        "status": "paid",
        "created_at": "2026-11-21 09:30",
        "items": [_item("蓝牙耳机 Pro", 2, 399.0)],
        "receiver": "李娜",
        "phone": "13998765432",
        "address": "上海市浦东新区张江路 88 弄 5 号 302",
        "logistics": None,
    },
    {
        "order_id": "XH202611220003",
        "status": "shipped",
        "created_at": "2026-11-22 14:05",
        "items": [_item("笔记本电脑 Air 14", 1, 5499.0), _item("电脑包", 1, 129.0)],
        "receiver": "张伟",
        "phone": "15011112222",
        "address": "广东省深圳市南山区科技园南区 6 栋 10 楼",
        "logistics": {
            "carrier": "顺丰速运",
            "tracking_no": "SF1234567890123",
            "events": [
                _event("2026-11-24 18:20", "深圳", "快件已到达【深圳南山集散中心】"),
                _event("2026-11-23 21:02", "广州", "快件已从【广州白云中转场】发出"),
                _event("2026-11-22 19:40", "广州", "顺丰速运已收取快件"),
            ],
        },
    },
    {
        "order_id": "XH202611230004",
        "status": "shipped",
        "created_at": "2026-11-23 08:45",
        "items": [_item("智能手表 S3", 1, 1299.0)],
        "receiver": "陈静",
        "phone": "18622223333",
        "address": "浙江省杭州市西湖区文三路 478 号",
        "logistics": {
            "carrier": "圆通速递",
            "tracking_no": "YT9876543210987",
            "events": [
                _event("2026-11-25 07:15", "杭州", "快件已到达【杭州转运中心】，正在派送途中"),
                _event("2026-11-24 02:30", "上海", "快件已从【上海转运中心】发出"),
                _event("2026-11-23 17:10", "上海", "圆通速递已揽收"),
            ],
        },
    },
    {
        "order_id": "XH202611180005",
        "status": "delivered",
        "created_at": "2026-11-18 20:00",
        "items": [_item("空气净化器 A1", 1, 1599.0)],
        "receiver": "刘洋",
        "phone": "13700001111",
        "address": "四川省成都市高新区天府大道 1700 号",
        "logistics": {
            "carrier": "京东物流",
            "tracking_no": "JD0012345678901",
            "events": [
                _event("2026-11-20 11:32", "成都", "您的快件已签收，签收人：本人"),
                _event("2026-11-20 08:05", "成都", "快件正在派送中，配送员：赵师傅 136****0000"),
                _event("2026-11-19 09:00", "西安", "快件已从【西安亚洲一号】发出"),
            ],
        },
    },
    {
        "order_id": "XH202611150006",
        "status": "cancelled",
        "created_at": "2026-11-15 13:20",
        "items": [_item("机械键盘 K8", 1, 459.0)],
        "receiver": "赵敏",
        "phone": "13566667777",
        "address": "湖北省武汉市洪山区珞喻路 1037 号",
        "logistics": None,
    },
    {
        "order_id": "XH202611240007",
        "status": "paid",
        "created_at": "2026-11-24 22:18",
        "items": [_item("星辰 X5 手机 12+512G 星河银", 1, 3699.0)],
        "receiver": "孙丽",
        "phone": "17788889999",
        "address": "江苏省南京市鼓楼区中山路 18 号",
        "logistics": None,
    },
    {
        "order_id": "XH202611190008",
        "status": "delivered",
        "created_at": "2026-11-19 16:40",
        "items": [_item("蓝牙耳机 Lite", 1, 199.0)],
        "receiver": "周杰",
        "phone": "13311112222",
        "address": "天津市和平区南京路 219 号",
        "logistics": {
            "carrier": "中通快递",
            "tracking_no": "ZT7788990011223",
            "events": [
                _event("2026-11-22 15:06", "天津", "快件已签收，签收人：前台"),
                _event("2026-11-21 06:48", "天津", "快件已到达【天津和平营业部】"),
                _event("2026-11-20 10:12", "北京", "中通快递已揽收"),
            ],
        },
    },
    {
        "order_id": "XH202611250001",
        "status": "shipped",
        "created_at": "2026-11-25 00:30",
        "items": [_item("移动电源 20000mAh", 2, 149.0)],
        "receiver": "吴磊",
        "phone": "15899990000",
        "address": "福建省厦门市思明区环岛南路 3088 号",
        "logistics": {
            "carrier": "顺丰速运",
            "tracking_no": "SF5550001112223",
            "events": [
                _event("2026-11-25 09:40", "厦门", "快件已从【厦门集散中心】发出，预计今日送达"),
                _event("2026-11-25 03:20", "厦门", "顺丰速运已收取快件"),
            ],
        },
    },
    {
        "order_id": "XH202611100010",
        "status": "delivered",
        "created_at": "2026-11-10 12:00",
        "items": [_item("电动牙刷 T2", 1, 269.0)],
        "receiver": "郑爽",
        "phone": "13655554444",
        "address": "重庆市渝中区解放碑步行街 99 号",
        "logistics": {
            "carrier": "韵达快递",
            "tracking_no": "YD3344556677889",
            "events": [
                _event("2026-11-13 17:45", "重庆", "快件已签收，签收人：家人"),
                _event("2026-11-12 08:30", "重庆", "快件已到达【重庆渝中营业部】"),
            ],
        },
    },
]

REFUNDS: list[dict[str, Any]] = [
    {
        "refund_id": "RF202611140001",
        "order_id": "XH202611100010",
        "reason": "质量问题",
        "amount": 269.0,
        "status": "approved",
        "created_at": "2026-11-14 10:00",
    },
]
