"""`faiss` vector backend, the embedded default: one faiss index file per knowledge base version.

Up to `exact_limit` vectors the index is exact (a flat inner-product scan: 1.4 ms at 20k vectors
on one core); above it, an HNSW graph over the same float32 vectors, whose scores are still exact
inner products: at 100k, efSearch 256 measured recall@10 0.999 at under 1 ms p50
(docs/decisions/0002-vector-index.md).

Files live in `root` as `<kb>.v<version>.faiss`: a small JSON header (knowledge base, version,
count, CRC-32 of the payload) followed by the serialised faiss index. A build writes a hidden temp
file, fsyncs it and renames it into place, so a reader in another thread or process sees either
the whole old file or the whole new one; `load` checks the header and checksum before handing
any byte to faiss, and answers None for a missing, truncated or corrupt file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import struct
import tempfile
import time
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from numpy.typing import NDArray

from kefu.knowledge.vectors.base import check_input, query_vector
from kefu.knowledge.vectors.registry import register

log = logging.getLogger(__name__)

MAGIC = b"KEFUVEC1"
FORMAT = 1
SUFFIX = ".faiss"
STALE_TEMP_S = 3600.0  # a temp file this old is a crashed build's, not one being written
_HEADER_LENGTH = struct.Struct("<I")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


class FaissIndex:
    """A loaded index: exact (flat) or HNSW; thread-safe for concurrent searches."""

    def __init__(self, index: Any, ef_search: int | None) -> None:
        self._index = index
        self._ef_search = ef_search  # None: exact flat index
        self.count = int(index.ntotal)
        self.dimension = int(index.d)

    @property
    def exact(self) -> bool:
        return self._ef_search is None

    def search(self, query: NDArray[np.float32], top_k: int) -> list[tuple[int, float]]:
        """(key, cosine similarity) best first; query is L2-normalised, shape (d,)."""
        row = query_vector(query, self.dimension)
        k = min(top_k, self.count)
        if k <= 0:
            return []
        # Per-call parameters, never `index.hnsw.efSearch = ...`: other threads search the same index.
        params = None
        if self._ef_search is not None:  # faiss's bundled stubs lack SearchParametersHNSW
            params = faiss.SearchParametersHNSW(efSearch=max(self._ef_search, k))  # type: ignore[attr-defined]
        # One query is too small to share out: OpenMP threads on a busy box cost 10-50 ms at p95
        # (benchmarks/retrieval.py). The setting is per calling thread; builds keep every core.
        faiss.omp_set_num_threads(1)
        scores, ids = self._index.search(row, k, params=params)
        return [(int(key), float(score)) for key, score in zip(ids[0], scores[0], strict=True) if key != -1]


class FaissBackend:
    """Indexes of every knowledge base, as files under `root` (the caller passes `<data_dir>/vectors`)."""

    name = "faiss"

    def __init__(
        self,
        root: Path,
        *,
        exact_limit: int = 20_000,
        hnsw_m: int = 32,
        ef_construction: int = 128,
        ef_search: int = 256,
    ) -> None:
        self.root = Path(root)
        self.exact_limit = exact_limit
        self.hnsw_m = hnsw_m
        self.ef_construction = ef_construction
        self.ef_search = ef_search

    def load(self, kb: str, version: int) -> FaissIndex | None:
        """The index built for `kb` at `version`; None when missing, unreadable or corrupt."""
        path = self._path(kb, version)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            index, hnsw = _decode(data, kb, version)
        except (ValueError, KeyError, TypeError, RuntimeError) as exc:
            log.warning("ignoring vector index %s (it will be rebuilt): %s", path, exc)
            return None
        return FaissIndex(index, self.ef_search if hnsw else None)

    def build(
        self, kb: str, version: int, keys: NDArray[np.int64], vectors: NDArray[np.float32]
    ) -> FaissIndex:
        """Index the vectors, write `<kb>.v<version>.faiss` atomically, remove older versions of `kb`."""
        keys, vectors = check_input(keys, vectors)
        index, hnsw = self._index(keys, vectors)
        payload = faiss.serialize_index(index)
        header = {
            "format": FORMAT,
            "kb": kb,
            "version": version,
            "count": len(keys),
            "dimension": int(vectors.shape[1]),
            "kind": "hnsw" if hnsw else "flat",
            "payload_bytes": int(payload.nbytes),
            "crc32": zlib.crc32(payload.data),
        }
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomically(self._path(kb, version), _encode_header(header), payload)
        self._remove_older(kb, version)
        return FaissIndex(index, self.ef_search if hnsw else None)

    def drop(self, kb: str) -> None:
        """Remove every version of `kb`'s index (and any temp file a build left)."""
        for path, _ in self._versions(kb):
            path.unlink(missing_ok=True)
        for temp in self._temps(kb):
            temp.unlink(missing_ok=True)

    def _index(self, keys: NDArray[np.int64], vectors: NDArray[np.float32]) -> tuple[Any, bool]:
        """The faiss index over `vectors` and whether it is HNSW (else exact)."""
        dimension = int(vectors.shape[1])
        hnsw = len(keys) > self.exact_limit
        inner: Any
        if hnsw:
            inner = faiss.IndexHNSWFlat(dimension, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = self.ef_construction
        else:
            inner = faiss.IndexFlatIP(dimension)
        index = faiss.IndexIDMap(inner)
        if len(keys):
            index.add_with_ids(vectors, keys)
        return index, hnsw

    def _path(self, kb: str, version: int) -> Path:
        if version < 0:
            raise ValueError(f"version must not be negative, got {version}")
        return self.root / f"{_stem(kb)}.v{version}{SUFFIX}"

    def _versions(self, kb: str) -> list[tuple[Path, int]]:
        pattern = re.compile(rf"{re.escape(_stem(kb))}\.v(\d+){re.escape(SUFFIX)}")
        if not self.root.is_dir():
            return []
        found = ((path, pattern.fullmatch(path.name)) for path in self.root.iterdir())
        return [(path, int(match.group(1))) for path, match in found if match]

    def _temps(self, kb: str) -> list[Path]:
        return list(self.root.glob(f".{_stem(kb)}.v*.tmp")) if self.root.is_dir() else []

    def _remove_older(self, kb: str, version: int) -> None:
        for path, older in self._versions(kb):
            if older < version:
                path.unlink(missing_ok=True)
        now = time.time()
        for temp in self._temps(kb):
            with suppress(OSError):
                if now - temp.stat().st_mtime > STALE_TEMP_S:
                    temp.unlink()


def _stem(kb: str) -> str:
    """A file-name-safe stem for `kb`: the name itself when plain ASCII, else `_` and a hash of it."""
    if _SAFE_NAME.fullmatch(kb):
        return kb
    return "_" + hashlib.sha256(kb.encode("utf-8")).hexdigest()[:32]


def _encode_header(header: dict[str, Any]) -> bytes:
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return MAGIC + _HEADER_LENGTH.pack(len(text)) + text


def _decode(data: bytes, kb: str, version: int) -> tuple[Any, bool]:
    """(faiss index, is it HNSW) from a file's bytes, once they are checked whole and `kb` v`version`."""
    if not data.startswith(MAGIC):
        raise ValueError("not a kefu vector index file")
    start = len(MAGIC) + _HEADER_LENGTH.size
    (length,) = _HEADER_LENGTH.unpack_from(data, len(MAGIC))
    header = json.loads(data[start : start + length].decode("utf-8"))
    payload = memoryview(data)[start + length :]
    if header["format"] != FORMAT or header["kb"] != kb or header["version"] != version:
        raise ValueError(
            f"header names {header.get('kb')!r} v{header.get('version')}, format {header.get('format')}"
        )
    if len(payload) != header["payload_bytes"] or zlib.crc32(payload) != header["crc32"]:
        raise ValueError("truncated or corrupt (size or checksum mismatch)")
    index = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
    if index.ntotal != header["count"] or index.d != header["dimension"]:
        raise ValueError("index contents disagree with the header")
    return index, header["kind"] == "hnsw"


def _write_atomically(path: Path, header: bytes, payload: NDArray[np.uint8]) -> None:
    """Write to a temp file beside `path`, fsync it, rename it over `path`, fsync the directory."""
    fd, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name.removesuffix(SUFFIX)}.", suffix=".tmp"
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(payload.data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@register("faiss")
def create_faiss_backend(
    root: Path, exact_limit: int = 20_000, hnsw_m: int = 32, ef_construction: int = 128, ef_search: int = 256
) -> FaissBackend:
    return FaissBackend(
        root, exact_limit=exact_limit, hnsw_m=hnsw_m, ef_construction=ef_construction, ef_search=ef_search
    )
