"""The admin console's charts: `kefu stats` (`kefu.improve.stats`) over a period, and the same
figures per hour or per day.

Each point covers the conversations **started** in its bucket (as `kefu stats` counts the
conversations started in its period) with the same definitions: volume, answers, ended and
resolved conversations, handoffs, and the p50/p95 latency of their answers. Buckets are whole
hours or days in the time zone asked for; the first and last are cut by the period's ends, and
the buckets' counts add up to the period's totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.improve.stats import Stats, collect, latency_percentiles, parse_since, ratio
from kefu.store import outcomes
from kefu.store.models import Conversation, Message, utcnow

Bucket = Literal["hour", "day"]
HOURLY_UP_TO = timedelta(hours=48)  # longer periods are charted per day
MAX_BUCKETS = 1000


@dataclass
class Point:
    start: datetime
    conversations: int = 0
    turns: int = 0
    ended: int = 0
    resolved: int = 0
    handoffs: int = 0
    latency_p50_ms: int | None = None
    latency_p95_ms: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "conversations": self.conversations,
            "turns": self.turns,
            "ended": self.ended,
            "resolved": self.resolved,
            "resolution_rate": ratio(self.resolved, self.ended),
            "handoffs": self.handoffs,
            "handoff_rate": ratio(self.handoffs, self.conversations),
            "latency_p50_ms": self.latency_p50_ms,
            "latency_p95_ms": self.latency_p95_ms,
        }


@dataclass
class Analytics:
    totals: Stats
    bucket: Bucket
    tz: str
    series: list[Point]


def choose_bucket(period: timedelta, bucket: Bucket | None) -> Bucket:
    """The bucket asked for, else hours up to two days and days beyond; a ValueError when the
    period would make more than `MAX_BUCKETS` points."""
    chosen: Bucket = bucket or ("hour" if period <= HOURLY_UP_TO else "day")
    size = timedelta(hours=1) if chosen == "hour" else timedelta(days=1)
    if period / size > MAX_BUCKETS - 1:
        raise ValueError(f"{period} in {chosen}s is more than {MAX_BUCKETS} points: choose a shorter period")
    return chosen


def floor(moment: datetime, bucket: Bucket, tz: ZoneInfo) -> datetime:
    """The start of the hour or day (in `tz`) that holds `moment`."""
    local = moment.astimezone(tz)
    if bucket == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def bucket_starts(start: datetime, end: datetime, bucket: Bucket, tz: ZoneInfo) -> list[datetime]:
    """Every bucket that meets [start, end), in order (days step by the calendar, across DST)."""
    current = floor(start, bucket, tz)
    starts = []
    while current < end:
        starts.append(current)
        if bucket == "hour":  # an hour later in absolute time: a repeated wall-clock hour counts twice
            current = floor(current.astimezone(UTC) + timedelta(hours=1), bucket, tz)
        else:  # the next midnight on the wall clock, whatever the day's length
            current = (current.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=tz)
    return starts


def _key(moment: datetime) -> datetime:
    # Aware datetimes of one zone compare by wall clock; in UTC two equal wall times stay apart.
    return moment.astimezone(UTC)


async def analytics(
    sessions: async_sessionmaker[AsyncSession],
    since: str,
    *,
    idle_s: float,
    tenant: str,
    tz: ZoneInfo,
    bucket: Bucket | None = None,
    top: int = 10,
    now: datetime | None = None,
) -> Analytics:
    """`kefu stats` for the last `since` (`7d`, `24h`, `30m`) with its series per bucket."""
    end = now or utcnow()
    period = parse_since(since)
    chosen = choose_bucket(period, bucket)
    totals = await collect(sessions, since, idle_s=idle_s, tenant=tenant, top=top, now=end)
    start = totals.start
    started = select(Conversation.id).where(
        Conversation.tenant == tenant,
        Conversation.created_at >= start,
        Conversation.created_at < end,
        Conversation.turns > 0,
    )
    async with sessions() as session:
        conversations = (await session.execute(_times(started))).all()
        unresolved = await _unresolved(session, started)
        answers = (await session.execute(_answers(started))).all()
    points = {_key(s): Point(s) for s in bucket_starts(start, end, chosen, tz)}
    idle_before = end - timedelta(seconds=idle_s)
    bucket_of = _count(points, conversations, unresolved, idle_before, chosen, tz)
    _latencies(points, bucket_of, answers)
    return Analytics(totals, chosen, tz.key, list(points.values()))


def _count(
    points: dict[datetime, Point],
    conversations: Sequence[Row[str, datetime, datetime]],
    unresolved: tuple[set[str], set[str]],
    idle_before: datetime,
    bucket: Bucket,
    tz: ZoneInfo,
) -> dict[str, Point]:
    """Count each conversation in the bucket it started in; the bucket of each conversation."""
    handed_off, thumbs_down = unresolved
    bucket_of: dict[str, Point] = {}
    for conversation_id, created, updated in conversations:
        point = points[_key(floor(created, bucket, tz))]
        bucket_of[conversation_id] = point
        point.conversations += 1
        point.handoffs += conversation_id in handed_off
        if updated <= idle_before:
            point.ended += 1
            point.resolved += conversation_id not in handed_off and conversation_id not in thumbs_down
    return bucket_of


def _latencies(
    points: dict[datetime, Point],
    bucket_of: dict[str, Point],
    answers: Sequence[Row[str, int | None]],
) -> None:
    """Count the answers, and the p50/p95 latency of each bucket's."""
    latencies: dict[datetime, list[int]] = defaultdict(list)
    for conversation_id, latency in answers:
        point = bucket_of.get(conversation_id)
        if point is None:  # got its first answer between the two reads (PostgreSQL reads committed)
            continue
        point.turns += 1
        if latency is not None:
            latencies[_key(point.start)].append(latency)
    for key, values in latencies.items():
        found = latency_percentiles(values) or {}
        points[key].latency_p50_ms = found.get("p50")
        points[key].latency_p95_ms = found.get("p95")


def _times(started: Select[str]) -> Select[str, datetime, datetime]:
    return select(Conversation.id, Conversation.created_at, Conversation.updated_at).where(
        Conversation.id.in_(started)
    )


async def _unresolved(session: AsyncSession, started: Select[str]) -> tuple[set[str], set[str]]:
    """(conversations handed to a person, conversations with a thumbs-down), as `kefu stats` has them."""
    handed_off = set(await session.scalars(outcomes.handed_off(started)))
    return handed_off, set(await session.scalars(outcomes.rated_down(started)))


def _answers(started: Select[str]) -> Select[str, int | None]:
    return select(Message.conversation_id, Message.latency_ms).where(
        Message.conversation_id.in_(started), Message.role == "assistant"
    )
