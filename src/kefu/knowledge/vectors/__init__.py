"""Vector indexes: derived, rebuildable search structures over the vectors kept in the database."""

from kefu.knowledge.vectors.base import VectorBackend, VectorIndex
from kefu.knowledge.vectors.registry import create_vector_backend, known_vector_backends

__all__ = ["VectorBackend", "VectorIndex", "create_vector_backend", "known_vector_backends"]
