"""Engine benchmark: kefu's /v1/chat/completions beside raw llama-server and llama-bench.

Both servers run the same GGUF with the same threads and slots, one after the other (never
at once: they would share the cores). For each it measures single-stream time to first
token (p50/p95) and decode speed, and aggregate tokens/s at concurrency 1, 4 and 8. It
prints a table and writes JSON (default benchmarks/results/engine-<time>.json).

    python benchmarks/engine.py [--runs 5] [--max-tokens 64] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kefu.config import load_settings
from kefu.engine.llamacpp import available_cores

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ["退货流程", "配送时效", "会员积分", "发票开具", "保修服务", "支付方式", "售后维修", "账户安全"]


@dataclass
class Target:
    name: str
    base_url: str
    model: str


@dataclass
class StreamStats:
    ttft_s: float
    decode_tokens_per_s: float
    completion_tokens: int
    seconds: float


def prompt(run: int) -> list[dict[str, str]]:
    # A distinct prompt per request so the prompt cache does not flatter time-to-first-token.
    topic = TOPICS[run % len(TOPICS)]
    content = f"（第{run}号）请详细介绍电商客服中关于{topic}的常见问题和处理方法。"
    return [{"role": "user", "content": content}]


async def one_stream(client: httpx.AsyncClient, target: Target, run: int, max_tokens: int) -> StreamStats:
    body = {
        "model": target.model,
        "messages": prompt(run),
        "max_tokens": max_tokens,
        "stream": True,
        "temperature": 0.0,
        "stream_options": {"include_usage": True},
    }
    started = time.perf_counter()
    first = last = 0.0
    pieces = tokens = 0
    async with client.stream("POST", f"{target.base_url}/chat/completions", json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not line.startswith("data:") or line.endswith("[DONE]"):
                continue
            chunk = json.loads(line[5:])
            if chunk.get("usage"):
                tokens = chunk["usage"]["completion_tokens"]
            for choice in chunk.get("choices") or []:
                if (choice.get("delta") or {}).get("content"):
                    last = time.perf_counter()
                    first = first or last
                    pieces += 1
    tokens = tokens or pieces
    decode = (tokens - 1) / (last - first) if tokens > 1 and last > first else 0.0
    return StreamStats(first - started, decode, tokens, last - started)


async def measure(target: Target, runs: int, max_tokens: int) -> dict[str, Any]:
    # Fresh connections for both targets: llama-server drops reused keep-alive connections.
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=600, limits=limits) as client:
        await one_stream(client, target, 999, 8)  # warm-up
        singles = [await one_stream(client, target, run, max_tokens) for run in range(runs)]
        ttfts = sorted(s.ttft_s for s in singles)
        result: dict[str, Any] = {
            "ttft_p50_s": round(statistics.median(ttfts), 3),
            "ttft_p95_s": round(ttfts[min(len(ttfts) - 1, round(0.95 * (len(ttfts) - 1)))], 3),
            "single_stream_tokens_per_s": round(statistics.median(s.decode_tokens_per_s for s in singles), 2),
            "aggregate_tokens_per_s": {},
        }
        for concurrency in (1, 4, 8):
            started = time.perf_counter()
            streams = await asyncio.gather(
                *(one_stream(client, target, 100 * concurrency + i, max_tokens) for i in range(concurrency))
            )
            wall = time.perf_counter() - started
            result["aggregate_tokens_per_s"][str(concurrency)] = round(
                sum(s.completion_tokens for s in streams) / wall, 2
            )
    return result


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before it was ready")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} not ready within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def run_raw(args: argparse.Namespace, threads: int, log: Path, slots: int) -> dict[str, Any]:
    settings = load_settings()
    port = 18931
    command = [
        str(settings.llama_server_path),
        "-m",
        str(settings.model_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "-np",
        str(slots),
        "-c",
        str(settings.context_length * slots),
        "--kv-unified",
        "-t",
        str(threads),
        "-tb",
        str(threads),
        "--no-webui",
        "-a",
        "raw",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(f"http://127.0.0.1:{port}/health", process)
        return asyncio.run(
            measure(Target("llama-server", f"http://127.0.0.1:{port}/v1", "raw"), args.runs, args.max_tokens)
        )
    finally:
        stop(process)


def run_kefu(args: argparse.Namespace, threads: int, log: Path, data_dir: Path) -> dict[str, Any]:
    port = 18932
    env = {
        **os.environ,
        "KEFU_PORT": str(port),
        "KEFU_DATA_DIR": str(data_dir),
        "KEFU_MAX_BATCH_SIZE": str(args.slots),
        "KEFU_INTRA_OP_PARALLELISM": str(threads),
        "KEFU_INTER_OP_PARALLELISM": str(threads),
        "KEFU_LOG_LEVEL": "warning",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kefu", "serve"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz", process)
        model = httpx.get(f"{base}/v1/models").json()["data"][1]["id"]
        return asyncio.run(measure(Target("kefu", f"{base}/v1", model), args.runs, args.max_tokens))
    finally:
        stop(process)


def run_llama_bench(threads: int) -> dict[str, float]:
    settings = load_settings()
    bench = settings.llama_server_path.with_name("llama-bench")
    done = subprocess.run(
        [
            str(bench),
            "-m",
            str(settings.model_path),
            "-t",
            str(threads),
            "-p",
            "512",
            "-n",
            "128",
            "-r",
            "2",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {("pp512" if r["n_prompt"] else "tg128"): round(r["avg_ts"], 2) for r in json.loads(done.stdout)}


def ratio(kefu: float, raw: float) -> str:
    return f"{100 * kefu / raw:.0f} %" if raw else "n/a"


def print_table(results: dict[str, Any]) -> None:
    raw, kefu = results["llama_server"], results["kefu"]
    rows = [
        ("TTFT p50 (s)", raw["ttft_p50_s"], kefu["ttft_p50_s"], ratio(raw["ttft_p50_s"], kefu["ttft_p50_s"])),
        ("TTFT p95 (s)", raw["ttft_p95_s"], kefu["ttft_p95_s"], ratio(raw["ttft_p95_s"], kefu["ttft_p95_s"])),
        (
            "single-stream tok/s",
            raw["single_stream_tokens_per_s"],
            kefu["single_stream_tokens_per_s"],
            ratio(kefu["single_stream_tokens_per_s"], raw["single_stream_tokens_per_s"]),
        ),
    ]
    for c, raw_tps in raw["aggregate_tokens_per_s"].items():
        kefu_tps = kefu["aggregate_tokens_per_s"][c]
        rows.append((f"aggregate tok/s, {c} streams", raw_tps, kefu_tps, ratio(kefu_tps, raw_tps)))
    print("\n| measure | raw llama-server | kefu | kefu / raw |\n|---|---|---|---|")
    for name, a, b, r in rows:
        print(f"| {name} | {a} | {b} | {r} |")
    print(f"\nllama-bench: {results['llama_bench']} (tokens/s, {results['threads']} threads)")
    if "llama_server_one_slot" in results:
        one_slot = results["llama_server_one_slot"]["aggregate_tokens_per_s"]
        print(f"llama-server with 1 slot, aggregate tok/s: {one_slot}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="single-stream requests per target")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--slots", type=int, default=8, help="parallel slots of both servers")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--one-slot-baseline", action="store_true", help="also measure llama-server with 1 slot"
    )
    args = parser.parse_args()
    threads = min(load_settings().intra_op_parallelism, available_cores())
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "servers.log"
        results: dict[str, Any] = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "machine": platform.node(),
            "cores": available_cores(),
            "threads": threads,
            "slots": args.slots,
            "runs": args.runs,
            "max_tokens": args.max_tokens,
            "model": load_settings().model_path.name,
        }
        print(f"llama-bench ({threads} threads) ...", flush=True)
        results["llama_bench"] = run_llama_bench(threads)
        print("raw llama-server ...", flush=True)
        results["llama_server"] = run_raw(args, threads, log, args.slots)
        if args.one_slot_baseline:
            # One sequence at a time: what an in-process llama-cpp-python Llama object serves.
            print("raw llama-server, 1 slot ...", flush=True)
            results["llama_server_one_slot"] = run_raw(args, threads, log, 1)
        print("kefu ...", flush=True)
        results["kefu"] = run_kefu(args, threads, log, Path(scratch) / "data")
    print_table(results)
    out = args.out or ROOT / "benchmarks" / "results" / f"engine-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
