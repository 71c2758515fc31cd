"""Keyset pagination: a page ends with an opaque cursor holding the sort key of its last row.

A cursor is the base64url of a small JSON array (a moment as ISO 8601, an id, a number), so
a page never skips or repeats rows when new ones arrive, and no OFFSET scan grows with the
page number. A cursor that does not decode is a 422 `invalid_cursor`.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from kefu.errors import InvalidInput

MAX_CURSOR_CHARS = 512


def invalid_cursor() -> InvalidInput:
    return InvalidInput(
        "invalid_cursor",
        "The cursor is not one this endpoint returned; start again without it.",
        "cursor 参数无效（须为本接口返回的 next_cursor），请去掉它重新开始。",
        status=422,
    )


def encode_cursor(*key: str | int | datetime) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *kinds: type[Any]) -> tuple[Any, ...]:
    """The key a cursor holds, each value checked against `kinds` (`datetime`, `str` or `int`)."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid_cursor() from None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise invalid_cursor()
    return tuple(_typed(value, kind) for value, kind in zip(values, kinds, strict=True))


def _typed(value: Any, kind: type[Any]) -> Any:
    if kind is datetime and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise invalid_cursor() from None
        if moment.tzinfo is None:
            raise invalid_cursor()
        return moment
    if kind is int and isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
        return value
    if kind is str and isinstance(value, str) and len(value) <= 64:
        return value
    raise invalid_cursor()
