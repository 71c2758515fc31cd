"""Every error leaves as `{"error": {"code", "message"}}`, in Chinese for Chinese requests.

A pure ASGI guard checks JSON bodies before routing (size, UTF-8, JSON syntax) and notes the
request's language; handlers map kefu's errors, FastAPI's validation errors and anything
unexpected (logged, never shown) onto the envelope.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.errors import EngineBusy, KefuError

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1 << 20
_CJK = re.compile(r"[\u3400-\u9fff]")

_HTTP_MESSAGES = {
    404: ("not_found", "No such endpoint.", "接口不存在。"),
    405: ("method_not_allowed", "Method not allowed on this endpoint.", "该接口不支持此请求方法。"),
}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def request_language(request: Request) -> str:
    state_lang = getattr(request.state, "lang", None)
    if state_lang:
        return str(state_lang)
    accept = request.headers.get("accept-language", "")
    return "zh" if accept.lower().startswith("zh") else "en"


def _respond(request: Request, status: int, code: str, en: str, zh: str, **headers: str) -> JSONResponse:
    message = zh if request_language(request) == "zh" else en
    return JSONResponse(error_body(code, message), status_code=status, headers=headers or None)


async def kefu_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KefuError)
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, EngineBusy) else {}
    if exc.status >= 500:
        log.warning("%s: %s", exc.code, exc.message)
    return _respond(request, exc.status, exc.code, exc.message, exc.message_zh, **headers)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    what = str(first.get("msg", "invalid"))
    return _respond(
        request,
        422,
        "validation_error",
        f"Invalid request field {where!r}: {what}.",
        f"请求字段 {where!r} 无效：{what}。",
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, en, zh = _HTTP_MESSAGES.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
    return _respond(request, exc.status_code, code, en, zh)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(
        request, 500, "internal_error", "Internal error; it has been logged.", "服务器内部错误，已记录。"
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KefuError, kefu_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


def is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class JSONBodyGuard:
    """Reject unreadable JSON bodies before routing; remember whether the request is Chinese."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        zh = headers.get("accept-language", "").lower().startswith("zh")
        if not is_json(headers.get("content-type", "")):
            scope.setdefault("state", {})["lang"] = "zh" if zh else "en"
            await self.app(scope, receive, send)
            return
        body, too_big = await _read_body(receive)
        problem: tuple[int, str, str, str] | None = None
        if too_big:
            problem = (
                413,
                "body_too_large",
                f"The request body exceeds {MAX_BODY_BYTES} bytes.",
                "请求体过大。",
            )
        else:
            try:
                text = body.decode("utf-8")
                zh = zh or bool(_CJK.search(text))
                json.loads(text)
            except UnicodeDecodeError:
                problem = (
                    400,
                    "invalid_utf8",
                    "The request body is not valid UTF-8.",
                    "请求体不是有效的 UTF-8 编码。",
                )
            except ValueError as exc:
                problem = (
                    400,
                    "invalid_json",
                    f"The request body is not valid JSON: {exc}.",
                    "请求体不是有效的 JSON。",
                )
        if problem:
            status, code, en, zh_message = problem
            response = JSONResponse(error_body(code, zh_message if zh else en), status_code=status)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["lang"] = "zh" if zh else "en"
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later: wait for the disconnect, as Starlette expects

    return replay
