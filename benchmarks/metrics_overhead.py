"""Metrics overhead: request time with metrics on and off (KEFU_METRICS_ENABLED), in-process.

Two apps share one runtime (fake engine, demo KB): one with metrics, one without. Requests go
to one and then the other, alternately, so drift on a shared machine hits both sides alike; the
paired overhead is the median of those differences over the median request without metrics.

- `healthz`: GET /healthz in-process (no sockets): the middleware against almost nothing;
- `healthz_http`: the same over loopback HTTP, served by uvicorn as `kefu serve` does;
- `healthz_http_control`: two servers both without metrics: what the comparison shows when
  there is no difference (subtract it from `healthz_http`);
- `faq_turn`: POST /generate answered from a FAQ (safety, NLU, retrieval, storage, audit);
- `rag_turn`: POST /generate answered by the (fake) LLM: the engine hooks too.

It also times the metrics work alone (the middleware around an empty ASGI app, a turn's
hooks) and one `/metrics` scrape. Prints a table and writes JSON (default
benchmarks/results/metrics_overhead.json).

    python benchmarks/metrics_overhead.py [--rounds 6] [--scale 1.0] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import uvicorn

from kefu.api.app import create_app
from kefu.api.metrics import MetricsMiddleware
from kefu.config import Settings, load_settings
from kefu.dialog.pipeline import TurnResult
from kefu.dialog.runtime import open_runtime
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.ops import metrics
from kefu.safety.filter import Verdict

ROOT = Path(__file__).resolve().parent.parent
# (name, over, method, path, body, requests per block at --scale 1); over: in-process or loopback HTTP
CASES: list[tuple[str, str, str, str, dict[str, str] | None, int]] = [
    ("healthz", "asgi", "GET", "/healthz", None, 300),
    ("healthz_http", "http", "GET", "/healthz", None, 300),
    ("healthz_http_control", "http", "GET", "/healthz", None, 300),  # metrics off on both sides
    ("faq_turn", "asgi", "POST", "/generate", {"prompt": "满多少包邮？"}, 30),
    (
        "rag_turn",
        "asgi",
        "POST",
        "/generate",
        {"prompt": "My earphones are unsealed. Can I still return them?"},
        20,
    ),
]


def answer(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
    """The fake LLM: the first line of the first fact, as the test suite's `echo_facts`."""
    facts = messages[-1].content.split("\n", 3)
    return facts[2] if len(facts) > 2 else "好的。"


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values) * 1000, 4),
        "mean_ms": round(statistics.fmean(values) * 1000, 4),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 4),
    }


async def time_block(client: httpx.AsyncClient, method: str, path: str, body: Any, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        began = time.perf_counter()
        response = await client.request(method, path, json=body)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text
    return timings


async def compare(settings: Settings, rounds: int, scale: float) -> dict[str, Any]:
    off_settings = settings.model_copy(update={"metrics_enabled": False})
    async with open_runtime(settings, FakeEngine(answer)) as runtime:
        apps = {
            "on": create_app(settings, runtime=runtime),
            "off": create_app(off_settings, runtime=runtime),
            "control": create_app(off_settings, runtime=runtime),  # A/A: what two servers differ by alone
        }
        clients: dict[str, dict[str, httpx.AsyncClient]] = {"asgi": {}, "http": {}}
        servers = []
        for name, app in apps.items():
            app.state.runtime = runtime  # no lifespan in-process: hand it the open runtime
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            clients["asgi"][name] = httpx.AsyncClient(transport=transport, base_url="http://kefu")
            server, url = await serve(app)
            servers.append(server)
            clients["http"][name] = httpx.AsyncClient(base_url=url)
        hooks = {"on": apps["on"].state.metrics, "off": None, "control": None}
        results: dict[str, Any] = {}
        for case, over, method, path, body, per_block in CASES:
            n = max(5, round(per_block * scale))
            for client in clients[over].values():  # warm-up: caches, first-request costs
                await time_block(client, method, path, body, 5)
            measured = "control" if case.endswith("_control") else "on"
            timings: dict[str, list[float]] = {"on": [], "off": []}
            paired = []  # on - off, one request after the other, so drift hits both alike
            for i in range(rounds * n):
                for variant in ("on", "off") if i % 2 == 0 else ("off", "on"):
                    app = measured if variant == "on" else "off"
                    metrics._current = hooks[app]  # the dialogue and engine hooks follow the app
                    timings[variant] += await time_block(clients[over][app], method, path, body, 1)
                paired.append(timings["on"][-1] - timings["off"][-1])
            on, off = summary(timings["on"]), summary(timings["off"])
            results[case] = {
                "metrics_on": on,
                "metrics_off": off,
                "overhead_pct_of_medians": round((on["median_ms"] / off["median_ms"] - 1) * 100, 2),
                "overhead_pct_paired": round(statistics.median(paired) * 1000 / off["median_ms"] * 100, 2),
            }
        metrics.install(settings)
        scraper = clients["asgi"]["on"]
        scrapes = [
            (await time_block(scraper, "GET", "/metrics", None, 1))[0]
            for _ in range(max(5, round(20 * scale)))
        ]
        results["scrape"] = summary(scrapes) | {"bytes": len((await scraper.get("/metrics")).content)}
        for client in [*clients["asgi"].values(), *clients["http"].values()]:
            await client.aclose()
        for server in servers:
            server.should_exit = True
        return results


_serving: set[asyncio.Task[None]] = set()


async def serve(app: Any) -> tuple[uvicorn.Server, str]:
    """The app on a loopback port, in this event loop (as `kefu serve` runs it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    _serving.add(asyncio.get_running_loop().create_task(server.serve()))
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    return server, f"http://127.0.0.1:{port}"


async def empty_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def middleware_cost(n: int) -> dict[str, float]:
    """Seconds of metrics work per request: the middleware around an app that does nothing."""
    installed = metrics.current()
    assert installed is not None
    wrapped = MetricsMiddleware(empty_app, installed)
    route = SimpleNamespace(path="/healthz")  # what the router leaves in the scope
    scope = {"type": "http", "method": "GET", "path": "/healthz", "headers": [], "route": route}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        return None

    async def run(app: Any) -> float:
        began = time.perf_counter()
        for _ in range(n):
            await app(dict(scope), receive, send)
        return (time.perf_counter() - began) / n

    await run(wrapped)  # warm-up
    bare = min([await run(empty_app) for _ in range(5)])
    metered = min([await run(wrapped) for _ in range(5)])
    return {"middleware_us": round((metered - bare) * 1e6, 2)}


def hooks_cost(n: int) -> dict[str, float]:
    """Seconds of the hooks one RAG turn calls: turn, retrieval, conversation, engine load, generation."""
    turn = TurnResult(reply="", route="rag", language="zh", confidence=0.93, screened=Verdict())
    began = time.perf_counter()
    for _ in range(n):
        metrics.record_turn(turn)
        metrics.record_retrieval("rag", [0.61, 0.52])
        metrics.record_conversation_started()
        for running in (1, 0, 1, 0):  # a generation's gate changes
            metrics.record_engine_load(running, 0, 32)
        metrics.record_generation(0.2, 1.5, 30, 400, 30)
    return {"turn_hooks_us": round((time.perf_counter() - began) / n * 1e6, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=6, help="passes over each case's requests")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the requests per block")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="default: a temporary copy of the demo KB"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "metrics_overhead.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(data_dir=args.data_dir or Path(scratch) / "data", log_level="warning")
        results: dict[str, Any] = {
            "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()},
            "rounds": args.rounds,
            "scale": args.scale,
        }
        results |= asyncio.run(compare(settings, args.rounds, args.scale))
        results["metrics_work"] = asyncio.run(middleware_cost(20000)) | hooks_cost(20000)
    print(f"{'case':<20} {'off median ms':>14} {'on median ms':>13} {'overhead %':>11} {'paired %':>9}")
    for case, *_ in CASES:
        row = results[case]
        print(
            f"{case:<20} {row['metrics_off']['median_ms']:>14.3f} {row['metrics_on']['median_ms']:>13.3f} "
            f"{row['overhead_pct_of_medians']:>11.2f} {row['overhead_pct_paired']:>9.2f}"
        )
    work = results["metrics_work"]
    print(f"metrics work: middleware {work['middleware_us']} µs, RAG turn hooks {work['turn_hooks_us']} µs")
    print(f"/metrics scrape: median {results['scrape']['median_ms']} ms, {results['scrape']['bytes']} bytes")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
