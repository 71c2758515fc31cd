"""Errors that reach a customer, an operator or an API client.

Each carries a stable machine-readable `code`, an HTTP `status`, and the message in
English and Chinese; the API picks the language of the request.
"""

from __future__ import annotations


class KefuError(Exception):
    """Base of every error kefu reports on purpose."""

    code = "internal_error"
    status = 500

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message

    def message_for(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message


class ConfigError(KefuError):
    """A setting is invalid; start-up stops."""

    code = "invalid_configuration"


class InvalidInput(KefuError):
    """The client sent something kefu cannot accept (a 4xx)."""

    code = "invalid_input"
    status = 400

    def __init__(self, code: str, message: str, message_zh: str, status: int = 400) -> None:
        super().__init__(message, message_zh)
        self.code = code
        self.status = status


class NotFound(KefuError):
    code = "not_found"
    status = 404

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh)
        self.code = code


class EngineUnavailable(KefuError):
    """The LLM engine failed, timed out or is not running; nothing was stored."""

    code = "engine_unavailable"
    status = 503

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The answering engine is unavailable ({detail}); please try again shortly.",
            "回答引擎暂时不可用，请稍后再试。",
        )
        self.detail = detail


class EngineBusy(EngineUnavailable):
    """Admission control refused the request: every slot is busy and the queue is full."""

    code = "engine_busy"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__("all slots busy")
        self.message = f"kefu is serving too many conversations; retry in {retry_after_s} s."
        self.message_zh = f"当前咨询人数较多，请 {retry_after_s} 秒后重试。"
        self.retry_after_s = retry_after_s


class ModelFileError(KefuError):
    """The model file is missing or not a valid GGUF; start-up stops."""

    code = "model_file_invalid"
