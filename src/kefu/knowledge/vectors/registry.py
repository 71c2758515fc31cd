"""Vector backends registered by name; the knowledge settings pick one."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kefu.errors import ConfigError
from kefu.knowledge.vectors.base import VectorBackend

BackendFactory = Callable[..., VectorBackend]  # called as factory(root, **options)

_BUILTIN_MODULES = {
    "faiss": "kefu.knowledge.vectors.faiss",
    "milvus": "kefu.knowledge.vectors.milvus",
}
_factories: dict[str, BackendFactory] = {}


def register(name: str) -> Callable[[BackendFactory], BackendFactory]:
    """Register a backend factory, called with the root directory and the backend's options, under `name`."""

    def decorate(factory: BackendFactory) -> BackendFactory:
        _factories[name] = factory
        return factory

    return decorate


def known_vector_backends() -> list[str]:
    return sorted({*_BUILTIN_MODULES, *_factories})


def create_vector_backend(name: str, root: Path, **options: Any) -> VectorBackend:
    """The backend called `name`, keeping its files (if it has any) under `root`."""
    if name not in _factories and name in _BUILTIN_MODULES:
        _import(name)
    if name not in _factories:
        known = ", ".join(known_vector_backends())
        raise ConfigError(
            f"unknown vector backend {name!r}; known: {known}", f"未知的向量索引后端 {name!r}；可选：{known}"
        )
    factory = _factories[name]
    try:
        inspect.signature(factory).bind(root, **options)
    except TypeError as exc:
        raise ConfigError(
            f"invalid options for vector backend {name!r}: {exc}", f"向量索引后端 {name!r} 的参数无效：{exc}"
        ) from None
    return factory(root, **options)


def _import(name: str) -> None:
    try:
        importlib.import_module(_BUILTIN_MODULES[name])
    except ImportError as exc:
        raise ConfigError(
            f"vector backend {name!r} needs a package that is not installed ({exc.name}); "
            f"install kefu[{name}]",
            f"向量索引后端 {name!r} 缺少依赖包（{exc.name}），请安装 kefu[{name}]",
        ) from None
