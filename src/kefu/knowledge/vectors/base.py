"""What the knowledge layer needs from a vector index: build one per knowledge base version, search it.

The database holds every chunk's vector; an index is derived from it, persisted per knowledge base
and version, and rebuilt whenever `load` finds none. Keys are the chunks' integer ids.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray


class VectorIndex(Protocol):
    """A built index; `search` may be called from several threads at once."""

    def search(self, query: NDArray[np.float32], top_k: int) -> list[tuple[int, float]]:
        """(key, cosine similarity) best first; query is L2-normalised, shape (d,)."""
        ...


class VectorBackend(Protocol):
    """Builds, persists and loads the indexes of every knowledge base."""

    name: str

    def load(self, kb: str, version: int) -> VectorIndex | None:
        """The index of `kb` at `version`; None when not built, unreadable or corrupt (never raises)."""
        ...

    def build(
        self, kb: str, version: int, keys: NDArray[np.int64], vectors: NDArray[np.float32]
    ) -> VectorIndex:
        """Index `vectors` (L2-normalised rows, one per key), persist it atomically, drop older versions."""
        ...

    def drop(self, kb: str) -> None:
        """Forget every version of `kb`'s index."""
        ...


def check_input(
    keys: NDArray[np.int64], vectors: NDArray[np.float32]
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """`keys` and `vectors` as contiguous int64 and float32 arrays; ValueError unless they fit together."""
    keys = np.ascontiguousarray(keys, dtype=np.int64)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if keys.ndim != 1 or vectors.ndim != 2 or len(keys) != len(vectors):
        raise ValueError(f"need n keys and an (n, d) matrix, got shapes {keys.shape} and {vectors.shape}")
    if vectors.shape[1] == 0:
        raise ValueError("vectors must have at least one dimension")
    if len(np.unique(keys)) != len(keys):
        raise ValueError("keys must be unique")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors contain NaN or infinity")
    return keys, vectors


def query_vector(query: NDArray[np.float32], dimension: int) -> NDArray[np.float32]:
    """`query` as a contiguous (1, dimension) float32 row; ValueError on a wrong shape."""
    row = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
    if row.shape[1] != dimension:
        raise ValueError(f"query has dimension {row.shape[1]}, the index {dimension}")
    return row
