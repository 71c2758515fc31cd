"""A loaded flow and the book of all flows: slot filling, confirmation, the action, the reply.

Everything here is pure: the caller keeps the slots, the slot asked for and whether a
confirmation is pending, and passes them back in on the next turn.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import httpx
from jinja2 import TemplateError

from kefu.dialog.flows.action import call
from kefu.dialog.flows.spec import ErrorReplies, FlowSpec, SlotSpec, Text
from kefu.dialog.flows.templates import Template, render_tree, url_context
from kefu.dialog.flows.validators import SlotValidator

log = logging.getLogger(__name__)

Status = Literal["ok", "not_found", "down", "timeout", "bad_response", "rejected"]
FAILURES: frozenset[Status] = frozenset({"down", "timeout", "bad_response"})
_DEFAULT_ERRORS = ErrorReplies()


@dataclass(frozen=True)
class FillResult:
    """The slots after a turn, what was wrong, what to ask next.

    `prompt` is the text to send (invalid-value messages, then the question for
    `next_missing`); None means every required slot is filled and nothing was wrong.
    """

    slots: dict[str, str]
    invalid: list[tuple[str, str]]
    next_missing: str | None
    prompt: str | None

    @property
    def ready(self) -> bool:
        return self.next_missing is None


@dataclass(frozen=True)
class ActionOutcome:
    """What the business system said, as a reply for the customer.

    `ok` only for `status == "ok"`; `not_found` and `rejected` are answers the customer can act
    on, `failed` (down, timeout, bad_response) is where the caller offers a person.
    """

    ok: bool
    reply: str
    status: Status
    data: Any | None = None  # the JSON response, when there was one
    elapsed_ms: float = 0.0
    http_status: int | None = None
    attempts: int = 0

    @property
    def failed(self) -> bool:
        return self.status in FAILURES


@dataclass(frozen=True)
class TextTemplates:
    zh: Template
    en: Template

    def pick(self, lang: str) -> Template:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class CompiledSlot:
    spec: SlotSpec
    validator: SlotValidator
    prompt: TextTemplates
    invalid: TextTemplates
    searches_text: bool  # look for a value in any message, not only in answers to its prompt


@dataclass(frozen=True, repr=False)
class Flow:
    """One task flow, compiled by `load_flows`."""

    spec: FlowSpec
    path: Path
    slots: tuple[CompiledSlot, ...]
    url: Template
    params: dict[str, Template]
    body: Any  # the JSON body template, string leaves compiled
    reply: TextTemplates
    errors: dict[str, TextTemplates]
    confirm: TextTemplates | None
    yes_words: tuple[str, ...] = ()
    no_words: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Flow({self.name!r}, path={str(self.path)!r})"

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def intents(self) -> list[str]:
        return list(self.spec.intents)

    @property
    def slot_names(self) -> list[str]:
        return [slot.spec.name for slot in self.slots]

    def missing(self, slots: Mapping[str, str]) -> list[str]:
        """Required slots without a value, in the order they are asked."""
        return [slot.spec.name for slot in self.slots if slot.spec.required and not slots.get(slot.spec.name)]

    def ready(self, slots: Mapping[str, str]) -> bool:
        return not self.missing(slots)

    def fill(
        self,
        slots: Mapping[str, str],
        new_slots: Mapping[str, str] | None = None,
        text: str = "",
        *,
        asked: str | None = None,
        lang: str = "zh",
        today: date | None = None,
    ) -> FillResult:
        """Merge this turn's values into `slots` (keyed by slot name) and say what to ask next.

        `new_slots` are the NLU's values keyed by slot type; a new valid value replaces the old
        one (a correction). When the NLU tagged nothing for the slot that was `asked`, the whole
        `text` is taken as the answer; slots whose regex declares `find` are also looked for in
        `text`. Values kept in `slots` are validated again and dropped if no longer valid.
        """
        today = today or date.today()
        new_slots = new_slots or {}
        filled: dict[str, str] = {}
        invalid: list[tuple[str, str]] = []
        for slot in self.slots:
            name = slot.spec.name
            old = slots.get(name)
            kept = slot.validator.check(old, today) if old else None
            raw = new_slots.get(slot.spec.source)
            value = slot.validator.check(raw, today) if raw else None
            rejected = raw if raw and value is None else None
            if value is None and text and (asked == name or slot.searches_text):
                value = slot.validator.find(text, today)
                if value is None and asked == name and rejected is None:
                    rejected = _shortened(text.strip())
            if value is not None:
                filled[name] = value
            elif kept is not None:
                filled[name] = kept
            if value is None and rejected:
                invalid.append((name, self._render_text(slot.invalid, lang, {**filled, "value": rejected})))
        missing = self.missing(filled)
        next_missing = missing[0] if missing else None
        parts = [message for _, message in invalid]
        if next_missing is not None and next_missing not in {name for name, _ in invalid}:
            slot = self._slot(next_missing)
            parts.append(self._render_text(slot.prompt, lang, filled))
        return FillResult(filled, invalid, next_missing, "\n".join(parts) if parts else None)

    def prompt_for(self, name: str, slots: Mapping[str, str], lang: str = "zh") -> str:
        """The question that asks for slot `name`."""
        return self._render_text(self._slot(name).prompt, lang, slots)

    def confirmation(self, slots: Mapping[str, str], lang: str = "zh") -> str | None:
        """The yes/no question to ask before acting; None when the flow acts without asking."""
        if self.confirm is None:
            return None
        return self._render_text(self.confirm, lang, slots)

    def read_confirmation(self, text: str) -> bool | None:
        """True for a yes, False for a no ("不对", "cancel"), None when the answer is neither."""
        folded = unicodedata.normalize("NFKC", text).casefold().strip(" 。.!！?？,，~～")
        words = set(folded.replace(",", " ").replace("，", " ").split())
        for choice, vocabulary in ((True, self.yes_words), (False, self.no_words)):
            if folded in vocabulary:
                return choice

        def said(word: str) -> bool:
            return word in words if word.isascii() else word in folded

        if any(said(word) for word in self.no_words):
            return False
        if any(said(word) for word in self.yes_words):
            return True
        return None

    def cancelled(self, lang: str = "zh") -> str:
        """What to say when the customer answers no to the confirmation."""
        return (self.spec.confirm.cancelled if self.spec.confirm else _DEFAULT_CANCELLED).pick(lang)

    async def run(
        self, slots: Mapping[str, str], client: httpx.AsyncClient, lang: str = "zh"
    ) -> ActionOutcome:
        """Call the business system and word its answer; never raises for the system's trouble.

        Raises ValueError only when a required slot is missing (the caller's mistake).
        """
        missing = self.missing(slots)
        if missing:
            raise ValueError(f"flow {self.name}: required slots missing: {', '.join(missing)}")
        context = self._context(slots)
        started = time.perf_counter()
        try:
            url = self.url.render(url_context(context))
            params = {key: template.render(context) for key, template in self.params.items()}
            body = render_tree(self.body, context)
        except TemplateError as exc:
            log.error("flow %s: the request does not render: %s", self.name, exc)
            return self._failure("bad_response", context, lang, started)
        exchange = await call(self.spec.action, client, url, params, body)
        if exchange.outcome != "answered" or exchange.response is None:
            log.warning("flow %s: %s after %d attempt(s): %s", self.name, exchange.outcome, exchange.attempts,
                        exchange.error)  # fmt: skip
            code = exchange.response.status_code if exchange.response is not None else None
            status: Status = "timeout" if exchange.outcome == "timeout" else "down"
            return self._failure(status, context, lang, started, code, exchange.attempts)
        response = exchange.response
        action = self.spec.action
        data = _json(response)
        answer = {"http_status": response.status_code, "attempts": exchange.attempts}
        if response.status_code in action.not_found:
            return self._failure("not_found", {**context, "response": data or {}}, lang, started, **answer)
        if response.status_code in action.rejected:
            return self._failure("rejected", {**context, "response": data or {}}, lang, started, **answer)
        if response.status_code not in action.expect or data is None:
            log.warning("flow %s: unexpected answer HTTP %d %r", self.name, response.status_code,
                        response.text[:200])  # fmt: skip
            return self._failure("bad_response", context, lang, started, **answer)
        try:
            reply = self.reply.pick(lang).render({**context, "response": data})
        except Exception as exc:  # a template over foreign data fails in many ways (undefined, a str + 1)
            log.warning("flow %s: the answer lacks what the reply needs: %s", self.name, exc)
            return self._failure("bad_response", context, lang, started, **answer)
        return ActionOutcome(True, reply, "ok", data, _ms(started), **answer)

    def _failure(
        self,
        status: Status,
        context: Mapping[str, Any],
        lang: str,
        started: float,
        http_status: int | None = None,
        attempts: int = 0,
    ) -> ActionOutcome:
        templates = self.errors[status]
        try:
            reply = templates.pick(lang).render({"response": {}, **context})
        except Exception:  # e.g. a not-found reply that reads a field this answer lacks
            reply = getattr(_DEFAULT_ERRORS, status).pick(lang)
        data = context.get("response") or None
        return ActionOutcome(False, reply, status, data, _ms(started), http_status, attempts)

    def _context(self, slots: Mapping[str, str]) -> dict[str, Any]:
        return {name: slots.get(name) for name in self.slot_names}

    def _slot(self, name: str) -> CompiledSlot:
        for slot in self.slots:
            if slot.spec.name == name:
                return slot
        raise KeyError(f"flow {self.name} has no slot {name!r}")

    def _render_text(self, templates: TextTemplates, lang: str, values: Mapping[str, Any]) -> str:
        context = {**self._context(values), **{k: v for k, v in values.items() if k not in self.slot_names}}
        return templates.pick(lang).render(context)


_DEFAULT_CANCELLED = Text(zh="好的，已为您取消本次操作。", en="OK, I've cancelled that.")


def _shortened(text: str, limit: int = 30) -> str:
    """A rejected answer as quoted back to the customer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json(response: httpx.Response) -> Any | None:
    try:
        return response.json()
    except ValueError:
        return None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


@dataclass(frozen=True)
class FlowBook:
    """Every loaded flow, by name and by trigger intent."""

    flows: dict[str, Flow] = field(default_factory=dict)

    def for_intent(self, intent: str | None) -> Flow | None:
        """The flow that `intent` starts, if any."""
        for flow in self.flows.values():
            if intent in flow.spec.intents:
                return flow
        return None

    def get(self, name: str) -> Flow | None:
        return self.flows.get(name)

    @property
    def intents(self) -> set[str]:
        return {intent for flow in self.flows.values() for intent in flow.spec.intents}

    def __iter__(self) -> Iterator[Flow]:
        return iter(self.flows.values())

    def __len__(self) -> int:
        return len(self.flows)

    def __contains__(self, name: object) -> bool:
        return name in self.flows
