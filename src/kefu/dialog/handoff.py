"""Human handoff: queue a conversation for an agent, route it, and let agents serve it.

The pipeline decides *when* a conversation goes to a person; `HandoffService.request` does
the rest: pick the skill group from the intent, set the priority and the SLA deadline, queue
the conversation with its context package (summary, slots, evidence, sentiment, intent), and
tell the caller the queue position and whether any agent is online (if none, or outside
`agent_hours`, a callback is offered). The summary is written by the LLM in the background
after queueing, so the customer's reply never waits for it; until then, and whenever the
engine is busy, slow or failing, an extractive summary (the customer's last messages) stands.

Agents claim, write, release (back to the bot) and close; each step is published on the
conversation's `EventBus`, which the customer's event stream follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kefu.config import Settings
from kefu.engine.base import ChatMessage, Engine, GenerationParams
from kefu.errors import ConfigError, InvalidInput
from kefu.store.events import Event, EventBus, message_event
from kefu.store.handoff_models import CallbackTicket, Handoff
from kefu.store.handoff_repository import HandoffRepository, QueueEntry
from kefu.store.models import Message
from kefu.store.repository import NewMessage

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
NEGATIVE_SENTIMENT = -0.5  # sentiment runs from -1 (angry) to 1 (happy)
SUMMARY_MAX_TOKENS = 160
SUMMARY_TRANSCRIPT_CHARS = 3000
EXTRACTIVE_MESSAGES = 3
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_SUMMARY_PROMPT = (
    "你是客服主管的助手。请用一到三句话概括下面这段客服对话，供接手的人工客服快速了解情况："
    "客户要办什么事、已提供的关键信息（如订单号、商品、金额）、客户的情绪、机器人已经答复了什么。"
    "只输出摘要，不要寒暄，不要编造对话里没有的信息。"
)


class Turn(Protocol):
    """A line of the conversation (`DialogTurn` fits)."""

    @property
    def role(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Line:
    role: str
    text: str


@dataclass(frozen=True)
class HandoffTicket:
    """What the customer is told after `request`."""

    handoff_id: str
    conversation_id: str
    status: str
    position: int  # 1 = next in the skill group's queue; 0 = an agent already holds it
    skill_group: str
    agents_online: int
    eta_s: int | None  # from recent waits of the skill group; None without agents or history
    callback_offered: bool  # no agent online, or outside agent_hours
    outside_hours: bool
    created: bool  # False: the conversation was already queued or held
    sla_deadline: datetime


class AgentHours:
    """Service hours such as "09:00-21:00" (or overnight "21:00-06:00") in one time zone; "" = always."""

    def __init__(self, spec: str, timezone: str) -> None:
        self.spec = spec.strip()
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"invalid setting KEFU_AGENT_TIMEZONE={timezone!r}: unknown time zone"
            ) from None
        self.window: tuple[time, time] | None = None
        if self.spec:
            match = _HOURS.match(self.spec)
            try:
                if match is None:
                    raise ValueError
                h1, m1, h2, m2 = (int(g) for g in match.groups())
                self.window = (time(h1, m1), time.max if (h2, m2) == (24, 0) else time(h2, m2))
            except ValueError:
                raise ConfigError(
                    f"invalid setting KEFU_AGENT_HOURS={spec!r}: expected HH:MM-HH:MM, e.g. 09:00-21:00"
                ) from None

    def open_at(self, moment: datetime) -> bool:
        if self.window is None:
            return True
        start, end = self.window
        local = moment.astimezone(self.zone).time()
        if start <= end:
            return start <= local < end
        return local >= start or local < end  # overnight


class AgentPresence:
    """Agents seen by the agent API recently (this process only; a shared store can replace it)."""

    def __init__(self, window_s: float, clock: Clock) -> None:
        self.window = timedelta(seconds=window_s)
        self.clock = clock
        self._seen: dict[str, datetime] = {}

    def seen(self, agent_id: str) -> None:
        self._seen[agent_id] = self.clock()

    def online(self) -> list[str]:
        cutoff = self.clock() - self.window
        for agent_id in [a for a, at in self._seen.items() if at < cutoff]:
            del self._seen[agent_id]
        return sorted(self._seen)


def is_negative(sentiment: float | None) -> bool:
    return sentiment is not None and sentiment <= NEGATIVE_SENTIMENT


def extractive_summary(history: Sequence[Turn], limit: int = EXTRACTIVE_MESSAGES) -> str:
    """The customer's last messages, oldest first: the summary when the LLM cannot write one."""
    said = [t.text.strip() for t in history if t.role == "user" and t.text.strip()]
    if not said:
        return "（客户尚未发言）"
    recent = [s if len(s) <= 200 else s[:200] + "…" for s in said[-limit:]]
    return "客户：" + " / ".join(recent)


def jsonable(item: object) -> Any:
    """Evidence as JSON: dataclasses (citations) and mappings as dicts, anything else as text."""
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    if isinstance(item, Mapping):
        return dict(item)
    return str(item)


class HandoffService:
    def __init__(
        self,
        settings: Settings,
        repository: HandoffRepository,
        engine: Engine,
        events: EventBus,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.repository = repository
        self.engine = engine
        self.events = events
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.hours = AgentHours(settings.agent_hours, settings.agent_timezone)
        self.presence = AgentPresence(settings.agent_presence_s, self.clock)
        self._tasks: set[asyncio.Task[None]] = set()

    # Routing.
    def skill_group(self, intent: str | None) -> str:
        groups = self.settings.handoff_skill_groups
        return groups.get(intent or "", self.settings.handoff_default_group)

    def priority(self, reason: str, intent: str | None, sentiment: float | None) -> int:
        """0 normal; 1 the bot failed or a sensitive intent; 2 a complaint or an upset customer;
        3 both."""
        upset = reason == "negative_sentiment" or is_negative(sentiment)
        if intent == "complaint" and upset:
            return 3
        if intent == "complaint" or upset:
            return 2
        return 1 if reason in ("failed_turns", "sensitive_intent") else 0

    # Agents.
    def agent_seen(self, agent_id: str) -> None:
        """Every agent API call marks its agent online for `agent_presence_s`."""
        self.presence.seen(agent_id)

    def agents_online(self) -> int:
        """Agents seen recently, counted only within `agent_hours`."""
        if not self.hours.open_at(self.clock()):
            return 0
        return len(self.presence.online())

    # The customer's side.
    async def request(
        self,
        conversation_id: str,
        reason: str,
        intent: str | None = None,
        slots: Mapping[str, Any] | None = None,
        evidence: Sequence[object] = (),
        sentiment: float | None = None,
        history: Sequence[Turn] = (),
    ) -> HandoffTicket:
        """Queue the conversation for a person (or report its open handoff) and say where it stands.

        `history` is the conversation so far, oldest first, including the current message.
        """
        now = self.clock()
        skill_group = self.skill_group(intent)
        lines = [Line(t.role, t.text) for t in history]
        handoff, created = await self.repository.enqueue(
            conversation_id,
            reason=reason,
            skill_group=skill_group,
            priority=self.priority(reason, intent, sentiment),
            summary=extractive_summary(lines),
            context={
                "intent": intent,
                "slots": dict(slots or {}),
                "evidence": [jsonable(e) for e in evidence],
                "sentiment": sentiment,
                "summary_source": "extractive",
            },
            sla_deadline=now + timedelta(seconds=self.settings.handoff_sla_s),
        )
        ticket = await self._ticket(handoff, created)
        if created:
            self._background(self._summarise(handoff.id, lines))
            await self._publish(
                handoff,
                "handoff_queued",
                position=ticket.position,
                agents_online=ticket.agents_online,
                eta_s=ticket.eta_s,
                callback_offered=ticket.callback_offered,
            )
        return ticket

    async def status(self, conversation_id: str) -> Handoff | None:
        """The conversation's open handoff (queued or claimed): while one exists the bot stays silent."""
        return await self.repository.open_handoff(conversation_id)

    async def current(self, conversation_id: str) -> Handoff | None:
        """The open handoff, else the conversation's latest one, else None."""
        open_handoff = await self.repository.open_handoff(conversation_id)
        return open_handoff or await self.repository.latest(conversation_id)

    async def position(self, conversation_id: str) -> int:
        """Queue position of the conversation (0 when not queued)."""
        handoff = await self.repository.open_handoff(conversation_id)
        return await self.repository.position(handoff) if handoff else 0

    async def callback(self, conversation_id: str, phone: str | None, note: str) -> CallbackTicket:
        """The customer asks to be called back; a queued handoff leaves the queue for the ticket."""
        ticket, handoff = await self.repository.create_callback(conversation_id, phone, note)
        if handoff is not None:
            await self._publish(handoff, "handoff_callback", callback_id=ticket.id)
        return ticket

    async def append_customer_message(self, conversation_id: str, text: str) -> Message:
        """Store (and publish) a customer message the bot does not answer: an agent holds the
        conversation, or it waits in the queue."""
        message = await self.repository.append_message(conversation_id, NewMessage("user", text))
        await self.events.publish(conversation_id, stored_message_event(message))
        return message

    # The agent's side.
    async def queue(
        self,
        skill_group: str | None = None,
        statuses: tuple[str, ...] = ("queued",),
        tenant: str | None = None,
    ) -> list[QueueEntry]:
        return await self.repository.queue(skill_group, statuses, tenant)

    async def claim(self, conversation_id: str, agent_id: str) -> Handoff:
        handoff = await self.repository.claim(conversation_id, agent_id)
        await self._publish(handoff, "handoff_claimed", agent_id=agent_id)
        return handoff

    async def send(self, conversation_id: str, agent_id: str, text: str) -> Message:
        """The holding agent writes to the customer."""
        text = text.strip()
        if not text:
            raise InvalidInput("empty_text", "The message is empty.", "消息内容不能为空。")
        message = await self.repository.add_agent_message(conversation_id, agent_id, text)
        await self.events.publish(conversation_id, stored_message_event(message))
        return message

    async def release(self, conversation_id: str, agent_id: str) -> Handoff:
        """Back to the bot."""
        handoff = await self.repository.release(conversation_id, agent_id)
        await self._publish(handoff, "handoff_released", agent_id=agent_id)
        return handoff

    async def close(self, conversation_id: str, agent_id: str) -> Handoff:
        handoff = await self.repository.close(conversation_id, agent_id)
        await self._publish(handoff, "handoff_closed", agent_id=agent_id)
        return handoff

    async def aclose(self) -> None:
        """Cancel summaries still being written (at shutdown)."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait_idle(self) -> None:
        """Wait for the background summaries (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # Internals.
    async def _ticket(self, handoff: Handoff, created: bool) -> HandoffTicket:
        online = self.agents_online()
        position = await self.repository.position(handoff)
        eta_s = None
        if online and position:
            mean_wait = await self.repository.mean_wait_s(handoff.skill_group)
            if mean_wait is not None:
                eta_s = round(math.ceil(position / online) * mean_wait)
        return HandoffTicket(
            handoff_id=handoff.id,
            conversation_id=handoff.conversation_id,
            status=handoff.status,
            position=position,
            skill_group=handoff.skill_group,
            agents_online=online,
            eta_s=eta_s,
            callback_offered=online == 0,
            outside_hours=not self.hours.open_at(self.clock()),
            created=created,
            sla_deadline=handoff.sla_deadline,
        )

    def _background(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _summarise(self, handoff_id: str, lines: Sequence[Line]) -> None:
        try:
            summary = await self.llm_summary(lines)
        except Exception as exc:  # busy, slow or failing: the extractive summary stays
            log.info("handoff %s: LLM summary unavailable (%s); keeping the extractive one", handoff_id, exc)
            return
        try:
            await self.repository.update_summary(handoff_id, summary, "llm")
        except Exception:
            log.exception("handoff %s: storing the summary failed", handoff_id)

    async def llm_summary(self, lines: Sequence[Turn]) -> str:
        """The engine's summary of the conversation, within `handoff_summary_timeout_s`."""
        names = {"user": "客户", "assistant": "机器人", "agent": "人工客服"}
        transcript = "\n".join(f"{names.get(t.role, t.role)}：{t.text.strip()}" for t in lines)
        transcript = transcript[-SUMMARY_TRANSCRIPT_CHARS:]
        if not transcript:
            raise ValueError("nothing to summarise")
        messages = [ChatMessage("system", _SUMMARY_PROMPT), ChatMessage("user", transcript)]
        params = GenerationParams(max_tokens=SUMMARY_MAX_TOKENS, temperature=0.1)
        pieces: list[str] = []
        async with asyncio.timeout(self.settings.handoff_summary_timeout_s):
            deltas = self.engine.stream(messages, params)
            try:
                async for delta in deltas:
                    pieces.append(delta.text)
            finally:
                await deltas.aclose()  # type: ignore[attr-defined]
        summary = "".join(pieces).strip()
        if not summary:
            raise ValueError("empty summary")
        return summary

    async def _publish(self, handoff: Handoff, kind: str, **extra: Any) -> None:
        # The customer's stream carries these: no summary, context or other agent-only data.
        event: Event = {"type": kind, "handoff_id": handoff.id, "status": handoff.status, **extra}
        event.setdefault("skill_group", handoff.skill_group)
        await self.events.publish(handoff.conversation_id, event)


def stored_message_event(message: Message) -> Event:
    """The event of a stored message row (live publishing and replay share it)."""
    return message_event(
        seq=message.seq,
        message_id=message.id,
        role=message.role,
        text=message.text,
        created_at=message.created_at,
        route=message.route,
        intent=message.intent,
        handoff=message.handoff,
        agent_id=message.agent_id,
    )


async def publish_turn(
    events: EventBus, conversation_id: str, turns: int, question: NewMessage, answer: NewMessage
) -> None:
    """Publish a bot turn just stored as turn number `turns` (its messages are 2(turns-1), +1)."""
    now = datetime.now(UTC)
    for offset, message in enumerate((question, answer)):
        event = message_event(
            seq=2 * (turns - 1) + offset,
            message_id=message.id,
            role=message.role,
            text=message.text,
            created_at=now,
            route=message.route,
            intent=message.intent,
            handoff=message.handoff,
        )
        await events.publish(conversation_id, event)


def handoff_reply(ticket: HandoffTicket, lang: str = "zh") -> str:
    """What the customer is told once queued: their position, or that no one is there and a
    callback can be booked."""
    if ticket.status == "claimed":
        if lang == "zh":
            return "人工客服已经在为您服务，请直接留言。"
        return "An agent is already with you; please go ahead."
    if ticket.callback_offered:
        if lang == "zh":
            why = "现在不在人工客服服务时间内" if ticket.outside_hours else "目前暂无人工客服在线"
            return f"抱歉，{why}。您可以留下电话，我们会尽快回电；也可以继续向我提问。"
        why = "it is outside our agents' hours" if ticket.outside_hours else "no agent is online right now"
        return f"Sorry, {why}. Leave a phone number and we will call you back, or keep asking me."
    wait = ""
    if ticket.eta_s is not None:
        minutes = max(1, round(ticket.eta_s / 60))
        wait = f"，预计等待约 {minutes} 分钟" if lang == "zh" else f", about {minutes} min"
    if lang == "zh":
        return f"好的，正在为您转接人工客服，您前面还有 {ticket.position - 1} 位客户{wait}，请稍候。"
    return f"Sure, connecting you to a person. You are number {ticket.position} in the queue{wait}."
