"""`openai` engine: any OpenAI-compatible server (vLLM, SGLang, llama-server, Ollama, Xinference)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from kefu.config import Settings
from kefu.engine.base import ChatMessage, Delta, GenerationParams, ModelInfo
from kefu.engine.registry import register
from kefu.errors import EngineUnavailable


class OpenAICompatibleEngine:
    """Streams `/chat/completions` from a server at `base_url` (the URL ending in `/v1`)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        connect_timeout_s: float = 5.0,
        engine_name: str = "openai",
        info: ModelInfo | None = None,
        extra_body: dict[str, Any] | None = None,
        keepalive: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s)
        self._info = info or ModelInfo(name=model, engine=engine_name, parameters={"base_url": self.base_url})
        self._extra_body = extra_body or {}
        self._keepalive = keepalive
        self._transport = transport  # tests pass httpx.MockTransport
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        # No connection limit: admission control, not the pool, decides how many run at once.
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=64 if self._keepalive else 0)
        self._client = httpx.AsyncClient(
            headers=self._headers, timeout=self._timeout, limits=limits, transport=self._transport
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def check(self) -> None:
        try:
            response = await self._http().get(f"{self.base_url}/models", timeout=5.0)
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"cannot reach {self.base_url}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise EngineUnavailable(f"{self.base_url}/models answered HTTP {response.status_code}")

    def describe(self) -> ModelInfo:
        return self._info

    async def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> AsyncIterator[Delta]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "stream": True,
            "stream_options": {"include_usage": True},
            **self._extra_body,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        produced = False
        for attempt in (1, 2):
            try:
                async for delta in self._request(body, deadline):
                    produced = True
                    yield delta
                return
            except httpx.RemoteProtocolError:
                # A server that closed a pooled connection as we reused it: nothing was
                # generated yet, so asking again once is safe.
                if produced or attempt == 2:
                    raise EngineUnavailable("the engine closed the connection") from None
            except TimeoutError:
                raise EngineUnavailable(f"no complete answer within {self.timeout_s:g} s") from None
            except httpx.TimeoutException:
                raise EngineUnavailable("the engine stopped responding (timeout)") from None
            except httpx.HTTPError as exc:
                raise EngineUnavailable(f"cannot reach {self.base_url}: {type(exc).__name__}") from None

    async def _request(self, body: dict[str, Any], deadline: float) -> AsyncIterator[Delta]:
        async with self._http().stream("POST", f"{self.base_url}/chat/completions", json=body) as response:
            if response.status_code != 200:
                detail = (await response.aread()).decode("utf-8", "replace")[:300]
                raise EngineUnavailable(f"HTTP {response.status_code} from the engine: {detail}")
            deltas = _parse_sse(response.aiter_lines())
            while True:
                # The deadline covers each wait for the engine, never the consumer's time between
                # deltas: a timeout scope spanning a `yield` would cancel the consumer instead.
                async with asyncio.timeout_at(deadline):
                    delta = await anext(deltas, None)
                if delta is None:
                    return
                yield delta

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            raise EngineUnavailable("engine not started")
        return self._client


async def _parse_sse(lines: AsyncIterator[str]) -> AsyncIterator[Delta]:
    """Turn OpenAI streaming lines into deltas; the usage chunk closes the stream."""
    finish: str | None = None
    pieces = 0
    async for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            break
        chunk = json.loads(data)
        if "error" in chunk:
            raise EngineUnavailable(f"engine error: {str(chunk['error'])[:300]}")
        for choice in chunk.get("choices") or []:
            text = (choice.get("delta") or {}).get("content") or ""
            finish = choice.get("finish_reason") or finish
            if text:
                pieces += 1
                yield Delta(text=text)
        usage = chunk.get("usage")
        if usage:
            yield Delta(
                text="",
                finish_reason=finish or "stop",
                prompt_tokens=usage.get("prompt_tokens"),
                completion_tokens=usage.get("completion_tokens"),
            )
            return
    yield Delta(text="", finish_reason=finish or "stop", completion_tokens=pieces)


def vllm_arguments(settings: Settings) -> dict[str, Any]:
    """The vLLM / SGLang server flags equivalent to kefu's inference parameters (we do not launch it)."""
    dtype = {"bf16": "bfloat16", "fp16": "float16"}.get(settings.precision, "auto")
    quantization = {"int8": "fp8 (or a W8A8 checkpoint)", "int4": "awq or gptq (a 4-bit checkpoint)"}
    return {
        "--max-num-seqs": settings.max_batch_size,
        "--dtype": dtype,
        "--quantization": quantization.get(settings.precision, "none"),
        "--gpu-memory-utilization": settings.gpu_memory_fraction,
        "--max-model-len": settings.context_length,
        "note": "inter/intra_op_parallelism have no vLLM equivalent; set --tensor-parallel-size per GPU",
    }


@register("openai", vllm_arguments)
def create_openai_engine(settings: Settings) -> OpenAICompatibleEngine:
    options = settings.openai
    return OpenAICompatibleEngine(
        options.base_url,
        options.model,
        api_key=options.api_key.get_secret_value() if options.api_key else None,
        timeout_s=settings.engine_timeout_s,
        connect_timeout_s=options.connect_timeout_s,
    )
