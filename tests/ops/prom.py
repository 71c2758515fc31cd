"""Reading Prometheus text in tests: the samples of a /metrics page, found by name and labels."""

from __future__ import annotations

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector, CollectorRegistry
from prometheus_client.samples import Sample


def collect(collector: Collector) -> str:
    """What `collector` gives, as a /metrics page would show it."""
    registry = CollectorRegistry()
    registry.register(collector)
    return generate_latest(registry).decode()


def samples(text: str) -> list[Sample]:
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def value(text: str, name: str, /, **labels: str) -> float | None:
    """The value of the one sample `name` whose labels include `labels`; None when there is none."""
    found = [s.value for s in samples(text) if s.name == name and labels.items() <= s.labels.items()]
    assert len(found) <= 1, f"{name}{labels} matches {len(found)} samples"
    return found[0] if found else None


def total(text: str, name: str, /, **labels: str) -> float:
    """The sum over every sample `name` whose labels include `labels` (0 when there is none)."""
    return sum(s.value for s in samples(text) if s.name == name and labels.items() <= s.labels.items())


def names(text: str) -> set[str]:
    return {s.name for s in samples(text)}
