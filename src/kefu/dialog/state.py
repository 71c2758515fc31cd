"""The seed's DialogState: what kefu remembers of a conversation between turns.

It is stored as JSON with the conversation after every turn, so a restart loses nothing: a
form half filled before the restart asks for its next slot after it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class DialogTurn(BaseModel):
    role: Literal["user", "assistant"]
    text: str


class FormState(BaseModel):
    """A task flow being filled in: which flow, what it has, what it waits for."""

    flow: str
    slots: dict[str, str] = Field(default_factory=dict)
    awaiting: str | None = None  # the slot whose prompt was asked last
    confirming: bool = False  # the action waits for the customer's yes/no
    asked: int = 0  # prompts asked; a form that never fills is given up
    offered: bool = False  # offered after a FAQ answer: dropped, not resumed, if the customer moves on


class DialogState(BaseModel):
    """History, intent, slots, the active form and the counters the handoff rules read."""

    history: list[DialogTurn] = Field(default_factory=list)
    current_intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)  # the latest value of each slot type, across turns
    active_form: FormState | None = None
    last_flow: str | None = None  # the flow that ran last, for corrections ("不对，是 XH…")
    turn_count: int = 0
    failed_turns: int = 0  # consecutive turns kefu could not serve (clarify, refuse, failed action)
    sentiment: float = 0.0  # of the last customer message, -1 (angry) … 1 (happy)
    evidence: list[str] = Field(default_factory=list)  # ids of passages answers used lately

    @classmethod
    def load(cls, stored: dict[str, Any] | None) -> DialogState:
        return cls.model_validate(stored or {})


class TurnOutcome(BaseModel):
    """What a turn changes in the state, decided by the pipeline."""

    intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    active_form: FormState | None = None
    last_flow: str | None = None
    failed: bool = False
    sentiment: float = 0.0
    evidence: list[str] = Field(default_factory=list)


EVIDENCE_KEPT = 10


def next_state(
    state: DialogState, question: str, reply: str, outcome: TurnOutcome, keep_turns: int
) -> DialogState:
    """The state once this turn is answered; history keeps the last `keep_turns` exchanges."""
    history = [
        *state.history,
        DialogTurn(role="user", text=question),
        DialogTurn(role="assistant", text=reply),
    ]
    return DialogState(
        history=history[-2 * keep_turns :] if keep_turns else [],
        current_intent=outcome.intent or state.current_intent,
        slots={**state.slots, **outcome.slots},
        active_form=outcome.active_form,
        last_flow=outcome.last_flow or state.last_flow,
        turn_count=state.turn_count + 1,
        failed_turns=state.failed_turns + 1 if outcome.failed else 0,
        sentiment=outcome.sentiment,
        evidence=[*state.evidence, *outcome.evidence][-EVIDENCE_KEPT:],
    )
