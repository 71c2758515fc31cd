"""Synthetic sentence vectors for the benchmarks: sizes that would take too long to embed."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]


def mix(real: Vectors, n: int, rng: np.random.Generator, noise: float = 0.1) -> Vectors:
    """`n` random convex combinations of 2-4 rows of `real`, plus noise of norm about `noise`,
    each normalised: vectors that sit where real sentences do, without embedding any."""
    parts = rng.integers(2, 5, size=n)
    block = np.zeros((n, real.shape[1]), dtype=np.float32)
    for j in range(4):
        weight = rng.random(n).astype(np.float32) * (parts > j)
        block += weight[:, None] * real[rng.integers(0, len(real), size=n)]
    block /= np.linalg.norm(block, axis=1, keepdims=True)
    block += rng.normal(0, noise / np.sqrt(real.shape[1]), size=block.shape).astype(np.float32)
    return np.asarray(block / np.linalg.norm(block, axis=1, keepdims=True), dtype=np.float32)
