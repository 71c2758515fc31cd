from __future__ import annotations

from kefu.dialog.prompt import SYSTEM_PROMPT, build_messages, estimate_tokens
from kefu.dialog.state import DialogState, DialogTurn, TurnOutcome, next_state
from kefu.knowledge.passage import Passage

FACT = Passage("p1", "chunk", "退换货政策 / 七天无理由", "签收后7天内可申请无理由退货。", "returns.md")


def test_system_prompt_first_then_history_then_facts_with_question() -> None:
    history = [DialogTurn(role="user", text="你好"), DialogTurn(role="assistant", text="您好！")]
    messages = build_messages("可以退货吗？", [FACT], history, budget_tokens=3000)
    assert [m.role for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[0].content == SYSTEM_PROMPT
    assert "签收后7天内" in messages[-1].content and messages[-1].content.endswith("可以退货吗？")


def test_long_history_is_trimmed_to_the_budget_oldest_first() -> None:
    history = [
        DialogTurn(role="user" if i % 2 == 0 else "assistant", text=f"第{i}轮" + "很长的话" * 100)
        for i in range(40)
    ]
    budget = 1500
    messages = build_messages("可以退货吗？", [FACT], history, budget_tokens=budget)
    assert sum(estimate_tokens(m.content) for m in messages) <= budget
    assert messages[1].role == "user"  # history starts with the customer
    assert "第39轮" in messages[-2].content  # the newest turns survive
    assert "第0轮" not in "".join(m.content for m in messages)


def test_an_over_long_question_is_shortened_not_sent_whole() -> None:
    question = "开头" + "很" * 5000 + "结尾的问题？"
    messages = build_messages(question, [FACT], [], budget_tokens=1000)
    assert sum(estimate_tokens(m.content) for m in messages) <= 1000
    assert "开头" in messages[-1].content and "结尾的问题？" in messages[-1].content


def test_state_keeps_the_last_turns_and_merges_slots() -> None:
    state = DialogState(slots={"order_id": "A1"})
    for i in range(5):
        outcome = TurnOutcome(
            intent="order_status" if i == 0 else None, slots={"phone": "x"}, failed=i >= 3, evidence=[f"e{i}"]
        )
        state = next_state(state, f"q{i}", f"a{i}", outcome, keep_turns=2)
    assert [t.text for t in state.history] == ["q3", "a3", "q4", "a4"]
    assert state.current_intent == "order_status"
    assert state.slots == {"order_id": "A1", "phone": "x"}
    assert state.turn_count == 5 and state.failed_turns == 2
    assert state.evidence == ["e0", "e1", "e2", "e3", "e4"]
    assert DialogState.load(state.model_dump()) == state
