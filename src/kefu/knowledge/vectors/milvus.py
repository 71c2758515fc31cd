"""`milvus` vector backend: Milvus (a server, or milvus-lite in a local file), via pymilvus.

Optional: `pip install kefu[milvus]`. `uri` is a Milvus server URL (`http://host:19530`) or a
milvus-lite file path; by default a milvus-lite file `milvus.db` under the backend's root.
milvus-lite locks its file to one process, so a CLI ingest while the server runs needs a server.

Each knowledge base gets an alias (`kefu_<name>_<hash>`) pointing at one collection holding its
current version (`<alias>_v<version>`, with `kefu.kb` and `kefu.version` as collection
properties). A build fills the new version's collection, loads it, switches the alias to it
(atomically, so readers never see half a build) and drops the older versions' collections.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kefu.errors import EngineUnavailable
from kefu.knowledge.vectors.base import check_input, query_vector
from kefu.knowledge.vectors.registry import register

# Imported by name so that type checking and the other backends work without the optional package.
pymilvus: Any = importlib.import_module("pymilvus")

INSERT_BATCH = 1000
PREFIX = "kefu_"


class VectorStoreUnavailable(EngineUnavailable):
    """The Milvus server failed or cannot be reached."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.message = f"The vector database is unavailable ({detail}); please try again shortly."
        self.message_zh = f"向量数据库暂时不可用（{detail}），请稍后再试。"
        self.args = (self.message,)


class MilvusIndex:
    """One version of a knowledge base's vectors, searched in its own collection."""

    def __init__(self, client: Any, collection: str, dimension: int, count: int) -> None:
        self._client = client
        self.collection = collection
        self.dimension = dimension
        self.count = count

    def search(self, query: NDArray[np.float32], top_k: int) -> list[tuple[int, float]]:
        """(key, cosine similarity) best first; query is L2-normalised, shape (d,)."""
        row = query_vector(query, self.dimension)
        if top_k <= 0 or self.count == 0:
            return []
        with _unavailable_on_error("search"):
            hits = self._client.search(
                self.collection,
                data=[row[0].tolist()],
                limit=top_k,
                anns_field="vector",
                output_fields=["id"],
                search_params={"metric_type": "IP"},
            )
        return [(int(hit["id"]), float(hit["distance"])) for hit in hits[0]]


class MilvusBackend:
    """Knowledge base indexes as Milvus collections; see the module documentation."""

    name = "milvus"

    def __init__(
        self, root: Path, *, uri: str | None = None, token: str | None = None, index_type: str = "FLAT"
    ) -> None:
        self.root = Path(root)
        self.uri = uri or str(self.root / "milvus.db")
        self.index_type = index_type  # FLAT is exact; HNSW or AUTOINDEX for big collections on a server
        self._token = token
        self._client: Any = None
        self._lock = threading.Lock()

    def load(self, kb: str, version: int) -> MilvusIndex | None:
        """The index of `kb` at `version`; None when the alias is missing or points at another version."""
        client = self._connect()
        alias, collection = _alias(kb), _collection(kb, version)
        with _unavailable_on_error("load"):
            if alias not in _aliases(client) or client.describe_alias(alias)["collection_name"] != collection:
                return None
            described = client.describe_collection(collection)
            if described.get("properties", {}).get("kefu.version") != str(version):
                return None
            client.load_collection(collection)
            count = int(client.get_collection_stats(collection)["row_count"])
        dimension = next(f["params"]["dim"] for f in described["fields"] if f["name"] == "vector")
        return MilvusIndex(client, collection, int(dimension), count)

    def build(
        self, kb: str, version: int, keys: NDArray[np.int64], vectors: NDArray[np.float32]
    ) -> MilvusIndex:
        """Fill `<alias>_v<version>`, switch the alias to it, drop older versions."""
        keys, vectors = check_input(keys, vectors)
        client = self._connect()
        alias, collection = _alias(kb), _collection(kb, version)
        with _unavailable_on_error("build"):
            if client.has_collection(collection):
                client.drop_collection(collection)  # a crashed or repeated build of this version
            self._create(client, collection, kb, version, int(vectors.shape[1]))
            for start in range(0, len(keys), INSERT_BATCH):
                batch = slice(start, start + INSERT_BATCH)
                rows = zip(keys[batch].tolist(), vectors[batch].tolist(), strict=True)
                client.insert(collection, [{"id": key, "vector": vector} for key, vector in rows])
            client.flush(collection)
            client.load_collection(collection)
            if alias in _aliases(client):
                client.alter_alias(collection, alias)
            else:
                client.create_alias(collection, alias)
            for older in self._collections(client, kb, below=version):
                client.drop_collection(older)
        return MilvusIndex(client, collection, int(vectors.shape[1]), len(keys))

    def drop(self, kb: str) -> None:
        """Drop the alias and every version's collection of `kb`."""
        client = self._connect()
        with _unavailable_on_error("drop"):
            if _alias(kb) in _aliases(client):
                client.drop_alias(_alias(kb))
            for collection in self._collections(client, kb):
                client.drop_collection(collection)

    def close(self) -> None:
        """Disconnect (and stop milvus-lite, releasing its file)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _connect(self) -> Any:
        with self._lock:
            if self._client is None:
                if "://" not in self.uri:
                    Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
                with _unavailable_on_error("connect"):
                    self._client = pymilvus.MilvusClient(uri=self.uri, token=self._token or "")
            return self._client

    def _create(self, client: Any, collection: str, kb: str, version: int, dimension: int) -> None:
        schema = pymilvus.MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", pymilvus.DataType.INT64, is_primary=True)
        schema.add_field("vector", pymilvus.DataType.FLOAT_VECTOR, dim=dimension)
        index_params = client.prepare_index_params()
        index_params.add_index(field_name="vector", index_type=self.index_type, metric_type="IP")
        properties = {"kefu.kb": kb, "kefu.version": str(version)}
        client.create_collection(collection, schema=schema, index_params=index_params, properties=properties)

    @staticmethod
    def _collections(client: Any, kb: str, below: int | None = None) -> list[str]:
        pattern = re.compile(rf"{re.escape(_alias(kb))}_v(\d+)")
        matches = (pattern.fullmatch(name) for name in client.list_collections())
        return [m.group(0) for m in matches if m and (below is None or int(m.group(1)) < below)]


def _alias(kb: str) -> str:
    """A valid, unique Milvus name for `kb`: letters, digits and underscores, plus a hash of the name."""
    readable = re.sub(r"[^0-9A-Za-z]+", "_", kb).strip("_")[:40]
    return f"{PREFIX}{readable}_{hashlib.sha256(kb.encode('utf-8')).hexdigest()[:8]}"


def _aliases(client: Any) -> list[str]:
    listed = client.list_aliases()  # {"aliases": [...], ...} in pymilvus 2.4+
    return list(listed.get("aliases", []) if isinstance(listed, dict) else listed)


def _collection(kb: str, version: int) -> str:
    if version < 0:
        raise ValueError(f"version must not be negative, got {version}")
    return f"{_alias(kb)}_v{version}"


@contextmanager
def _unavailable_on_error(action: str) -> Iterator[None]:
    """Turn pymilvus failures (server down, timeout, milvus-lite file locked) into VectorStoreUnavailable."""
    try:
        yield
    except pymilvus.MilvusException as error:
        raise VectorStoreUnavailable(f"Milvus {action} failed: {error}") from None


@register("milvus")
def create_milvus_backend(
    root: Path, uri: str | None = None, token: str | None = None, index_type: str = "FLAT"
) -> MilvusBackend:
    return MilvusBackend(root, uri=uri, token=token, index_type=index_type)
