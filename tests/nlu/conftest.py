"""A tiny Chinese data set (a few dozen utterances, three intents and an out-of-scope class) and a
model trained on it once per session: real torch, real CRF, a few seconds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kefu.nlu import NluModel
from kefu.nlu.model import ModelConfig
from kefu.nlu.train import TrainOptions, train

ORDER_IDS = [
    "XH202611250001",
    "XH202611250417",
    "XH202610310099",
    "XH202612010123",
    "XH202611111111",
    "XH202609090909",
]
ADDRESSES = [
    "北京市朝阳区建国路88号",
    "上海市浦东新区世纪大道100号",
    "杭州市西湖区文三路5号",
    "广州市天河区体育西路9号",
]
LOGISTICS = [
    "我的订单{o}到哪了",
    "帮我查下{o}的物流",
    "{o}这个单子发货了没",
    "订单{o}的快递到哪里了",
    "查一下物流，单号{o}",
]
ADDRESS = ["把订单{o}的地址改成{a}", "{o}收货地址改为{a}", "地址填错了，改到{a}", "帮我把地址换成{a}吧"]
CHITCHAT = ["你好", "谢谢你", "再见", "在吗", "好的谢谢", "早上好", "辛苦了", "拜拜"]
OOS = ["今天天气怎么样", "股票明天会涨吗", "帮我写一篇作文", "讲个笑话", "附近有什么好吃的", "世界杯谁赢了"]


def record(template: str, intent: str, order_id: str = "", address: str = "") -> dict[str, Any]:
    """A JSONL record with the slots' character offsets computed from the template."""
    text, slots = "", []
    for piece in template.replace("{o}", "\0o\0").replace("{a}", "\0a\0").split("\0"):
        value, kind = {"o": (order_id, "order_id"), "a": (address, "address")}.get(piece, (piece, ""))
        if kind:
            slots.append({"start": len(text), "end": len(text) + len(value), "type": kind})
        text += value
    return {"text": text, "intent": intent, "slots": slots}


def tiny_records(
    ids: list[str], addresses: list[str], chat: list[str], oos: list[str]
) -> list[dict[str, Any]]:
    records = []
    for i, order_id in enumerate(ids):
        records += [record(template, "logistics", order_id) for template in LOGISTICS]
        for j, template in enumerate(ADDRESS):
            records.append(record(template, "change_address", order_id, addresses[(i + j) % len(addresses)]))
    records += [record(t, "chitchat") for t in chat] + [record(t, "oos") for t in oos]
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nlu-data")
    # Dev and test have new order ids and new small talk; addresses are those of train: a few
    # dozen sentences teach the model shapes, not Chinese geography (test_demo_model measures that).
    write_jsonl(folder / "train.jsonl", tiny_records(ORDER_IDS[:4], ADDRESSES, CHITCHAT[:6], OOS[:4]))
    write_jsonl(folder / "dev.jsonl", tiny_records(ORDER_IDS[4:5], ADDRESSES[1:], CHITCHAT[6:], OOS[4:5]))
    write_jsonl(folder / "test.jsonl", tiny_records(ORDER_IDS[5:], ADDRESSES[1:], CHITCHAT[6:], OOS[5:]))
    return folder


TINY_OPTIONS = TrainOptions(
    epochs=25,
    patience=25,
    batch_size=8,
    learning_rate=5e-3,
    threads=1,
    model=ModelConfig(word_dim=32, hidden=48, char_filters=16),
)


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nlu-model") / "model"
    train(tiny_data, out, TINY_OPTIONS)
    return out


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir: Path) -> NluModel:
    return NluModel.load(tiny_model_dir)
