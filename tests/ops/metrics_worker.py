"""One kefu worker process for tests/ops/test_multiprocess.py: the real app over a fake engine
with metrics in a shared directory; it answers some requests, may print a scrape, then exits.

    python -m tests.ops.metrics_worker DATA_DIR MULTIPROC_DIR REQUESTS [--scrape] [--crash]

`--crash` ends the process at once, as a killed worker ends (no clean-up at exit).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from tests.conftest import echo_facts


def main(data_dir: str, multiproc_dir: str, requests: str, *flags: str) -> None:
    settings = load_settings(data_dir=Path(data_dir), metrics_multiproc_dir=Path(multiproc_dir))
    app = create_app(settings, engine=FakeEngine(echo_facts))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        for _ in range(int(requests)):
            assert client.get("/healthz").status_code == 200
        assert client.post("/generate", json={"prompt": "满多少包邮？"}).status_code == 200
        if "--scrape" in flags:
            response = client.get("/metrics")
            assert response.status_code == 200
            sys.stdout.write(f"pid {os.getpid()}\n{response.text}")
        if "--crash" in flags:
            sys.stdout.flush()
            os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:])
