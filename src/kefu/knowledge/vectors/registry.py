"""Vector backends registered by name; the knowledge settings pick one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kefu.knowledge.vectors.base import VectorBackend
from kefu.registry import Registry

backends: Registry[VectorBackend] = Registry(
    "vector backend",
    "向量索引后端",
    {"faiss": "kefu.knowledge.vectors.faiss", "milvus": "kefu.knowledge.vectors.milvus"},
)
register = backends.register  # @register("name"): the factory is called as factory(root, **options)


def known_vector_backends() -> list[str]:
    return backends.known()


def create_vector_backend(name: str, root: Path, **options: Any) -> VectorBackend:
    """The backend called `name`, keeping its files (if it has any) under `root`."""
    return backends.create(name, root, **options)
