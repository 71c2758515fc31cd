"""`kefu stats`: how the conversations of a period went, counted from the database.

The conversations counted are those **started** in the window `[now - since, now)` that have
at least one message from the customer; every figure is about them and their messages:

- `conversations`: how many; `turns`: kefu's answers in them (messages of role `assistant`).
- `ended`: those with no message for `conversation_idle_s` (default 30 min; kefu has no explicit
  end, a customer just leaves), i.e. whose last activity (`updated_at`) is at least that old.
- `resolved`: ended conversations that were never handed to a person (no `handoff` answer and
  no handoff record) and got no thumbs-down on any answer. `resolution_rate` = resolved / ended
  (null when none ended). The same definition as the `kefu_resolution_ratio` metric.
- `handoffs`: conversations handed to a person; `handoff_rate` = handoffs / conversations.
- `thumbs`: the ratings of their answers (one per answer, the latest; `up` and `down`).
- `routes`: answers per route; `top_intents`: answers per intent (turns with no intent left out).
- `top_unanswered`: the customer's messages answered `refuse` or `clarify`, clustered: two
  questions are near-duplicates when the Dice coefficient of their character bigrams (after
  lower-casing and dropping spaces and punctuation) is at least `SIMILAR` (0.5); each question
  joins the cluster of the first, more frequent, question it is near (greedy leader
  clustering). A cluster shows its most frequent wording, its size and a few other wordings.
  Texts are as stored: personal data already masked.
- `latency_ms`: p50, p90, p95, p99 and max of the answers' latency, nearest-rank percentiles
  (the smallest value with at least p % of the values at or below it).

Rates are rounded to 4 decimals.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from kefu.store import outcomes
from kefu.store.feedback_models import DOWN, RATINGS, Feedback
from kefu.store.models import Conversation, Message, utcnow

SINCE = re.compile(r"(?P<amount>[1-9]\d{0,5})(?P<unit>[dhm])")
UNITS = {"d": "days", "h": "hours", "m": "minutes"}
UNANSWERED_ROUTES = ("refuse", "clarify")
NO_INTENTS = (None, "", "none")
PERCENTILES = (50, 90, 95, 99)
SIMILAR = 0.5
EXAMPLES = 3
_NOT_WORD = re.compile(r"[\W_]+")


def parse_since(text: str) -> timedelta:
    """`7d`, `24h` or `30m` as a duration; anything else is a ValueError saying what is expected."""
    match = SINCE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a period: use a whole number and d, h or m, e.g. 7d, 24h, 30m")
    return timedelta(**{UNITS[match["unit"]]: int(match["amount"])})


@dataclass
class Cluster:
    question: str  # its most frequent wording
    count: int
    examples: list[str] = field(default_factory=list)  # other wordings, most frequent first


@dataclass
class Stats:
    since: str
    start: datetime
    end: datetime
    tenant: str | None
    conversations: int
    turns: int
    ended: int
    resolved: int
    handoffs: int
    thumbs: dict[str, int]
    routes: dict[str, int]
    top_intents: list[tuple[str, int]]
    top_unanswered: list[Cluster]
    latency_ms: dict[str, int] | None

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.ended)

    @property
    def handoff_rate(self) -> float | None:
        return ratio(self.handoffs, self.conversations)

    def to_dict(self) -> dict[str, Any]:
        """The `--json` report."""
        return {
            "since": self.since,
            "from": _iso(self.start),
            "to": _iso(self.end),
            "tenant": self.tenant,
            "conversations": self.conversations,
            "turns": self.turns,
            "ended": self.ended,
            "resolved": self.resolved,
            "resolution_rate": self.resolution_rate,
            "handoffs": self.handoffs,
            "handoff_rate": self.handoff_rate,
            "thumbs": self.thumbs,
            "routes": self.routes,
            "top_intents": [{"intent": intent, "turns": n} for intent, n in self.top_intents],
            "top_unanswered": [
                {"question": c.question, "count": c.count, "examples": c.examples}
                for c in self.top_unanswered
            ],
            "latency_ms": self.latency_ms,
        }


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def collect(
    sessions: async_sessionmaker[AsyncSession],
    since: str,
    *,
    idle_s: float,
    tenant: str | None = None,
    top: int = 10,
    now: datetime | None = None,
) -> Stats:
    """The report for the conversations started in the last `since` (`7d`, `24h`, `30m`)."""
    end = now or utcnow()
    start = end - parse_since(since)
    started = select(Conversation.id).where(
        Conversation.created_at >= start, Conversation.created_at < end, Conversation.turns > 0
    )
    if tenant is not None:
        started = started.where(Conversation.tenant == tenant)
    async with sessions() as session:
        last_activity = dict((await session.execute(_with_updated(started))).all())
        handed_off = set(await session.scalars(outcomes.handed_off(started)))
        ratings = (await session.execute(_ratings(started))).all()
        answers = (await session.execute(_answers(started))).all()
        unanswered = (await session.scalars(_unanswered(started))).all()
    thumbs_down = {conversation for conversation, rating in ratings if rating == DOWN}
    ended = {c for c, updated in last_activity.items() if updated <= end - timedelta(seconds=idle_s)}
    rated = Counter(rating for _, rating in ratings)
    intents = Counter(intent for _, intent, _ in answers if intent not in NO_INTENTS)
    return Stats(
        since=since,
        start=start,
        end=end,
        tenant=tenant,
        conversations=len(last_activity),
        turns=len(answers),
        ended=len(ended),
        resolved=len(ended - handed_off - thumbs_down),
        handoffs=len(handed_off),
        thumbs={rating: rated[rating] for rating in RATINGS},
        routes=dict(sorted(Counter(route or "unknown" for route, _, _ in answers).items())),
        top_intents=sorted(intents.items(), key=lambda kv: (-kv[1], kv[0]))[:top],
        top_unanswered=cluster_questions(unanswered)[:top],
        latency_ms=latency_percentiles([ms for _, _, ms in answers if ms is not None]),
    )


def _with_updated(started: Select[str]) -> Select[str, datetime]:
    return select(Conversation.id, Conversation.updated_at).where(Conversation.id.in_(started))


def _ratings(started: Select[str]) -> Select[str, str]:
    return select(Feedback.conversation_id, Feedback.rating).where(Feedback.conversation_id.in_(started))


def _answers(started: Select[str]) -> Select[str | None, str | None, int | None]:
    return select(Message.route, Message.intent, Message.latency_ms).where(
        Message.conversation_id.in_(started), Message.role == "assistant"
    )


def _unanswered(started: Select[str]) -> Select[str]:
    """The customer's message right before each `refuse` or `clarify` answer (a turn stores the
    two as consecutive `seq`s)."""
    question = aliased(Message)
    return (
        select(question.text)
        .join(
            Message,
            (Message.conversation_id == question.conversation_id) & (Message.seq == question.seq + 1),
        )
        .where(
            Message.conversation_id.in_(started),
            Message.role == "assistant",
            Message.route.in_(UNANSWERED_ROUTES),
            question.role == "user",
        )
    )


def latency_percentiles(values: Sequence[int]) -> dict[str, int] | None:
    """Nearest-rank p50, p90, p95, p99 and the max; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    found = {f"p{p}": ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in PERCENTILES}
    return {**found, "max": ordered[-1]}


def normalise(text: str) -> str:
    """Lower case, full-width folded, without spaces and punctuation: what near-duplicates share."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else frozenset({text})


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two normalised texts."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def cluster_questions(questions: Sequence[str], threshold: float = SIMILAR) -> list[Cluster]:
    """Group near-duplicate questions, biggest group first (see the module's docstring)."""
    wordings: dict[str, Counter[str]] = {}  # normalised → its wordings as asked
    for text in questions:
        wordings.setdefault(normalise(text), Counter())[text.strip()] += 1
    ranked = sorted(wordings, key=lambda key: (-sum(wordings[key].values()), key))
    leaders: list[tuple[str, Counter[str]]] = []
    for key in ranked:
        home = next((members for leader, members in leaders if similarity(leader, key) >= threshold), None)
        if home is None:
            leaders.append((key, Counter()))
            home = leaders[-1][1]
        home.update(wordings[key])
    clusters = []
    for _, members in leaders:
        (first, _), *others = sorted(members.items(), key=lambda kv: (-kv[1], kv[0]))
        clusters.append(Cluster(first, sum(members.values()), [text for text, _ in others[:EXAMPLES]]))
    return sorted(clusters, key=lambda c: (-c.count, c.question))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
