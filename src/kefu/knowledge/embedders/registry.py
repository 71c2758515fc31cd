"""Embedders registered by name; the knowledge base's settings pick one."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from kefu.errors import ConfigError
from kefu.knowledge.embedders.base import Embedder

EmbedderFactory = Callable[..., Embedder]

_BUILTIN_MODULES = {
    "openai": "kefu.knowledge.embedders.openai",
    "usem3": "kefu.knowledge.embedders.usem3",
}
_factories: dict[str, EmbedderFactory] = {}


def register(name: str) -> Callable[[EmbedderFactory], EmbedderFactory]:
    """Register an embedder factory (called with the embedder's options as keywords) under `name`."""

    def decorate(factory: EmbedderFactory) -> EmbedderFactory:
        _factories[name] = factory
        return factory

    return decorate


def known_embedders() -> list[str]:
    return sorted({*_BUILTIN_MODULES, *_factories})


def create_embedder(name: str, **options: Any) -> Embedder:
    """The embedder called `name`, built with `options`; nothing is loaded or contacted yet."""
    if name not in _factories and name in _BUILTIN_MODULES:
        importlib.import_module(_BUILTIN_MODULES[name])
    if name not in _factories:
        known = ", ".join(known_embedders())
        raise ConfigError(
            f"unknown embedder {name!r}; known: {known}", f"未知的向量化模型 {name!r}；可选：{known}"
        )
    factory = _factories[name]
    try:
        inspect.signature(factory).bind(**options)
    except TypeError as exc:
        raise ConfigError(
            f"invalid options for embedder {name!r}: {exc}", f"向量化模型 {name!r} 的参数无效：{exc}"
        ) from None
    return factory(**options)
