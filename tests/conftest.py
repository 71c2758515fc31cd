"""Shared fixtures: settings in a temporary data dir, an app over a fake engine, and a real
kefu server (uvicorn + llama-server with the real model) reached over HTTP."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.config import Settings, load_settings
from kefu.dialog.runtime import open_knowledge_layer
from kefu.engine.base import ChatMessage, GenerationParams
from kefu.engine.fake import FakeEngine
from kefu.store.database import Database


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the demo KB, ingested once (real embedder, real vector index);
    tests get copies, so each starts from the same state without embedding it again."""
    template = tmp_path_factory.mktemp("demo") / "data"
    demo_settings = load_settings(data_dir=template)

    async def seed() -> None:
        async with open_knowledge_layer(demo_settings) as (_database, knowledge):
            await knowledge.service.index(demo_settings.default_kb)

    asyncio.run(seed())
    return template


def copy_demo_data(demo_data: Path, target: Path) -> Path:
    shutil.copytree(demo_data, target)
    return target


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """An empty SQLite database, migrated to the newest schema."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}")
    await db.migrate()
    yield db
    await db.aclose()


@pytest.fixture
def settings(tmp_path: Path, demo_data: Path) -> Settings:
    return load_settings(data_dir=copy_demo_data(demo_data, tmp_path / "data"))


def echo_facts(messages: Sequence[ChatMessage], params: GenerationParams) -> str:
    """A fake LLM that answers with the first line of the first reference it was given."""
    last = messages[-1].content
    facts = last.split("\n", 3)
    return facts[2] if len(facts) > 2 else "好的。"


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(echo_facts)


@pytest.fixture
def client(settings: Settings, fake_engine: FakeEngine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=fake_engine), raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """`kefu serve` in a child process with the real model."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(data_dir: Path, **env: str) -> LiveServer:
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "serve.log"
    environment = {**os.environ, "KEFU_DATA_DIR": str(data_dir), "KEFU_PORT": str(port), **env}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kefu", "serve"], env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kefu serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return LiveServer(url, data_dir, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"kefu serve not ready in time:\n{log.read_text()[-3000:]}")


def _require_model() -> None:
    settings = Settings()
    missing = [p for p in (settings.llama_server_path, settings.model_path) if not p.is_file()]
    if missing:
        pytest.fail(f"run `make install` first: missing {', '.join(map(str, missing))}")


@pytest.fixture(scope="session")
def server_factory(
    tmp_path_factory: pytest.TempPathFactory, demo_data: Path
) -> Iterator[Callable[..., LiveServer]]:
    """Start real servers on demand (by default on a copy of the demo data); all are stopped
    at the end of the session."""
    _require_model()
    started: list[LiveServer] = []

    def start(data_dir: Path | None = None, **env: str) -> LiveServer:
        if data_dir is None:
            data_dir = copy_demo_data(demo_data, tmp_path_factory.mktemp("live") / "data")
        server = start_server(data_dir, **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def live(server_factory: Callable[..., LiveServer]) -> LiveServer:
    """One real kefu shared by the model tests (4 slots keep a 2-core machine responsive)."""
    return server_factory(KEFU_MAX_BATCH_SIZE="8")
