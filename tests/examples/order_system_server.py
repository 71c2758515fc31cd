"""The demo order system as a real child process (`python -m examples.order_system`), for the
flow tests and the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class OrderSystem:
    url: str
    process: subprocess.Popen[bytes]
    token: str | None = None

    def faults(self, mode: str, seconds: float = 5.0, count: int | None = None) -> None:
        """Make the business endpoints fail (`down|slow|garbage|partial`) or heal them (`none`)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body: dict[str, Any] = {"mode": mode, "seconds": seconds, "count": count}
        httpx.post(f"{self.url}/_faults", json=body, headers=headers, timeout=5).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_order_system(token: str | None = None) -> OrderSystem:
    """Start the demo system on a free port and wait until `/healthz` answers."""
    port = free_port()
    env = {**os.environ, "ORDER_SYSTEM_TOKEN": token or ""}
    log = tempfile.TemporaryFile()  # noqa: SIM115  (a pipe nobody reads would fill and stall the server)
    process = subprocess.Popen(
        [sys.executable, "-m", "examples.order_system", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise RuntimeError(f"the order system exited with {process.returncode}:\n{error[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return OrderSystem(url, process, token)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the order system did not start in 30 s")
