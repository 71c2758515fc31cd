"""Several worker processes share KEFU_METRICS_MULTIPROC_DIR: a scrape of any one of them adds up
every worker's counters, and a worker that stopped (or was killed) no longer counts in the live
gauges."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_demo_data
from tests.ops.prom import samples, value

ROOT = Path(__file__).resolve().parents[2]


def run_worker(data_dir: Path, shared: Path, requests: int, *flags: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tests.ops.metrics_worker", str(data_dir), str(shared), str(requests), *flags],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=ROOT,  # `tests` is importable from the repository root
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_scrape_adds_up_every_worker(demo_data: Path, tmp_path: Path) -> None:
    shared = tmp_path / "metrics"
    data_dir = copy_demo_data(demo_data, tmp_path / "data")
    run_worker(data_dir, shared, 3, "--crash")  # the first worker answers and dies (no clean-up)
    assert list(shared.glob("gauge_livesum_*.db"))  # it left its live gauges behind
    pid_line, page = run_worker(data_dir, shared, 4, "--scrape").split("\n", 1)
    second = pid_line.removeprefix("pid ")

    assert value(page, "kefu_requests_total", route="/healthz", method="GET", status="200") == 3 + 4
    assert value(page, "kefu_requests_total", route="/generate", method="POST", status="200") == 2
    assert value(page, "kefu_request_duration_seconds_count", route="/healthz", method="GET") == 7
    assert value(page, "kefu_turns_total", route="faq") == 2
    assert value(page, "kefu_conversations_started_total") == 2
    # Live gauges: only the running worker's slots (the dead one's were dropped at the next start).
    assert value(page, "kefu_engine_slots") == 32
    assert value(page, "kefu_requests_in_flight") == 1  # the scrape, in the second worker
    pids = {s.labels["pid"] for s in samples(page) if s.name == "kefu_process_resident_memory_bytes"}
    assert pids == {second}  # the stopped worker is not reported
    files = sorted(p.name for p in shared.iterdir())
    # Both workers stopped: no live gauge is left, but the counters stay (totals never go backwards).
    assert not [f for f in files if f.startswith("gauge_livesum")], files
    assert f"counter_{second}.db" in files
