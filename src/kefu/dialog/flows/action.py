"""The HTTP call of a flow: timeout, retries with backoff, and a verdict instead of exceptions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from kefu.dialog.flows.spec import ActionSpec

Outcome = Literal["answered", "down", "timeout"]


@dataclass(frozen=True)
class Exchange:
    """What came of the call: an answer (any status below 500), or why there was none."""

    outcome: Outcome
    response: httpx.Response | None
    attempts: int
    error: str = ""


async def call(
    spec: ActionSpec,
    client: httpx.AsyncClient,
    url: str,
    params: dict[str, str],
    body: Any,
) -> Exchange:
    """Send the request; retry connect errors and 5xx answers only, never a read timeout.

    A request whose answer timed out may have been carried out (an address changed, a refund
    filed), so sending it again could do it twice.
    """
    outcome: Outcome = "down"
    response: httpx.Response | None = None
    error = ""
    attempts = 0
    for attempt in range(spec.retries + 1):
        if attempt:
            await asyncio.sleep(spec.backoff_s * 2 ** (attempt - 1))
        attempts += 1
        try:
            response = await client.request(
                spec.method,
                url,
                headers=spec.headers,
                params=params or None,
                json=body if spec.method != "GET" else None,
                timeout=spec.timeout_s,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            outcome, error = "down", f"{type(exc).__name__}: {exc}"
            continue
        except httpx.TimeoutException as exc:
            return Exchange("timeout", None, attempts, f"{type(exc).__name__}: {exc}")
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Exchange("down", None, attempts, f"{type(exc).__name__}: {exc}")
        if response.status_code >= 500:
            outcome, error = "down", f"HTTP {response.status_code}"
            continue
        return Exchange("answered", response, attempts)
    return Exchange(outcome, response, attempts, error)
