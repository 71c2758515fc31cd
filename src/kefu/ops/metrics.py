"""Prometheus metrics: the service, the engine and the answers (docs/monitoring.md lists them).

`install(settings)` (called by `create_app`) creates the metrics; the `record_*` functions are
the hooks the other layers call, one line each where a result is known. While metrics are off
(`KEFU_METRICS_ENABLED=false`, or a CLI command that never installs them) every hook returns at
once.

With several worker processes, `KEFU_METRICS_MULTIPROC_DIR` names a directory shared by the
workers: each writes its values there (prometheus-client's multiprocess mode) and `/metrics`
in any worker adds them all up.
"""

from __future__ import annotations

import atexit
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import psutil
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, values
from prometheus_client.multiprocess import mark_process_dead

from kefu.config import Settings

# The prometheus-client variable that selects where multiprocess values are written; the library
# reads it itself, so `install` sets it from the setting (the one place kefu touches it).
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
TTFT_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0)
TOKEN_BUCKETS = (0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.0)
SCORE_BUCKETS = (0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0)

# Label values are bounded: anything outside these sets is counted as "other".
ROUTES = ("faq", "rag", "task", "clarify", "refuse", "handoff", "agent", "chitchat", "blocked")
HANDOFF_REASONS = ("explicit", "sensitive_intent", "negative_sentiment", "failed_turns")
RATINGS = ("up", "down")
OTHER = "other"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PID = re.compile(r"_(\d+)\.db$")


class VerdictLike(Protocol):
    """What the metrics read of a safety verdict (`kefu.safety.filter.Verdict`)."""

    @property
    def verdict(self) -> str: ...

    @property
    def categories(self) -> tuple[str, ...]: ...


class TurnLike(Protocol):
    """What the metrics read of a turn (`kefu.dialog.pipeline.TurnResult`)."""

    @property
    def route(self) -> str: ...

    @property
    def confidence(self) -> float | None: ...

    @property
    def handoff(self) -> bool: ...

    @property
    def handoff_reason(self) -> str | None: ...

    @property
    def screened(self) -> VerdictLike | None: ...

    @property
    def withheld(self) -> VerdictLike | None: ...


class Metrics:
    """kefu's metric objects, in `registry` (one process) or in `multiproc_dir` (several)."""

    def __init__(self, multiproc_dir: Path | None = None) -> None:
        self.multiproc_dir = multiproc_dir
        self.registry = CollectorRegistry()
        r = self.registry
        # Service: the HTTP API (kefu.api.metrics.MetricsMiddleware).
        self.requests = Counter(
            "kefu_requests", "HTTP requests answered", ["route", "method", "status"], registry=r
        )
        self.request_duration = Histogram(
            "kefu_request_duration_seconds",
            "Time from a request's arrival to the end of its response body",
            ["route", "method"],
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge(
            "kefu_requests_in_flight", "Requests being answered now", registry=r, multiprocess_mode="livesum"
        )
        self.request_errors = Counter(
            "kefu_request_errors",
            "Error responses, by error code (the envelope's error.code)",
            ["type"],
            registry=r,
        )
        # Engine: every backend, behind the admission gate (kefu.engine.admission).
        self.ttft = Histogram(
            "kefu_engine_time_to_first_token_seconds",
            "Time from a generation's arrival at the admission gate (queueing included) to its first token",
            buckets=TTFT_BUCKETS,
            registry=r,
        )
        self.tpot = Histogram(
            "kefu_engine_time_per_output_token_seconds",
            "Mean time between output tokens of a generation, after the first",
            buckets=TOKEN_BUCKETS,
            registry=r,
        )
        self.prompt_tokens = Counter("kefu_engine_prompt_tokens", "Prompt tokens processed", registry=r)
        self.generation_tokens = Counter("kefu_engine_generation_tokens", "Tokens generated", registry=r)
        self.queue_depth = Gauge(
            "kefu_engine_queue_depth",
            "Generations waiting for a slot",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.running = Gauge(
            "kefu_engine_running_sequences",
            "Generations running (the batch)",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.slots = Gauge(
            "kefu_engine_slots", "Generations that may run at once", registry=r, multiprocess_mode="livesum"
        )
        self.rejected = Counter(
            "kefu_engine_rejected", "Generations refused by admission control", ["reason"], registry=r
        )
        self.engine_errors = Counter(
            "kefu_engine_errors", "Generations that failed, by error code", ["type"], registry=r
        )
        # Quality: the dialogue's outcomes.
        self.turns = Counter("kefu_turns", "Customer turns, by dialogue route", ["route"], registry=r)
        self.intent_confidence = Histogram(
            "kefu_intent_confidence",
            "The NLU model's confidence in a turn's intent",
            buckets=SCORE_BUCKETS,
            registry=r,
        )
        self.retrieval_score = Histogram(
            "kefu_retrieval_score",
            "Best retrieval score of a knowledge decision, by its route (faq: FAQ match; others: relevance)",
            ["route"],
            buckets=SCORE_BUCKETS,
            registry=r,
        )
        self.handoffs = Counter("kefu_handoffs", "Conversations handed to a person", ["reason"], registry=r)
        self.conversations = Counter("kefu_conversations_started", "Conversations started", registry=r)
        self.safety = Counter(
            "kefu_safety_verdicts",
            "Safety filter verdicts, by stage (input, output), verdict and category",
            ["stage", "verdict", "category"],
            registry=r,
        )
        self.feedback = Counter("kefu_feedback", "Customer ratings of answers", ["rating"], registry=r)
        self._start_at_zero()

    def _start_at_zero(self) -> None:
        """Known label values exist from the start, so rates and alerts see a 0, not nothing."""
        for route in (*ROUTES, OTHER):
            self.turns.labels(route)
        for reason in (*HANDOFF_REASONS, OTHER):
            self.handoffs.labels(reason)
        for rating in RATINGS:
            self.feedback.labels(rating)
        for reason in ("queue_full", "queue_timeout"):
            self.rejected.labels(reason)


_current: Metrics | None = None


def install(settings: Settings) -> Metrics | None:
    """Create the metrics `settings` ask for and make them current; None when metrics are off.

    Each call starts from new metric objects (zero, unless a multiprocess directory keeps values).
    """
    global _current
    if not settings.metrics_enabled:
        _current = None
        return None
    # No `_created` series: they double the output and nobody queries them.
    disable_created_metrics()  # type: ignore[no-untyped-call]
    directory = settings.metrics_multiproc_dir
    if directory is not None:
        _use_multiprocess(directory)
    _current = Metrics(directory)
    return _current


def _use_multiprocess(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    os.environ[MULTIPROC_VARIABLE] = str(directory)
    if not getattr(values.ValueClass, "_multiprocess", False):
        values.ValueClass = values.MultiProcessValue()  # type: ignore[no-untyped-call]
        # The live gauges (in flight, queue, batch) of a stopped worker must not count any more:
        # dropped when this worker exits, and now for any worker that died without doing so.
        atexit.register(mark_process_dead, os.getpid(), str(directory))
        for pid in _dead_workers(directory):
            mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]


def _dead_workers(directory: Path) -> set[int]:
    pids = {int(found.group(1)) for f in directory.glob("gauge_live*.db") if (found := _PID.search(f.name))}
    return {pid for pid in pids if not psutil.pid_exists(pid)}


def current() -> Metrics | None:
    """The installed metrics, or None while metrics are off."""
    return _current


def label(value: str | None, known: Sequence[str] = ()) -> str:
    """A bounded label value: one of `known` if given, else a short lower-case name; else "other"."""
    if value is None:
        return "none"
    if known:
        return value if value in known else OTHER
    return value if _NAME.fullmatch(value) else OTHER


# --- hooks: the dialogue -------------------------------------------------------------------------


def record_turn(turn: TurnLike) -> None:
    """A turn's route, intent confidence, handoff and safety verdicts (call once per turn)."""
    m = _current
    if m is None:
        return
    m.turns.labels(label(turn.route, ROUTES)).inc()
    if turn.confidence is not None:
        m.intent_confidence.observe(turn.confidence)
    if turn.handoff:
        m.handoffs.labels(label(turn.handoff_reason or "explicit", HANDOFF_REASONS)).inc()
    if turn.screened is not None:
        _count_verdict(m, "input", turn.screened)
    if turn.withheld is not None:
        _count_verdict(m, "output", turn.withheld)


def _count_verdict(m: Metrics, stage: str, verdict: VerdictLike) -> None:
    for category in verdict.categories or ("none",):
        m.safety.labels(stage, label(verdict.verdict), label(category)).inc()


def record_retrieval(route: str, scores: Sequence[float]) -> None:
    """The best score of a knowledge decision (faq, rag, clarify); nothing when none was retrieved."""
    m = _current
    if m is not None and scores:
        m.retrieval_score.labels(label(route, ROUTES)).observe(max(scores))


def record_conversation_started() -> None:
    m = _current
    if m is not None:
        m.conversations.inc()


def record_feedback(rating: str) -> None:
    """Count a customer's rating of an answer: `rating` is "up" or "down" (else counted as "other")."""
    m = _current
    if m is not None:
        m.feedback.labels(label(rating, RATINGS)).inc()


# --- hooks: the engine (kefu.engine.admission) ---------------------------------------------------


def record_engine_load(running: int, waiting: int, slots: int) -> None:
    m = _current
    if m is not None:
        m.running.set(running)
        m.queue_depth.set(waiting)
        m.slots.set(slots)


def record_rejected(reason: str) -> None:
    """A generation refused by admission control: `queue_full` or `queue_timeout`."""
    m = _current
    if m is not None:
        m.rejected.labels(label(reason)).inc()


def record_generation(
    ttft_s: float | None,
    decode_s: float,
    tokens_seen: int,
    prompt_tokens: int | None,
    output_tokens: int | None,
) -> None:
    """A finished (or abandoned) generation: time to its first token (None: it produced none),
    seconds from the first token to the end, and its token counts (the engine's, when it sent them;
    else the pieces seen)."""
    m = _current
    if m is None:
        return
    if ttft_s is not None:
        m.ttft.observe(ttft_s)
    produced = output_tokens if output_tokens is not None else tokens_seen
    if produced > 1:
        m.tpot.observe(decode_s / (produced - 1))
    if prompt_tokens:
        m.prompt_tokens.inc(prompt_tokens)
    if produced:
        m.generation_tokens.inc(produced)


def record_engine_error(code: str) -> None:
    m = _current
    if m is not None:
        m.engine_errors.labels(label(code)).inc()
