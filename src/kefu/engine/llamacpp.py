"""`llamacpp` engine, the embedded default: a supervised `llama-server` child process.

llama-server brings continuous batching over `max_batch_size` slots, prompt caching and its
own worker threads, so generation never runs in kefu's event loop and a crash in native
code cannot take the API process down: the supervisor restarts the child. kefu talks to it
over loopback with the same client as the `openai` engine (docs/decisions/0001-llama-server.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import socket
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from kefu.config import Settings
from kefu.engine.base import ChatMessage, Delta, GenerationParams, ModelInfo
from kefu.engine.model_file import GGUFSummary, inspect_gguf
from kefu.engine.openai import OpenAICompatibleEngine
from kefu.engine.registry import register
from kefu.errors import ConfigError, EngineUnavailable, ModelFileError

log = logging.getLogger(__name__)
SERVED_NAME = "kefu-llamacpp"


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


def llama_server_arguments(settings: Settings) -> dict[str, Any]:
    """The llama-server flags kefu's settings translate into (`kefu config show` prints them)."""
    slots = settings.max_batch_size
    cores = available_cores()
    return {
        "--parallel": slots,  # max_batch_size: sequences decoded together (continuous batching)
        "--kv-unified": True,
        "--ctx-size": max(
            settings.context_length, min(settings.context_length * slots, settings.llamacpp.kv_cache_tokens)
        ),
        "--kv-unified-per-slot": settings.context_length,
        "--threads": min(settings.intra_op_parallelism, cores),  # intra-op: threads inside each op
        "--threads-batch": min(settings.inter_op_parallelism, cores),  # prompt processing threads
        "--n-gpu-layers": 999 if settings.gpu_memory_fraction > 0 else 0,  # no-op on a CPU build
        "expected_model_precision": settings.precision,  # GGUF files carry their quantization
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Linux: have the kernel stop llama-server if kefu itself is killed (-9 included)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LlamaCppEngine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.server_path = settings.llama_server_path
        self.model_path = settings.model_path
        self.log_path = settings.data_dir / "logs" / "llama-server.log"
        self.port = 0
        self.model: GGUFSummary | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._client: OpenAICompatibleEngine | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._closing = False
        self._restarts = 0

    def _command(self) -> list[str]:
        args = llama_server_arguments(self.settings)
        command = [
            str(self.server_path),
            "--model",
            str(self.model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--alias",
            SERVED_NAME,
            "--no-webui",
            "--metrics",
            "--log-disable" if self.settings.log_level == "error" else "--log-timestamps",
        ]
        for flag, value in args.items():
            if not flag.startswith("--"):
                continue
            command += [flag] if value is True else [flag, str(value)]
        return command

    async def start(self) -> None:
        if not self.server_path.is_file():
            raise ConfigError(
                f"llama-server not found at {self.server_path}: run `make` (it builds llama.cpp once into "
                "the cache), or set KEFU_LLAMACPP__SERVER_PATH"
            )
        self.model = await asyncio.to_thread(inspect_gguf, self.model_path)
        if self.model.precision != self.settings.precision:
            log.warning(
                "model %s stores %s weights but KEFU_PRECISION=%s; serving the file as it is",
                self.model_path.name,
                self.model.precision,
                self.settings.precision,
            )
        await self._launch()
        self._supervisor = asyncio.create_task(self._supervise(), name="llama-server-supervisor")

    async def _launch(self) -> None:
        self.port = _free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log_file:
            self._process = await asyncio.create_subprocess_exec(
                *self._command(),
                stdout=log_file,
                stderr=log_file,
                stdin=asyncio.subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        client = OpenAICompatibleEngine(
            f"http://127.0.0.1:{self.port}/v1",
            SERVED_NAME,
            timeout_s=self.settings.engine_timeout_s,
            engine_name="llamacpp",
            keepalive=False,  # llama-server drops reused keep-alive connections; loopback connects are cheap
            info=self.describe(),
        )
        await client.start()
        if self._client is not None:
            await self._client.aclose()
        self._client = client
        await self._wait_until_loaded()
        if self.settings.llamacpp.warmup:
            await self._warm_up()

    async def _wait_until_loaded(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.settings.llamacpp.startup_timeout_s
        async with httpx.AsyncClient(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self._process.returncode is not None:
                    raise ModelFileError(
                        f"llama-server exited with code {self._process.returncode} while loading "
                        f"{self.model_path}:\n{self._log_tail()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get(f"http://127.0.0.1:{self.port}/health")).status_code == 200:
                        return
                await asyncio.sleep(0.25)
        await self._stop_process()
        raise EngineUnavailable(
            f"llama-server did not load the model within {self.settings.llamacpp.startup_timeout_s:g} s"
        )

    async def _warm_up(self) -> None:
        # The first request after loading is slow (allocations, page faults); pay it now.
        async for _ in self.stream([ChatMessage("user", "你好")], GenerationParams(max_tokens=2)):
            pass

    async def _supervise(self) -> None:
        while not self._closing:
            assert self._process is not None
            code = await self._process.wait()
            if self._closing:
                return
            self._restarts += 1
            log.error("llama-server exited with code %s; restarting (restart %d)", code, self._restarts)
            await asyncio.sleep(min(30.0, 0.5 * 2 ** min(self._restarts, 6)))
            try:
                await self._launch()
            except Exception:
                log.exception("llama-server failed to restart")

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    async def check(self) -> None:
        if self._process is None or self._process.returncode is not None or self._client is None:
            raise EngineUnavailable("llama-server is not running")
        try:
            async with httpx.AsyncClient(timeout=2.0) as http:
                response = await http.get(f"http://127.0.0.1:{self.port}/health")
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"llama-server does not answer ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise EngineUnavailable(f"llama-server is not ready (HTTP {response.status_code})")

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        if self._client is None or self._process is None or self._process.returncode is not None:
            return _fail(EngineUnavailable("llama-server is not running"))
        return self._client.stream(messages, params)

    def describe(self) -> ModelInfo:
        model = self.model
        return ModelInfo(
            name=model.name if model else self.model_path.name,
            engine="llamacpp",
            quantization=model.quantization if model else None,
            context_length=self.settings.context_length,
            path=str(self.model_path),
            parameters={
                "parameters": model.parameters if model else None,
                "architecture": model.architecture if model else None,
                "trained_context_length": model.context_length if model else None,
                "size_bytes": model.size_bytes if model else None,
                "llama_server": str(self.server_path),
                **{k.lstrip("-"): v for k, v in llama_server_arguments(self.settings).items()},
            },
        )

    async def _stop_process(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def aclose(self) -> None:
        self._closing = True
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        await self._stop_process()
        if self._client is not None:
            await self._client.aclose()


async def _fail(error: Exception) -> AsyncIterator[Delta]:
    raise error
    yield  # pragma: no cover - makes this an async generator


@register("llamacpp", llama_server_arguments)
def create_llamacpp_engine(settings: Settings) -> LlamaCppEngine:
    return LlamaCppEngine(settings)
