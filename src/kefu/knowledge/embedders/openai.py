"""`openai` embedder: any server with an OpenAI-compatible `/embeddings` endpoint.

vLLM, Ollama, Xinference, text-embeddings-inference and llama-server all offer one. The client
is synchronous: callers run `embed` in a thread, as they do for the local embedders.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.embedders.base import EmbedderUnavailable, batches, normalise_rows
from kefu.knowledge.embedders.registry import register

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_SYMBOL = re.compile(r"[^\w\s]")
TOKENS_PER_WORD = 1.3


class OpenAIEmbedder:
    """Embeds with `POST {base_url}/embeddings`, `batch_size` texts per request.

    `base_url` is the URL ending in `/v1`. The vectors are re-normalised here, since not every
    server returns unit vectors. `dimension` is learned from the first answer unless given.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        *,
        batch_size: int = 64,
        dimension: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.batch_size = batch_size
        self._dimension = dimension
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(headers=headers, timeout=timeout_s, transport=transport)

    @property
    def dimension(self) -> int:
        """The vector length: given, or learned from the server (one request the first time)."""
        if self._dimension is None:
            self.embed(["dimension"])
        assert self._dimension is not None
        return self._dimension

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit vector per text, in order; raises `EngineUnavailable` when the server fails."""
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        parts = [self._embed_batch(batch) for batch in batches(texts, self.batch_size)]
        return normalise_rows(np.concatenate(parts))

    def count_tokens(self, text: str) -> int:
        """An estimate, since the server's tokenizer is not at hand here.

        Each CJK character (Chinese, Japanese kana, Korean syllables) counts 1, each other word
        (a run of letters or digits) 1.3, and each punctuation mark or symbol 1; the total is
        rounded up. Subword tokenizers typically land within ±30 % of this for Chinese and English.
        """
        cjk = len(_CJK.findall(text))
        words = len(_WORD.findall(text))
        symbols = len(_SYMBOL.findall(text))
        return cjk + symbols + math.ceil(TOKENS_PER_WORD * words)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _embed_batch(self, texts: Sequence[str]) -> NDArray[np.float32]:
        body = {"model": self.model, "input": list(texts), "encoding_format": "float"}
        url = f"{self.base_url}/embeddings"
        try:
            response = self._client.post(url, json=body)
        except httpx.TimeoutException:
            raise EmbedderUnavailable(f"{url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise EmbedderUnavailable(f"cannot reach {url}: {type(exc).__name__}") from None
        if response.status_code != 200:
            detail = response.text[:300]
            raise EmbedderUnavailable(f"HTTP {response.status_code} from {url}: {detail}")
        return self._vectors(response, len(texts))

    def _vectors(self, response: httpx.Response, expected: int) -> NDArray[np.float32]:
        """The embeddings of an answer, checked: one per input, ordered by index, one length, finite."""
        try:
            data: list[dict[str, Any]] = response.json()["data"]
            ordered = sorted(data, key=lambda item: int(item["index"]))
            matrix = np.array([item["embedding"] for item in ordered], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbedderUnavailable(f"not an OpenAI embeddings answer ({type(exc).__name__})") from None
        if matrix.ndim != 2 or matrix.shape[0] != expected or matrix.shape[1] == 0:
            raise EmbedderUnavailable(f"expected {expected} vectors, got an array of shape {matrix.shape}")
        if self._dimension is not None and matrix.shape[1] != self._dimension:
            raise EmbedderUnavailable(f"vectors of dimension {matrix.shape[1]}, expected {self._dimension}")
        if not np.isfinite(matrix).all():
            raise EmbedderUnavailable("the vectors contain NaN or infinity")
        self._dimension = int(matrix.shape[1])
        return matrix


@register("openai")
def create_openai_embedder(
    base_url: str,
    model: str,
    api_key: str | None = None,
    timeout_s: float = 30.0,
    batch_size: int = 64,
    dimension: int | None = None,
) -> OpenAIEmbedder:
    return OpenAIEmbedder(base_url, model, api_key, timeout_s, batch_size=batch_size, dimension=dimension)
