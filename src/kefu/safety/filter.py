"""The two filters around the LLM: what a customer sends, and what the bot is about to say.

`InputFilter.check` runs the rule lists and the injection classifier and masks personal
data, giving a `Verdict` (`allow | flag | block`). `OutputFilter.check` looks at a reply
before it is sent: the system prompt must not leak, personal data may only be the
customer's own (or the knowledge base's, like a hotline), and no blocked content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from kefu.safety.classifier import InjectionClassifier
from kefu.safety.leakage import PromptLeakDetector
from kefu.safety.masking import Masked, Masker, VaultEntry, normalise
from kefu.safety.pii import Entity, detect_pii
from kefu.safety.rules import RuleHit

Action = Literal["allow", "flag", "block"]


class Rules(Protocol):
    """The rule lists (`RuleSet`, or `ReloadingRules` that follows its files)."""

    def check(self, text: str) -> list[RuleHit]: ...


_SEVERITY: dict[str, int] = {"allow": 0, "flag": 1, "block": 2}


@dataclass(frozen=True)
class Verdict:
    """A filter's judgement of one text."""

    verdict: Action = "allow"
    categories: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    masked: str = ""
    entities: tuple[Entity, ...] = ()
    tokens: tuple[VaultEntry, ...] = field(default=(), repr=False)  # sealed originals to store
    attack_probability: float | None = None

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"

    def public(self) -> dict[str, Any]:
        """As `kefu safety check --json` and `POST /v1/safety/check` show it."""
        return {
            "blocked": self.blocked,
            "verdict": self.verdict,
            "categories": list(self.categories),
            "reasons": list(self.reasons),
            "masked": self.masked,
            "entities": [{"type": e.type, "start": e.start, "end": e.end} for e in self.entities],
            "attack_probability": self.attack_probability,
        }


class _Judgement:
    """Collects (action, category, reason) findings into one verdict."""

    def __init__(self) -> None:
        self.action: Action = "allow"
        self.categories: list[str] = []
        self.reasons: list[str] = []

    def add(self, action: Action, category: str, reason: str) -> None:
        if _SEVERITY[action] > _SEVERITY[self.action]:
            self.action = action
        if category not in self.categories:
            self.categories.append(category)
        self.reasons.append(reason)


class InputFilter:
    """Rules, then the classifier; personal data masked in every verdict."""

    def __init__(self, rules: Rules, classifier: InjectionClassifier, masker: Masker) -> None:
        self.rules = rules
        self.classifier = classifier
        self.masker = masker

    def check(self, text: str) -> Verdict:
        judgement = _Judgement()
        for hit in self.rules.check(text):
            judgement.add(hit.action, hit.category, hit.reason)
        score = self.classifier.score(text)
        probability = round(score.attack_probability, 4)
        action = self.classifier.action(score)
        if action is not None:
            judgement.add(
                "block" if action == "block" else "flag",
                score.category,
                f"classifier: {score.category} (p={probability:.2f})",
            )
        masked = self.masker.mask(text)
        return _verdict(judgement, masked, probability)


class OutputFilter:
    """Checks a reply (or a sentence of a streamed one) before it is sent."""

    def __init__(self, rules: Rules, instructions: Iterable[str], masker: Masker) -> None:
        self.rules = rules
        self.leaks = PromptLeakDetector(instructions)
        self.masker = masker

    @staticmethod
    def known(texts: Iterable[str]) -> frozenset[str]:
        """The personal data a reply may repeat: what these texts (the customer's messages, the
        passages and business answers the reply rests on) contain, normalised."""
        return frozenset(normalise(e.type, e.value) for text in texts for e in detect_pii(text))

    def check(self, reply: str, known: frozenset[str] = frozenset()) -> Verdict:
        """`known`: from `OutputFilter.known`, computed once per turn."""
        judgement = _Judgement()
        if self.leaks.leaks(reply):
            judgement.add("block", "system_prompt_leak", "the reply repeats the system prompt")
        for hit in self.rules.check(reply):
            if hit.action == "block":
                judgement.add("block", hit.category, hit.reason)
        for entity in detect_pii(reply):
            if normalise(entity.type, entity.value) not in known:
                judgement.add("block", "pii_leak", f"personal data ({entity.type}) the customer did not give")
        return _verdict(judgement, self.masker.mask(reply), None)


def _verdict(judgement: _Judgement, masked: Masked, probability: float | None) -> Verdict:
    return Verdict(
        judgement.action,
        tuple(judgement.categories),
        tuple(judgement.reasons),
        masked.text,
        tuple(masked.entities),
        tuple(masked.tokens),
        probability,
    )
