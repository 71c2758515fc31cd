"""What every embedder offers the knowledge layer: unit-length sentence vectors and a token count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from kefu.errors import EngineUnavailable


class Embedder(Protocol):
    """Turns texts into vectors whose dot product is their cosine similarity.

    `embed` may block for a while (a model forward pass or an HTTP call): async callers run it
    in a thread. Implementations batch internally, so any number of texts may be passed.
    """

    @property
    def name(self) -> str:
        """The registry name, recorded with every vector so a changed embedder is noticed."""
        ...

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised row per text, shape (len(texts), dimension)."""
        ...

    def count_tokens(self, text: str) -> int:
        """How many tokens the model sees for `text` (exact or approximate, per embedder)."""
        ...


class EmbedderUnavailable(EngineUnavailable):
    """A remote embedding service failed or answered nonsense; nothing was stored."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.message = f"The embedding service is unavailable ({detail}); please try again shortly."
        self.message_zh = f"向量化服务暂时不可用（{detail}），请稍后再试。"
        self.args = (self.message,)


def normalise_rows(vectors: NDArray[np.floating]) -> NDArray[np.float32]:
    """Rows scaled to unit length, as float32 (an all-zero row stays zero)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out = np.zeros_like(matrix)
    np.divide(matrix, norms, out=out, where=norms > 0)
    return out


def batches(texts: Sequence[str], size: int) -> list[Sequence[str]]:
    """`texts` cut into consecutive slices of at most `size`."""
    return [texts[i : i + size] for i in range(0, len(texts), size)]
