"""Vector backends: exact answers, persistence, corrupt files, versions, drop, atomic writes.

The faiss backend is tested always (exact and HNSW modes); the milvus backend against milvus-lite
when pymilvus and milvus-lite are installed (`pip install kefu[milvus]`).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from kefu.errors import ConfigError
from kefu.knowledge.vectors import VectorBackend, create_vector_backend
from kefu.knowledge.vectors.faiss import FaissBackend

HAS_MILVUS = all(importlib.util.find_spec(m) is not None for m in ("pymilvus", "milvus_lite"))


def unit_rows(n: int, d: int = 16, seed: int = 0) -> NDArray[np.float32]:
    rows = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def brute_force(
    keys: NDArray[np.int64], vectors: NDArray[np.float32], query: NDArray[np.float32], k: int
) -> list[int]:
    scores = vectors @ query
    return [int(keys[i]) for i in np.argsort(-scores, kind="stable")[:k]]


@pytest.fixture(
    params=[
        "faiss",
        pytest.param(
            "milvus",
            marks=pytest.mark.skipif(
                not HAS_MILVUS, reason="pymilvus/milvus-lite not installed: pip install kefu[milvus]"
            ),
        ),
    ]
)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorBackend]:
    created = create_vector_backend(request.param, tmp_path / "vectors")
    yield created
    close = getattr(created, "close", None)
    if close is not None:
        close()


def reopen(backend: VectorBackend, root: Path) -> VectorBackend:
    """A new backend instance over the same storage, as after a restart."""
    close = getattr(backend, "close", None)
    if close is not None:
        close()
    return create_vector_backend(backend.name, root)


def test_small_sets_are_searched_exactly(backend: VectorBackend) -> None:
    keys = np.arange(100, 400, dtype=np.int64)
    vectors = unit_rows(300)
    index = backend.build("demo", 1, keys, vectors)
    for query in unit_rows(20, seed=1):
        hits = index.search(query, 10)
        assert [key for key, _ in hits] == brute_force(keys, vectors, query, 10)
        scores = np.array([score for _, score in hits])
        np.testing.assert_allclose(scores, np.sort(vectors @ query)[::-1][:10], atol=1e-5)
    assert index.search(vectors[7], 1)[0][0] == 107


def test_top_k_beyond_the_index_and_an_empty_index(backend: VectorBackend) -> None:
    index = backend.build("demo", 1, np.array([5, 9], dtype=np.int64), unit_rows(2))
    assert sorted(key for key, _ in index.search(unit_rows(1, seed=3)[0], 10)) == [5, 9]
    assert index.search(unit_rows(1, seed=3)[0], 0) == []
    empty = backend.build("empty", 1, np.empty(0, dtype=np.int64), np.empty((0, 16), dtype=np.float32))
    assert empty.search(unit_rows(1)[0], 5) == []


def test_an_index_survives_a_restart(backend: VectorBackend, tmp_path: Path) -> None:
    keys, vectors = np.arange(50, dtype=np.int64) * 3, unit_rows(50)
    built = backend.build("客服知识库", 4, keys, vectors)
    query = unit_rows(1, seed=2)[0]
    expected = built.search(query, 5)
    again = reopen(backend, tmp_path / "vectors")
    try:
        loaded = again.load("客服知识库", 4)
        assert loaded is not None
        assert [k for k, _ in loaded.search(query, 5)] == [k for k, _ in expected]
        assert again.load("客服知识库", 3) is None
        assert again.load("other", 4) is None
    finally:
        close = getattr(again, "close", None)
        if close is not None:
            close()


def test_a_newer_version_replaces_the_older_one(backend: VectorBackend) -> None:
    backend.build("demo", 1, np.arange(10, dtype=np.int64), unit_rows(10))
    backend.build("other", 1, np.arange(10, dtype=np.int64), unit_rows(10))
    index = backend.build("demo", 2, np.arange(20, 30, dtype=np.int64), unit_rows(10, seed=5))
    assert backend.load("demo", 1) is None
    loaded = backend.load("demo", 2)
    assert loaded is not None and loaded.search(unit_rows(1)[0], 1)[0][0] >= 20
    assert index.search(unit_rows(1)[0], 1) == loaded.search(unit_rows(1)[0], 1)
    assert backend.load("other", 1) is not None


def test_drop_forgets_every_version_of_one_knowledge_base(backend: VectorBackend) -> None:
    backend.build("demo", 1, np.arange(10, dtype=np.int64), unit_rows(10))
    backend.build("other", 1, np.arange(10, dtype=np.int64), unit_rows(10))
    backend.drop("demo")
    backend.drop("never-built")
    assert backend.load("demo", 1) is None
    assert backend.load("other", 1) is not None


def test_bad_input_is_refused(backend: VectorBackend) -> None:
    with pytest.raises(ValueError, match="n keys"):
        backend.build("demo", 1, np.arange(3, dtype=np.int64), unit_rows(4))
    with pytest.raises(ValueError, match="unique"):
        backend.build("demo", 1, np.array([1, 1], dtype=np.int64), unit_rows(2))
    index = backend.build("demo", 1, np.arange(3, dtype=np.int64), unit_rows(3))
    with pytest.raises(ValueError, match="dimension"):
        index.search(np.ones(8, dtype=np.float32), 3)


# ----------------------------------------------------------------------------- faiss files


def test_faiss_loads_nothing_from_missing_truncated_or_corrupt_files(tmp_path: Path) -> None:
    backend = FaissBackend(tmp_path)
    assert FaissBackend(tmp_path / "absent").load("demo", 1) is None
    backend.build("demo", 1, np.arange(200, dtype=np.int64), unit_rows(200))
    path = tmp_path / "demo.v1.faiss"
    data = path.read_bytes()
    assert backend.load("demo", 1) is not None

    path.write_bytes(data[: len(data) // 2])  # truncated
    assert backend.load("demo", 1) is None
    flipped = bytearray(data)
    flipped[-100] ^= 0xFF  # one bad byte in the faiss payload
    path.write_bytes(bytes(flipped))
    assert backend.load("demo", 1) is None
    path.write_bytes(b"garbage")
    assert backend.load("demo", 1) is None
    path.write_bytes(b"")
    assert backend.load("demo", 1) is None
    (tmp_path / "demo.v2.faiss").write_bytes(data)  # a v1 file renamed to v2: the header disagrees
    assert backend.load("demo", 2) is None


def test_faiss_writes_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    backend = FaissBackend(tmp_path)
    for version in (1, 2, 3):
        backend.build("demo", version, np.arange(30, dtype=np.int64), unit_rows(30, seed=version))
    backend.build("客服", 1, np.arange(30, dtype=np.int64), unit_rows(30))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and "demo.v3.faiss" in names
    assert all(not n.startswith(".") and n.endswith(".faiss") for n in names)


def test_faiss_temp_file_is_removed_when_a_build_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = FaissBackend(tmp_path)
    backend.build("demo", 1, np.arange(30, dtype=np.int64), unit_rows(30))

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kefu.knowledge.vectors.faiss.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        backend.build("demo", 2, np.arange(30, dtype=np.int64), unit_rows(30))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.v1.faiss"]
    assert backend.load("demo", 1) is not None


def test_faiss_readers_never_see_a_half_written_file(tmp_path: Path) -> None:
    backend = FaissBackend(tmp_path)
    keys, vectors = np.arange(2000, dtype=np.int64), unit_rows(2000, d=64)
    backend.build("demo", 1, keys, vectors)
    errors: list[str] = []
    stop = threading.Event()

    def read() -> None:
        reader = FaissBackend(tmp_path)
        while not stop.is_set():
            for version in (1, 2, 3, 4):
                index = reader.load("demo", version)
                if index is not None and len(index.search(vectors[0], 3)) != 3:
                    errors.append(f"v{version} answered short")

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for version in (2, 3, 4):
        backend.build("demo", version, keys, vectors)
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.v4.faiss"]


def test_faiss_switches_to_hnsw_above_the_exact_limit_and_keeps_recall(tmp_path: Path) -> None:
    keys, vectors = np.arange(3000, dtype=np.int64) + 10, unit_rows(3000, d=32)
    exact = FaissBackend(tmp_path / "exact").build("demo", 1, keys, vectors)
    hnsw = FaissBackend(tmp_path / "hnsw", exact_limit=1000).build("demo", 1, keys, vectors)
    assert exact.exact and not hnsw.exact
    found = 0
    for query in unit_rows(50, d=32, seed=9):
        truth = brute_force(keys, vectors, query, 10)
        assert [k for k, _ in exact.search(query, 10)] == truth
        found += len({k for k, _ in hnsw.search(query, 10)} & set(truth))
    assert found / 500 >= 0.97
    loaded = FaissBackend(tmp_path / "hnsw").load("demo", 1)
    assert loaded is not None and not loaded.exact


def test_concurrent_searches_agree(tmp_path: Path) -> None:
    keys, vectors = np.arange(5000, dtype=np.int64), unit_rows(5000, d=64)
    index = FaissBackend(tmp_path, exact_limit=1000).build("demo", 1, keys, vectors)
    queries = unit_rows(40, d=64, seed=4)
    expected = [index.search(q, 10) for q in queries]
    results: dict[int, list[list[tuple[int, float]]]] = {}

    def run(worker: int) -> None:
        results[worker] = [index.search(q, 10) for q in queries]

    threads = [threading.Thread(target=run, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(found == expected for found in results.values())


def test_registry_names_the_known_backends(tmp_path: Path) -> None:
    assert create_vector_backend("faiss", tmp_path).name == "faiss"
    with pytest.raises(ConfigError, match="unknown vector backend 'x'; known: faiss, milvus"):
        create_vector_backend("x", tmp_path)
    with pytest.raises(ConfigError, match="invalid options for vector backend 'faiss'"):
        create_vector_backend("faiss", tmp_path, uri="http://milvus:19530")


def test_milvus_without_pymilvus_asks_for_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kefu.knowledge.vectors import registry

    monkeypatch.setitem(sys.modules, "pymilvus", None)  # makes `import pymilvus` raise ImportError
    monkeypatch.delitem(sys.modules, "kefu.knowledge.vectors.milvus", raising=False)
    monkeypatch.delitem(registry.backends.factories, "milvus", raising=False)
    with pytest.raises(ConfigError, match=r"install kefu\[milvus\]"):
        create_vector_backend("milvus", tmp_path)
