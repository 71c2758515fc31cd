"""The NLU layer's own error."""

from __future__ import annotations

from kefu.errors import KefuError


class NluModelError(KefuError):
    """An NLU model directory is incomplete or corrupt."""

    code = "nlu_model_invalid"
