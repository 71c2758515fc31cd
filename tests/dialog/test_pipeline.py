"""The pipeline's decisions and its numbers check, with a fake LLM."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kefu.config import Settings
from kefu.dialog.pipeline import TurnPipeline, TurnResult
from kefu.dialog.state import DialogState, DialogTurn
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.errors import InvalidInput
from kefu.knowledge.bases import KnowledgeBases

pytestmark = pytest.mark.anyio


def pipeline(settings: Settings, answer: str) -> tuple[TurnPipeline, FakeEngine]:
    engine = FakeEngine(lambda messages, params: answer)
    return TurnPipeline(settings, engine, KnowledgeBases.load(settings.data_dir, "default")), engine


async def collect(
    p: TurnPipeline, text: str, state: DialogState | None = None
) -> tuple[list[str], TurnResult]:
    pieces: list[str] = []
    async for event in p.stream(text, state or DialogState(), "default"):
        if isinstance(event, TurnResult):
            return pieces, event
        pieces.append(event)
    raise AssertionError("no result")


async def test_faq_is_answered_verbatim_without_the_llm(settings: Settings) -> None:
    p, engine = pipeline(settings, "不该被调用")
    _, result = await collect(p, "你们支持七天无理由退货吗？")
    assert result.route == "faq" and "7天" in result.reply and not engine.calls
    assert result.citations[0].id == "faq-return-001"


async def test_handoff_and_greeting_are_decided_in_code(settings: Settings) -> None:
    p, engine = pipeline(settings, "x")
    _, handoff = await collect(p, "别废话了，我要找人工客服")
    assert handoff.route == "handoff" and handoff.handoff and handoff.intent == "handoff"
    _, english = await collect(p, "I want to talk to a real person")
    assert english.handoff and english.language == "en"
    _, greeting = await collect(p, "你好！")
    assert greeting.route == "greeting" and not engine.calls


async def test_out_of_scope_falls_back_without_the_llm(settings: Settings) -> None:
    p, engine = pipeline(settings, "月亮啊月亮")
    _, result = await collect(p, "帮我写一首关于月亮的诗")
    assert result.route == "fallback" and "转人工" in result.reply and not engine.calls


async def test_rag_streams_sentences_and_passes_only_retrieved_facts(settings: Settings) -> None:
    p, engine = pipeline(settings, "耳机拆封后不支持七天无理由退货。如有质量问题，可在签收15天内换货。")
    pieces, result = await collect(p, "我的耳机已经拆封了还能退吗？")
    assert result.route == "rag" and result.grounded
    assert pieces == ["耳机拆封后不支持七天无理由退货。", "如有质量问题，可在签收15天内换货。"]
    assert "耳机" in engine.calls[0][-1].content  # the retrieved facts travel with the question


async def test_an_invented_number_is_replaced_by_the_source_text(settings: Settings) -> None:
    p, _ = pipeline(settings, "耳机拆封后不能无理由退货。退款一般5小时到账。")
    pieces, result = await collect(p, "我的耳机已经拆封了还能退吗？")
    assert not result.grounded
    assert pieces[0] == "耳机拆封后不能无理由退货。"
    assert "5小时" not in result.reply and "以下是相关规定的原文" in result.reply


async def test_a_follow_up_uses_the_previous_question(settings: Settings) -> None:
    p, engine = pipeline(settings, "好的。")
    state = DialogState(
        history=[
            DialogTurn(role="user", text="我想退货，运费谁出？"),
            DialogTurn(role="assistant", text="无理由退货寄回运费由您承担。"),
        ]
    )
    _, result = await collect(p, "那如果是质量问题呢？", state)
    assert result.route == "rag"
    sent: Sequence[ChatMessage] = engine.calls[0]
    assert [m.role for m in sent] == ["system", "user", "assistant", "user"]


async def test_bad_text_is_refused_before_anything_runs(settings: Settings) -> None:
    p, engine = pipeline(settings, "x")
    with pytest.raises(InvalidInput, match="empty"):
        await collect(p, "  \n ")
    with pytest.raises(InvalidInput) as error:
        await collect(p, "好" * (settings.max_input_chars + 1))
    assert error.value.status == 413 and not engine.calls


def test_generation_params_follow_settings(settings: Settings) -> None:
    assert GenerationParams().max_tokens == settings.max_reply_tokens
