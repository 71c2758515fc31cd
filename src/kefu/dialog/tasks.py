"""Task turns: start a flow, fill its form over several turns, confirm, act, remember.

The flows themselves are pure (`kefu.dialog.flows`); this module keeps their progress in a
`FormState` that the dialogue state stores, so a form survives a restart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from kefu.dialog.flows import Flow, FlowBook
from kefu.dialog.state import FormState
from kefu.dialog.understanding import Understanding

CANCEL = re.compile(
    r"^\s*(?:算了|不用了|不要了|取消吧|不办了|不改了|不退了|不查了|先不|没事了|never ?mind|forget it|stop)",
    re.IGNORECASE,
)
# "另一个订单" talks about a different order: values remembered from earlier turns do not apply.
ELSEWHERE = re.compile(r"另一个|另外一个|别的|其他|其它|\banother\b|\bother\b|\bdifferent\b", re.IGNORECASE)
MAX_PROMPTS = 3  # questions without progress before the form is given up

CANCELLED = {"zh": "好的，已为您取消。还有什么可以帮您？", "en": "OK, cancelled. Anything else I can do?"}
OFFER_PERSON = {
    "zh": "如需帮助，可以输入“转人工”，由人工客服为您处理。",
    "en": 'If you need help now, type "human" and a person will take over.',
}
GIVEN_UP = {
    "zh": "抱歉，我没能拿到办理所需的信息。您可以稍后再试，或者输入“转人工”联系人工客服。",
    "en": 'Sorry, I could not get the details needed. You can try again later, or type "human" for a person.',
}


@dataclass
class TaskStep:
    """One turn of a task: the reply, the form after it (None once done) and what was learnt."""

    reply: str
    form: FormState | None
    slots: dict[str, str] = field(default_factory=dict)  # by slot type, remembered across turns
    ran: str | None = None  # the flow whose action ran this turn
    failed: bool = False  # the business system failed, or the form was given up
    status: str = "asking"  # asking | confirming | done | cancelled | failed | given_up


class TaskRunner:
    def __init__(self, flows: FlowBook, client: httpx.AsyncClient) -> None:
        self.flows = flows
        self.client = client

    def flow_for(self, intent: str | None) -> Flow | None:
        return self.flows.for_intent(intent)

    def form_flow(self, form: FormState) -> Flow | None:
        return self.flows.get(form.flow)

    async def start(
        self, flow: Flow, understanding: Understanding, text: str, remembered: Mapping[str, Any], lang: str
    ) -> TaskStep:
        """A new form, with the values this conversation already gave ("那个订单")."""
        form = FormState(flow=flow.name, slots=self._carried(flow, text, remembered))
        return await self._fill(flow, form, understanding, text, lang)

    @staticmethod
    def _carried(flow: Flow, text: str, remembered: Mapping[str, Any]) -> dict[str, str]:
        """Values of earlier turns the flow can use, unless the customer means another one."""
        if ELSEWHERE.search(text):
            return {}
        carried: dict[str, str] = {}
        for slot in flow.slots:
            value = remembered.get(slot.spec.source)
            if isinstance(value, str) and value:
                carried[slot.spec.name] = value
        return carried

    @staticmethod
    def keyed(flow: Flow, understanding: Understanding) -> bool:
        """True when the message names the flow's first slot, what it acts on ("XH… 我要退货")."""
        return bool(flow.slots) and flow.slots[0].spec.source in understanding.slot_values()

    def offer(
        self, flow: Flow, understanding: Understanding, text: str, remembered: Mapping[str, Any], lang: str
    ) -> TaskStep | None:
        """The flow's next question, to follow an answer from the knowledge base; None when this
        message and what the conversation already gave are enough to act (the task runs instead)."""
        carried = self._carried(flow, text, remembered)
        result = flow.fill(carried, understanding.slot_values(), "", lang=lang)
        if result.next_missing is None or result.prompt is None:
            return None
        form = FormState(flow=flow.name, slots=result.slots, awaiting=result.next_missing, offered=True)
        return TaskStep(result.prompt, form, _by_type(flow, result.slots))

    def answers(self, form: FormState, understanding: Understanding, text: str, lang: str) -> bool:
        """True when the message gives the open form a valid value (a bare "XH…" after "订单号？")."""
        flow = self.form_flow(form)
        if flow is None:
            return False
        result = flow.fill(form.slots, understanding.slot_values(), text, asked=form.awaiting, lang=lang)
        return not result.invalid and result.slots != form.slots

    async def advance(self, form: FormState, understanding: Understanding, text: str, lang: str) -> TaskStep:
        """The customer's answer to the form's last question."""
        flow = self.form_flow(form)
        if flow is None or CANCEL.search(text):
            return TaskStep(CANCELLED[_lang(lang)], None, status="cancelled")
        if form.confirming:
            return await self._confirm(flow, form, understanding, text, lang)
        return await self._fill(flow, form, understanding, text, lang)

    async def _fill(
        self, flow: Flow, form: FormState, understanding: Understanding, text: str, lang: str
    ) -> TaskStep:
        result = flow.fill(form.slots, understanding.slot_values(), text, asked=form.awaiting, lang=lang)
        progressed = result.slots != form.slots or form.awaiting is None
        asked = 0 if progressed else form.asked + 1
        if result.prompt is not None:
            if asked >= MAX_PROMPTS:
                return TaskStep(GIVEN_UP[_lang(lang)], None, failed=True, status="given_up")
            awaiting = result.next_missing
            new_form = FormState(flow=flow.name, slots=result.slots, awaiting=awaiting, asked=asked)
            return TaskStep(result.prompt, new_form, _by_type(flow, result.slots))
        question = flow.confirmation(result.slots, lang)
        if question is not None:
            new_form = FormState(flow=flow.name, slots=result.slots, confirming=True)
            return TaskStep(question, new_form, _by_type(flow, result.slots), status="confirming")
        return await self._act(flow, result.slots, lang)

    async def _confirm(
        self, flow: Flow, form: FormState, understanding: Understanding, text: str, lang: str
    ) -> TaskStep:
        corrected = flow.fill(form.slots, understanding.slot_values(), "", lang=lang)
        if corrected.slots != form.slots:  # "不对，是 XH…": take the new value and ask again
            unconfirmed = form.model_copy(update={"confirming": False})
            return await self._fill(flow, unconfirmed, understanding, "", lang)
        answer = flow.read_confirmation(text)
        if answer is True:
            return await self._act(flow, form.slots, lang)
        if answer is False:
            return TaskStep(flow.cancelled(lang), None, status="cancelled")
        asked = form.asked + 1
        if asked >= MAX_PROMPTS:
            return TaskStep(GIVEN_UP[_lang(lang)], None, failed=True, status="given_up")
        question = flow.confirmation(form.slots, lang) or ""
        return TaskStep(question, form.model_copy(update={"asked": asked}), status="confirming")

    async def _act(self, flow: Flow, slots: dict[str, str], lang: str) -> TaskStep:
        outcome = await flow.run(slots, self.client, lang)
        if outcome.failed:  # the system is down, slow or confused: apologise and offer a person
            text = f"{outcome.reply}{OFFER_PERSON[_lang(lang)]}"
            return TaskStep(text, None, _by_type(flow, slots), flow.name, True, "failed")
        return TaskStep(outcome.reply, None, _by_type(flow, slots), flow.name, status="done")


def _by_type(flow: Flow, slots: Mapping[str, str]) -> dict[str, str]:
    """Form values keyed by NLU slot type, the way the dialogue state remembers them."""
    return {slot.spec.source: slots[slot.spec.name] for slot in flow.slots if slots.get(slot.spec.name)}


def _lang(lang: str) -> str:
    return "zh" if lang == "zh" else "en"
