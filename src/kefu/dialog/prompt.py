"""The messages sent to the engine: instructions, retrieved facts, history, the question.

The stable system prompt comes first so the engine's prompt cache reuses it; the facts
travel with the question at the end. Everything is fitted into the context window by
dropping the oldest history, then shortening the facts, never by an engine error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from kefu.dialog.state import DialogTurn
from kefu.engine.base import ChatMessage
from kefu.knowledge.passage import Passage
from kefu.knowledge.text import is_chinese

SYSTEM_PROMPT = (
    "你是一名专业、礼貌的在线客服助手。只根据“参考资料”回答顾客的问题，"
    "不要编造资料中没有的数字、时间、金额或政策。回答简洁，一般不超过三句话。"
    "在所依据的句子末尾用方括号标注参考资料的编号，例如[1]。"
    "顾客用什么语言提问，就用什么语言回答。"
)

# Which instructions an answer was written under, for its audit record.
PROMPT_VERSION = hashlib.sha256(SYSTEM_PROMPT.encode()).hexdigest()[:12]

# A customer's message is kept whole up to this; beyond, its beginning and end (prompt
# processing dominates latency on a CPU, and the question is usually at the end).
QUESTION_TOKENS = 600

# Per-message overhead of the chat template (<|im_start|>role\n ... <|im_end|>\n).
_MESSAGE_OVERHEAD = 6


def estimate_tokens(text: str) -> int:
    """An upper estimate for BPE tokenizers: one token per CJK character, one per 3 other characters."""
    cjk = sum(1 for c in text if "\u3000" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return cjk + (len(text) - cjk + 2) // 3 + _MESSAGE_OVERHEAD


def render_facts(passages: Sequence[Passage], budget_tokens: int) -> str:
    parts: list[str] = []
    for number, passage in enumerate(passages, start=1):
        body = passage.text if passage.kind == "chunk" else f"问：{passage.title}\n答：{passage.text}"
        part = f"[{number}] {passage.title if passage.kind == 'chunk' else 'FAQ'}\n{body}"
        if estimate_tokens("\n\n".join([*parts, part])) > budget_tokens:
            break
        parts.append(part)
    return "\n\n".join(parts)


def question_message(question: str, facts: str) -> str:
    if is_chinese(question):
        return f"参考资料：\n{facts}\n\n顾客问题：{question}"
    return f"参考资料 (reference, in Chinese):\n{facts}\n\nCustomer question: {question}\nAnswer in English."


def build_messages(
    question: str, passages: Sequence[Passage], history: Sequence[DialogTurn], budget_tokens: int
) -> list[ChatMessage]:
    """Fit instructions, facts, as much recent history as room allows, and the question."""
    question = _shorten(question, min(budget_tokens // 2, QUESTION_TOKENS))
    fixed = estimate_tokens(SYSTEM_PROMPT) + estimate_tokens(question_message(question, ""))
    facts = render_facts(passages, max(0, (budget_tokens - fixed) * 2 // 3))
    room = budget_tokens - fixed - estimate_tokens(facts)
    kept: list[ChatMessage] = []
    for turn in reversed(history):
        cost = estimate_tokens(turn.text)
        if cost > room:
            break
        room -= cost
        kept.insert(0, ChatMessage(turn.role, turn.text))
    if kept and kept[0].role == "assistant":  # a dialogue starts with the customer
        kept.pop(0)
    return [
        ChatMessage("system", SYSTEM_PROMPT),
        *kept,
        ChatMessage("user", question_message(question, facts)),
    ]


def _shorten(text: str, budget_tokens: int) -> str:
    """Keep the beginning and the end of an over-long message (the question is usually at the end)."""
    if estimate_tokens(text) <= budget_tokens:
        return text
    keep = max(16, budget_tokens // 2)
    return f"{text[:keep]}……{text[-keep:]}"
