"""Sentence embedders: text in, L2-normalised vectors out. `create_embedder` picks one by name."""

from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.embedders.registry import create_embedder, known_embedders

__all__ = ["Embedder", "create_embedder", "known_embedders"]
