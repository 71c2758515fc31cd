"""What the customer wants this turn: intent, slots and mood, from the NLU model and the lexicon."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol

from kefu.nlu import Prediction
from kefu.nlu.sentiment import sentiment

NO_INTENT = "none"


class IntentModel(Protocol):
    """The NLU model as the dialogue layer uses it (`kefu.nlu.NluModel` is one)."""

    def predict(self, text: str) -> Prediction: ...  # pragma: no cover


@dataclass(frozen=True)
class Slot:
    type: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Understanding:
    intent: str  # an intent id, or "none" when the model is not confident
    confidence: float
    slots: list[Slot] = field(default_factory=list)
    sentiment: float = 0.0

    def sure(self, threshold: float) -> bool:
        """Confident enough to act on: start a task, hand over, chat."""
        return self.intent != NO_INTENT and self.confidence >= threshold

    def slot_values(self) -> dict[str, str]:
        """The first value of each slot type."""
        values: dict[str, str] = {}
        for slot in self.slots:
            values.setdefault(slot.type, slot.value)
        return values


class Understander:
    """Runs the NLU model off the event loop; without a model every turn is intent "none"."""

    def __init__(self, model: IntentModel | None) -> None:
        self.model = model

    async def understand(self, text: str) -> Understanding:
        mood = sentiment(text)
        if self.model is None:
            return Understanding(NO_INTENT, 0.0, [], mood)
        prediction = await asyncio.to_thread(self.model.predict, text)
        slots = [Slot(s.type, s.value, s.start, s.end) for s in prediction.slots]
        return Understanding(prediction.intent, prediction.confidence, slots, mood)
