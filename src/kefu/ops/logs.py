"""Process-wide logging: one JSON object per line, or plain text for a terminal.

A JSON line holds `timestamp` (UTC, ISO 8601), `level`, `logger`, `message`, and, when known,
`request_id` (the request being served) and `conversation_id` (the conversation being
answered), plus any `extra=` fields and `exc_info` for an exception. In both formats every
text is passed through the PII masker first: a customer's phone number, ID number, e-mail,
address or name that reaches a log message (a business system's answer quoted in a warning,
an exception about a value) is written masked (`138****5678`), never raw.

`configure_logging` is called once by each `kefu` command; the server hands uvicorn's own
loggers (start-up, access log) to the same handler, so they are JSON lines too.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from kefu.ops.context import current_caller, current_conversation
from kefu.safety.masking import Masker

LogFormat = Literal["json", "text"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(context)s: %(message)s"
CONTEXT_FIELDS = ("request_id", "conversation_id")
_NOT_MASKED = frozenset({"timestamp", "level", "logger", *CONTEXT_FIELDS})
_masker = Masker()  # `mask` mode for every type: logs never hold a token to reveal


def mask(text: str) -> str:
    """`text` with the personal data it holds masked."""
    return _masker.mask(text).text


class ContextFilter(logging.Filter):
    """Adds the request id and the conversation id of the task that logs to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_caller().request_id
        record.conversation_id = current_conversation()
        known = [f"{name}={getattr(record, name)}" for name in CONTEXT_FIELDS if getattr(record, name)]
        record.context = f" [{' '.join(known)}]" if known else ""
        return True


class MaskingJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, with kefu's field names and every free text masked."""

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "context", "color_message"],  # uvicorn: ANSI colours
            timestamp=True,
            json_ensure_ascii=False,
        )

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        ordered = {"timestamp": log_data.pop("timestamp").isoformat(timespec="milliseconds")}
        for key, value in log_data.items():
            if key in CONTEXT_FIELDS and value is None:
                continue
            ordered[key] = _masked(value) if key not in _NOT_MASKED else value
        return ordered


class MaskingTextFormatter(logging.Formatter):
    """`TEXT_FORMAT`, the whole line masked."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record comes (test runners swap it)."""

    _kefu = True

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def handler(log_format: LogFormat, stream: TextIO | None = None) -> logging.Handler:
    """A handler writing `log_format` to `stream` (default: stderr), with the request context and
    PII masking."""
    installed = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    installed.setFormatter(MaskingJsonFormatter() if log_format == "json" else MaskingTextFormatter())
    installed.addFilter(ContextFilter())
    return installed


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    """Send every logger's records to stderr in `log_format` at `level` and above.

    Like `logging.basicConfig`, it leaves alone a process whose logging someone else has set up
    (an application embedding kefu, a test runner); a handler of an earlier call is replaced.
    """
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_kefu", False)]
    if root.handlers and not ours:
        return
    for old in ours:
        root.removeHandler(old)
    root.addHandler(handler(log_format))
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # warnings become records too, not raw lines on stderr


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, Mapping):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value
