"""OpenTelemetry traces of a turn, exported by OTLP/HTTP when `KEFU_OTEL_ENDPOINT` is set.

One trace per turn: a `kefu.turn` span (route, intent, tokens, latency as attributes) whose
children are the stages, `kefu.safety` (the input filter), `kefu.nlu` (intent and slots),
`kefu.retrieval` (embedding the question, searching the knowledge base, choosing the route)
and `kefu.generation` (the LLM's streamed answer). The pipeline marks them with one
decorator or `with` line each (`traced_turn`, `traced`, `stage`, `traced_stream`).

A turn is an async generator whose pieces may be consumed by another task than the one that
started it (a streamed reply), so the turn and generation spans are never made *current*
(attaching a context in one task and detaching it in another fails); the turn span is kept in
a context variable of its own and named as the parent of each stage explicitly.

The spans go through kefu's own tracer provider, set up by `tracing(settings)` (the runtime
does it) or `install(exporter)` (tests, with the SDK's in-memory exporter). With neither,
every helper here is a no-op that costs one check.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from typing import Any, ParamSpec, TypeVar

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Span, Status, StatusCode

from kefu import __version__
from kefu.config import Settings

P = ParamSpec("P")
T = TypeVar("T")
PREFIX = "kefu."
# What a turn span records of the turn's result (scalars only: never the customer's text).
TURN_ATTRIBUTES = (
    "route",
    "intent",
    "handoff",
    "handoff_reason",
    "grounded",
    "kb_version",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
)

_tracer: trace.Tracer | None = None
_turn: contextvars.ContextVar[Span | None] = contextvars.ContextVar("kefu_turn_span", default=None)


def install(exporter: SpanExporter, *, batch: bool = True) -> TracerProvider:
    """Send kefu's spans to `exporter` (in batches from a background thread, or one by one)."""
    global _tracer
    resource = Resource.create({"service.name": "kefu", "service.version": __version__})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    _tracer = provider.get_tracer("kefu", __version__)
    return provider


def uninstall(provider: TracerProvider) -> None:
    """Export what is pending and stop tracing."""
    global _tracer
    _tracer = None
    provider.shutdown()


def traces_url(endpoint: str) -> str:
    """The collector's traces URL: `endpoint` as given when it ends in /v1/traces, else below it."""
    endpoint = endpoint.rstrip("/")
    return endpoint if endpoint.endswith("/v1/traces") else endpoint + "/v1/traces"


@contextlib.asynccontextmanager
async def tracing(settings: Settings) -> AsyncIterator[None]:
    """Export spans to `settings.otel_endpoint` while the block runs (nothing when it is unset)."""
    if not settings.otel_endpoint:
        yield
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    provider = install(OTLPSpanExporter(endpoint=traces_url(settings.otel_endpoint)))
    try:
        yield
    finally:
        await asyncio.to_thread(uninstall, provider)  # flushing is network I/O


def _parent() -> Context | None:
    turn = _turn.get()
    return trace.set_span_in_context(turn) if turn is not None else None


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """A span `kefu.<name>` around a block that yields nothing to another task, child of the turn."""
    if _tracer is None:
        yield
        return
    with _tracer.start_as_current_span(PREFIX + name, context=_parent()):
        yield


def traced(name: str) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Coroutine[Any, Any, T]]]:
    """Decorate a coroutine function: each call is a `stage(name)`."""

    def decorate(function: Callable[P, Awaitable[T]]) -> Callable[P, Coroutine[Any, Any, T]]:
        @functools.wraps(function)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            with stage(name):
                return await function(*args, **kwargs)

        return wrapper

    return decorate


def traced_stream(name: str) -> Callable[[Callable[P, AsyncIterator[T]]], Callable[P, AsyncIterator[T]]]:
    """Decorate an async generator function: its whole iteration is a span `kefu.<name>`, child of
    the turn (never current: its consumer may run in another task)."""

    def decorate(function: Callable[P, AsyncIterator[T]]) -> Callable[P, AsyncIterator[T]]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            pieces = function(*args, **kwargs)
            if _tracer is None:
                return pieces
            return _spanned(_tracer.start_span(PREFIX + name, context=_parent()), pieces)

        return wrapper

    return decorate


def traced_turn(function: Callable[P, AsyncIterator[T]]) -> Callable[P, AsyncIterator[T]]:
    """Decorate the async generator of a turn: a root span `kefu.turn` from its start to its
    result, the parent of the stages run meanwhile; the result's `TURN_ATTRIBUTES` are recorded."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        pieces = function(*args, **kwargs)
        if _tracer is None:
            return pieces
        return _spanned(_tracer.start_span(PREFIX + "turn"), pieces, turn=True)

    return wrapper


async def _spanned(span: Span, pieces: AsyncIterator[T], *, turn: bool = False) -> AsyncIterator[T]:
    if turn:
        _turn.set(span)  # set, never reset: the generator may end in another task's context
    try:
        async for piece in pieces:
            if turn and not isinstance(piece, str):  # the result, a turn's last event: the turn is over
                span.set_attributes(_turn_attributes(piece))
                _end_turn(span)
            yield piece
    except BaseException as exc:
        if not isinstance(exc, GeneratorExit) and span.is_recording():
            span.record_exception(exc)
            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
        raise
    finally:
        close = getattr(pieces, "aclose", None)
        if close is not None:
            await close()
        if turn:
            _end_turn(span)
        elif span.is_recording():
            span.end()


def _end_turn(span: Span) -> None:
    if span.is_recording():
        span.end()
    if _turn.get() is span:
        _turn.set(None)


def _turn_attributes(result: object) -> dict[str, str | bool | int | float]:
    found = {name: getattr(result, name, None) for name in TURN_ATTRIBUTES}
    return {PREFIX + k: v for k, v in found.items() if isinstance(v, str | bool | int | float)}
