"""Request metrics as pure ASGI middleware: count, time and classify every HTTP response.

The route label is the matched path template (`/v1/conversations/{conversation_id}`), never the
raw path, so ids never become label values; a path that matches no route is `<unmatched>`.
"""

from __future__ import annotations

import ipaddress
import json
import re
import time

from fastapi.routing import iter_route_contexts
from prometheus_client import Counter, Histogram
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.ops.metrics import Metrics, label

UNMATCHED = "<unmatched>"
# The method is the client's word: any other is counted as "other", so it cannot add series.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_ERROR_BODY_LIMIT = 4096  # error envelopes are small; a larger body is not parsed
INTERNAL_ERROR = b'{"error": {"code": "internal_error"}}'


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        # labels() on every request costs a lock and string conversions; these are cached per series.
        self._counters: dict[tuple[str, str, int], Counter] = {}
        self._timers: dict[tuple[str, str], Histogram] = {}
        self._paths: list[tuple[re.Pattern[str], str]] | None = None  # for requests never routed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        error_body = bytearray()

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif status >= 400 and len(error_body) < _ERROR_BODY_LIMIT:
                error_body.extend(message.get("body", b""))
            await send(message)

        in_flight = self.metrics.in_flight
        in_flight.inc()
        try:
            await self.app(scope, receive, send_and_watch)
        except Exception:
            if not error_body:  # nothing was sent: the server's error handler will answer 500
                error_body.extend(INTERNAL_ERROR)
            raise
        finally:
            in_flight.dec()
            self._observe(scope, status, time.perf_counter() - started, bytes(error_body))

    def _template(self, scope: Scope) -> str:
        """The path template of the route that answered. A request refused before routing (a body
        that is not JSON) is matched here; one that matches no route is `<unmatched>`."""
        route = scope.get("route")
        if route is not None:
            return str(getattr(route, "path", UNMATCHED))
        if self._paths is None:
            routes = getattr(scope.get("app"), "routes", [])
            self._paths = [(compile_path(c.path)[0], c.path) for c in iter_route_contexts(routes) if c.path]
        path, root = scope["path"], scope.get("root_path", "")
        path = path[len(root) :] if root and path.startswith(root) else path
        return next((template for regex, template in self._paths if regex.match(path)), UNMATCHED)

    def _observe(self, scope: Scope, status: int, elapsed: float, error_body: bytes) -> None:
        template = self._template(scope)
        method = label(scope["method"], METHODS)
        key = (template, method, status)
        counter = self._counters.get(key)
        if counter is None:
            counter = self._counters[key] = self.metrics.requests.labels(template, method, str(status))
        counter.inc()
        timer = self._timers.get(key[:2])
        if timer is None:
            timer = self._timers[key[:2]] = self.metrics.request_duration.labels(template, method)
        timer.observe(elapsed)
        if status >= 400:
            self.metrics.request_errors.labels(error_type(status, error_body)).inc()


def error_type(status: int, body: bytes) -> str:
    """The error envelope's `error.code` (bounded: codes are names in kefu's code), else `http_<status>`."""
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"http_{status}"
    return label(code) if isinstance(code, str) else f"http_{status}"


def client_allowed(host: str, networks: list[str]) -> bool:
    """Whether a client address lies in one of `networks` (a host that is no address never does)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # a dual-stack socket's view of an IPv4 client
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
