"""When a conversation goes to a person: the four triggers of the handoff rules.

- `explicit`: the customer asks for a person ("转人工", "human please"), by the phrase rules
  or the NLU intent `human_agent`;
- `sensitive_intent`: an intent the company wants people to handle (`handoff_intents`,
  default: complaints), when the model is sure and the message sounds unhappy;
- `negative_sentiment`: the customer is clearly upset (`handoff_sentiment`);
- `failed_turns`: kefu could not help N turns in a row (`handoff_after_failed_turns`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kefu.dialog.routing import ABOUT_HUMAN_SERVICE, HANDOFF
from kefu.dialog.state import DialogState
from kefu.dialog.understanding import Understanding

HUMAN_INTENT = "human_agent"


@dataclass(frozen=True)
class HandoffRules:
    after_failed_turns: int = 2  # 0: never for this reason
    sentiment_below: float = -0.6
    intents: frozenset[str] = frozenset({"complaint"})
    intent_confidence: float = 0.8  # the NLU must be this sure before its intent hands over


def asks_for_person(question: str, understanding: Understanding, rules: HandoffRules) -> bool:
    if ABOUT_HUMAN_SERVICE.search(question):  # "人工客服几点上班" is a question, not a request
        return False
    if HANDOFF.search(question):
        return True
    return understanding.intent == HUMAN_INTENT and understanding.sure(rules.intent_confidence)


def handoff_reason(question: str, understanding: Understanding, rules: HandoffRules) -> str | None:
    """Why this message goes to a person at once, or None."""
    if asks_for_person(question, understanding, rules):
        return "explicit"
    if (
        understanding.intent in rules.intents
        and understanding.sure(rules.intent_confidence)
        and understanding.sentiment < 0  # the words agree: "有啥新人福利" read as a complaint is not one
    ):
        return "sensitive_intent"
    if understanding.sentiment <= rules.sentiment_below:
        return "negative_sentiment"
    return None


def too_many_failures(state: DialogState, rules: HandoffRules) -> bool:
    """True when this failed turn makes `after_failed_turns` in a row."""
    return rules.after_failed_turns > 0 and state.failed_turns + 1 >= rules.after_failed_turns
