"""The pipeline's decisions and its numbers check, with a fake LLM."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

import pytest

from kefu.config import Settings
from kefu.dialog.pipeline import TurnPipeline, TurnResult
from kefu.dialog.runtime import open_knowledge_layer
from kefu.dialog.state import DialogState, DialogTurn
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.errors import InvalidInput

pytestmark = pytest.mark.anyio


@contextlib.asynccontextmanager
async def pipeline(settings: Settings, answer: str) -> AsyncIterator[tuple[TurnPipeline, FakeEngine]]:
    engine = FakeEngine(lambda messages, params: answer)
    async with open_knowledge_layer(settings) as (_database, knowledge):
        yield TurnPipeline(settings, engine, knowledge.service), engine


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
    async with pipeline(settings, "不该被调用") as (p, engine):
        _, result = await collect(p, "你们支持七天无理由退货吗？")
        assert result.route == "faq" and "7天" in result.reply and not engine.calls
        assert result.citations[0].id == "faq-return-001"


async def test_handoff_and_greeting_are_decided_in_code(settings: Settings) -> None:
    async with pipeline(settings, "x") as (p, engine):
        _, handoff = await collect(p, "别废话了，我要找人工客服")
        assert handoff.route == "handoff" and handoff.handoff and handoff.intent == "human_agent"
        _, english = await collect(p, "I want to talk to a real person")
        assert english.handoff and english.language == "en"
        _, greeting = await collect(p, "你好！")
        assert greeting.route == "chitchat" and not engine.calls


async def test_out_of_scope_is_refused_without_the_llm(settings: Settings) -> None:
    async with pipeline(settings, "月亮啊月亮") as (p, engine):
        _, result = await collect(p, "帮我写一首关于月亮的诗")
        assert result.route == "refuse" and "转人工" in result.reply and not engine.calls


async def test_rag_streams_sentences_and_passes_only_retrieved_facts(settings: Settings) -> None:
    async with pipeline(settings, "送修前请备份数据[1]。还要退出云账号并关闭查找设备功能[1]。") as (
        p,
        engine,
    ):
        pieces, result = await collect(
            p,
            "What should I prepare before sending my phone in for repair? Do I need to sign out of my cloud account?",
        )
        assert result.route == "rag" and result.grounded
        assert pieces == ["送修前请备份数据[1]。", "还要退出云账号并关闭查找设备功能[1]。"]
        first_source = engine.calls[0][-1].content.split("[2]")[0]
        assert len(result.citations) == 1 and result.citations[0].title in first_source  # [1] is cited
        assert "云账号" in engine.calls[0][-1].content  # the retrieved facts travel with the question


async def test_an_invented_number_is_replaced_by_the_source_text(settings: Settings) -> None:
    question = "Before I send my phone in for repair, do I need to back up my data and sign out of my cloud account?"
    async with pipeline(settings, "送修前请备份数据。维修一般5小时就能修好。") as (p, _):
        pieces, result = await collect(p, question)
        assert not result.grounded
        assert pieces[0] == "送修前请备份数据。"
        assert "5小时" not in result.reply and "relevant text from our knowledge base" in result.reply
        quoted = result.reply.split("knowledge base:\n", 1)[1]
        best = (await p.knowledge.search("default", question, top_k=1))[0].passage
        assert best.text in quoted and "5小时" not in best.text  # the first source, verbatim


async def test_a_follow_up_uses_the_previous_question(settings: Settings) -> None:
    async with pipeline(settings, "好的。") as (p, _engine):
        state = DialogState(
            history=[
                DialogTurn(role="user", text="我想退货，运费谁出？"),
                DialogTurn(role="assistant", text="无理由退货寄回运费由您承担。"),
            ]
        )
        _, alone = await collect(p, "那如果是质量问题呢？")
        _, result = await collect(p, "那如果是质量问题呢？", state)
        assert alone.route in ("clarify", "refuse")  # on its own, the question is too vague
        assert result.route == "faq" and result.citations[0].id == "faq-return-003"  # 退货运费谁出


async def test_the_llm_sees_the_history_and_the_retrieved_facts(settings: Settings) -> None:
    async with pipeline(settings, "OK.") as (p, engine):
        state = DialogState(
            history=[
                DialogTurn(role="user", text="My phone screen is faulty."),
                DialogTurn(role="assistant", text="Sorry to hear that."),
            ]
        )
        _, result = await collect(p, "How do I send it for repair under warranty?", state)
        assert result.route == "rag"
        sent: Sequence[ChatMessage] = engine.calls[0]
        assert [m.role for m in sent] == ["system", "user", "assistant", "user"]
        assert "维修" in sent[-1].content


async def test_an_english_question_finds_the_chinese_faq_not_a_glossary_match(settings: Settings) -> None:
    # Through the glossary every word of the question is in the payment policy (coverage 1.0);
    # across languages only the sentence vectors count, and they point at the FAQ entry.
    async with pipeline(settings, "WeChat Pay, Alipay and UnionPay cards [1].") as (p, engine):
        _, result = await collect(p, "What payment methods do you accept?")
        assert result.route == "rag" and result.citations[0].id == "faq-pay-001"
        _, unrelated = await collect(p, "What's the capital of Australia?")
        assert unrelated.route == "refuse" and len(engine.calls) == 1


async def test_a_homophone_typo_reaches_the_faq_it_means(settings: Settings) -> None:
    async with pipeline(settings, "x") as (p, _):
        _, typo = await collect(p, "笔记本保休几年啊")
        _, right = await collect(p, "笔记本保修几年啊")
        assert typo.route == right.route == "faq" and typo.citations[0].id == "faq-warranty-001"


async def test_bad_text_is_refused_before_anything_runs(settings: Settings) -> None:
    async with pipeline(settings, "x") as (p, engine):
        with pytest.raises(InvalidInput, match="empty"):
            await collect(p, "  \n ")
        with pytest.raises(InvalidInput) as error:
            await collect(p, "好" * (settings.max_input_chars + 1))
        assert error.value.status == 413 and not engine.calls


def test_generation_params_follow_settings(settings: Settings) -> None:
    assert GenerationParams().max_tokens == settings.max_reply_tokens
