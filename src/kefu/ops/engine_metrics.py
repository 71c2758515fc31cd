"""The engine's own metrics, passed through: llama-server (started with `--metrics`) and vLLM or
SGLang (the `openai` engine) serve Prometheus text at `/metrics`; kefu's `/metrics` includes it,
each sample labelled `engine_endpoint`, plus `kefu_engine_metrics_up` (1: read, 0: not).

The engine's text is checked with prometheus-client's parser, then labelled line by line, so
names stay exactly as the engine wrote them (`llamacpp:n_tokens_max`, `vllm:kv_cache_usage_perc`).
"""

from __future__ import annotations

import logging

import httpx
from prometheus_client.parser import text_string_to_metric_families

from kefu.engine.llamacpp import LlamaCppEngine
from kefu.engine.openai import OpenAICompatibleEngine

log = logging.getLogger(__name__)
ENDPOINT_LABEL = "engine_endpoint"
MAX_BYTES = 4 << 20  # a metrics page larger than this is not the engine's
UP = "kefu_engine_metrics_up"


def engine_metrics_url(engine: object) -> str | None:
    """Where `engine` (or the engine an `AdmittedEngine` wraps) serves its metrics; None if unknown."""
    inner = getattr(engine, "inner", engine)
    if isinstance(inner, LlamaCppEngine):
        return f"http://127.0.0.1:{inner.port}/metrics" if inner.port else None
    if isinstance(inner, OpenAICompatibleEngine):
        return inner.base_url.removesuffix("/v1") + "/metrics"
    return None


async def fetch_engine_metrics(url: str, timeout_s: float = 2.0) -> str | None:
    """The engine's metrics page, or None when it does not answer (a scrape never waits long)."""
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            response = await client.get(url)
    except httpx.HTTPError as exc:
        log.debug("engine metrics at %s: %s", url, type(exc).__name__)
        return None
    if response.status_code != 200 or len(response.content) > MAX_BYTES:
        log.debug("engine metrics at %s: HTTP %s", url, response.status_code)
        return None
    return response.text


def engine_text(text: str | None, url: str) -> str:
    """The engine's metrics labelled with its endpoint, and `kefu_engine_metrics_up` (Prometheus text)."""
    endpoint = url.removesuffix("/metrics")
    labelled = _labelled(text, endpoint) if text is not None else None
    up = (
        f"# HELP {UP} Whether the engine's own metrics could be read\n# TYPE {UP} gauge\n"
        f'{UP}{{{ENDPOINT_LABEL}="{_escape(endpoint)}"}} {1 if labelled is not None else 0}\n'
    )
    return (labelled or "") + up


def _labelled(text: str, endpoint: str) -> str | None:
    try:
        for family in text_string_to_metric_families(text):
            if family.name.startswith("kefu_") or any(ENDPOINT_LABEL in s.labels for s in family.samples):
                raise ValueError(f"{family.name} would clash with kefu's own series")
    except ValueError as exc:
        log.warning("engine metrics left out: %s", exc)
        return None
    pair = f'{ENDPOINT_LABEL}="{_escape(endpoint)}"'
    lines = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            if line.startswith(("# HELP", "# TYPE")):
                lines.append(line)
            continue
        brace, space = line.find("{"), line.find(" ")
        if brace != -1 and (space == -1 or brace < space):
            rest = line[brace + 1 :]
            lines.append(f"{line[: brace + 1]}{pair}{'' if rest.startswith('}') else ','}{rest}")
        else:
            lines.append(f"{line[:space]}{{{pair}}}{line[space:]}")
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
