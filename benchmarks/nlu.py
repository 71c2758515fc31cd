"""NLU inference latency: `NluModel.predict` per utterance, p50/p95/p99, one thread and torch's default.

The utterances are the test split of --data (default: the shipped demo data set) or the lines of
--texts; each is predicted --repeats times after a warm-up, single-threaded
(`torch.set_num_threads(1)`, what kefu uses) and with torch's default thread count. Prints a table
and writes JSON (default benchmarks/results/nlu.json).

    python benchmarks/nlu.py [--model DIR] [--data DIR | --texts FILE] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import torch

from kefu.nlu import DEMO_MODEL_DIR, NluModel
from kefu.nlu.data import load_split

ROOT = Path(__file__).resolve().parent.parent


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "mean": round(statistics.fmean(values), 3)}


def measure(model: NluModel, texts: list[str], repeats: int) -> dict[str, Any]:
    for text in texts[:50]:
        model.predict(text)  # warm-up
    timings = []
    for _ in range(repeats):
        for text in texts:
            began = time.perf_counter()
            model.predict(text)
            timings.append((time.perf_counter() - began) * 1000)
    return {"threads": torch.get_num_threads(), "predictions": len(timings), **percentiles(timings)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=DEMO_MODEL_DIR)
    parser.add_argument("--data", type=Path, default=ROOT / "src" / "kefu" / "nlu" / "demo")
    parser.add_argument("--texts", type=Path, default=None, help="one utterance per line (instead of --data)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "nlu.json")
    args = parser.parse_args()
    if args.texts:
        texts = [line for line in args.texts.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        texts = [e.text for e in load_split(args.data, "test")]
    default_threads = torch.get_num_threads()
    results: dict[str, Any] = {
        "model": str(args.model),
        "utterances": len(texts),
        "mean_chars": round(statistics.fmean(len(t) for t in texts), 1),
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": default_threads},
        "torch": torch.__version__,
    }
    started = time.perf_counter()
    model = NluModel.load(args.model, threads=1)
    results["load_ms"] = round((time.perf_counter() - started) * 1000, 1)
    results["single_thread"] = measure(model, texts, args.repeats)
    torch.set_num_threads(default_threads)
    results["default_threads"] = measure(model, texts, args.repeats)
    print(f"{len(texts)} utterances (mean {results['mean_chars']} chars), model {args.model}")
    print(f"{'threads':<20} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name in ("single_thread", "default_threads"):
        r = results[name]
        label = f"{name} ({r['threads']})"
        print(f"{label:<20} {r['p50']:>8} {r['p95']:>8} {r['p99']:>8} {r['mean']:>8}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
