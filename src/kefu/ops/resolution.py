"""The resolution rate, counted in the database when Prometheus scrapes.

A conversation has *ended* once nobody wrote in it for `idle_s` (kefu has no explicit end: a
customer just leaves); it is *resolved* when it ended without a handoff to a person and without
a thumbs-down. The gauges cover the conversations that ended within the last `window_s`, so
they need no state in the workers and agree across several of them. The count is refreshed at
most every `refresh_s`: a scrape every few seconds does not scan the table every time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.store.models import Conversation, utcnow
from kefu.store.outcomes import handed_off, rated_down

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resolution:
    ended: int
    resolved: int

    @property
    def ratio(self) -> float | None:
        return self.resolved / self.ended if self.ended else None


async def count_resolution(
    sessions: async_sessionmaker[AsyncSession], since: datetime, until: datetime
) -> Resolution:
    """Conversations whose last activity lies in (since, until], and how many of them were resolved."""
    unresolved = or_(Conversation.id.in_(handed_off()), Conversation.id.in_(rated_down()))
    query = select(func.count(), func.coalesce(func.sum(case((unresolved, 0), else_=1)), 0)).where(
        Conversation.updated_at > since, Conversation.updated_at <= until, Conversation.turns > 0
    )
    async with sessions() as session:
        ended, resolved = (await session.execute(query)).one()
    return Resolution(int(ended), int(resolved))


class ResolutionGauges:
    """`kefu_conversations_ended`, `kefu_conversations_resolved`, `kefu_resolution_ratio`, cached."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        window_s: float,
        idle_s: float,
        refresh_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.window = timedelta(seconds=window_s)
        self.idle = timedelta(seconds=idle_s)
        self.refresh_s = refresh_s
        self.clock = clock
        self._counted: Resolution | None = None
        self._counted_at = float("-inf")
        self._lock = asyncio.Lock()

    async def current(self) -> Resolution | None:
        """The latest count (None when the database could not be read)."""
        async with self._lock:
            if self.clock() - self._counted_at >= self.refresh_s:
                until = utcnow() - self.idle
                try:
                    self._counted = await count_resolution(self.sessions, until - self.window, until)
                except SQLAlchemyError as exc:
                    log.warning("resolution rate not counted: %s", type(exc).__name__)
                    self._counted = None
                self._counted_at = self.clock()
            return self._counted

    async def families(self) -> list[Metric]:
        counted = await self.current()
        if counted is None:
            return []
        families: list[Metric] = [
            GaugeMetricFamily(
                "kefu_conversations_ended",
                "Conversations that ended (went quiet) within the resolution window",
                value=counted.ended,
            ),
            GaugeMetricFamily(
                "kefu_conversations_resolved",
                "Of those, conversations without a handoff and without a thumbs-down",
                value=counted.resolved,
            ),
        ]
        if counted.ratio is not None:  # no conversation ended: no ratio (absent, not 0)
            families.append(
                GaugeMetricFamily(
                    "kefu_resolution_ratio",
                    "Resolved / ended conversations in the window",
                    value=counted.ratio,
                )
            )
        return families
