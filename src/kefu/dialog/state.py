"""The seed's DialogState: what kefu remembers of a conversation between turns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class DialogTurn(BaseModel):
    role: Literal["user", "assistant"]
    text: str


class DialogState(BaseModel):
    """History, the current intent and the slots filled so far; stored with the conversation."""

    history: list[DialogTurn] = Field(default_factory=list)
    current_intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def load(cls, stored: dict[str, Any] | None) -> DialogState:
        return cls.model_validate(stored or {})

    def after_turn(
        self, question: str, reply: str, intent: str | None, slots: dict[str, Any], keep_turns: int
    ) -> DialogState:
        """The state once this turn is answered; history keeps the last `keep_turns` exchanges."""
        history = [
            *self.history,
            DialogTurn(role="user", text=question),
            DialogTurn(role="assistant", text=reply),
        ]
        return DialogState(
            history=history[-2 * keep_turns :] if keep_turns else [],
            current_intent=intent or self.current_intent,
            slots={**self.slots, **slots},
        )
