"""`KEFU_ENGINE=fake`: the fake engine a real `kefu serve` can run on (browser tests, screenshots)."""

from __future__ import annotations

import pytest

from kefu.config import load_settings
from kefu.dialog.prompt import build_messages
from kefu.engine.base import GenerationParams
from kefu.engine.registry import create_engine
from kefu.knowledge.passage import Passage


def passage(kind: str, title: str, text: str) -> Passage:
    return Passage(id="p1", kb="default", source="faq.csv", title=title, text=text, kind=kind)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("fact", "reply"),
    [
        (passage("faq", "怎么开发票？", "下单时可以直接选择开票。\n其余见帮助中心。"), "下单时可以直接选择开票。[1]"),
        (passage("chunk", "保修政策", "电池保修 6 个月。\n配件 3 个月。"), "电池保修 6 个月。[1]"),
    ],
)
async def test_it_answers_with_the_first_fact_cited(fact: Passage, reply: str) -> None:
    engine = create_engine(load_settings(engine="fake"))
    messages = build_messages("怎么开发票", [fact], [], 2000)
    pieces = [delta.text async for delta in engine.stream(messages, GenerationParams())]
    assert "".join(pieces) == reply and len(pieces) > 2  # streamed piece by piece


@pytest.mark.anyio
async def test_without_facts_it_says_ok() -> None:
    engine = create_engine(load_settings(engine="fake"))
    pieces = [d.text async for d in engine.stream(build_messages("你好", [], [], 2000), GenerationParams())]
    assert "".join(pieces) == "好的。"
