"""FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kefu.api.errors import is_json
from kefu.dialog.runtime import Runtime
from kefu.errors import InvalidInput


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def require_json(request: Request) -> None:
    """JSON endpoints refuse other media types with 415 (an empty body is allowed where optional)."""
    content_type = request.headers.get("content-type", "")
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    if (content_type or has_body) and not is_json(content_type):
        raise InvalidInput(
            "unsupported_media_type",
            f"Content-Type must be application/json, not {content_type or 'missing'!r}.",
            f"Content-Type 必须是 application/json（收到 {content_type or '空'!r}）。",
            status=415,
        )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
JSONOnly = Depends(require_json)
