"""What `GET /metrics` answers: kefu's metrics (of this process, or of every worker in multiprocess
mode), the resources, the resolution rate and the engine's own metrics, in Prometheus text."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector as PrometheusCollector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.config import Settings
from kefu.ops.engine_metrics import engine_metrics_url, engine_text, fetch_engine_metrics
from kefu.ops.metrics import Metrics
from kefu.ops.resolution import ResolutionGauges
from kefu.ops.resources import ResourceCollector

# The classic text format: what every Prometheus 2.x and 3.x parses.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


class Collector(Protocol):
    def collect(self) -> Iterable[Metric]: ...


class _Joined(PrometheusCollector):
    """Several collectors read as one (what `generate_latest` wants)."""

    def __init__(self, collectors: Sequence[Collector]) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


class _Fixed(PrometheusCollector):
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> list[Metric]:
        return self.families


class MetricsPage:
    def __init__(
        self, metrics: Metrics, settings: Settings, sessions: async_sessionmaker[AsyncSession], engine: object
    ) -> None:
        self.metrics = metrics
        self.engine = engine if settings.metrics_engine else None
        self.resources = ResourceCollector(metrics.multiproc_dir)
        self.resolution = ResolutionGauges(
            sessions,
            settings.metrics_resolution_window_s,
            settings.conversation_idle_s,
            settings.metrics_db_refresh_s,
        )

    async def render(self) -> bytes:
        """The page; reading the files, processes and GPUs happens off the event loop."""
        extra = await self.resolution.families()
        url = engine_metrics_url(self.engine) if self.engine is not None else None
        engine = engine_text(await fetch_engine_metrics(url), url) if url is not None else ""
        return await asyncio.to_thread(self._render, extra) + engine.encode()

    def _render(self, extra: list[Metric]) -> bytes:
        directory = self.metrics.multiproc_dir
        own: Collector = self.metrics.registry
        if directory is not None:  # every worker's values, from the shared directory
            own = MultiProcessCollector(None, path=str(directory))  # type: ignore[no-untyped-call]
        return generate_latest(_Joined([own, self.resources, _Fixed(extra)]))
