"""The effective settings as an admin may read them: every secret redacted.

Three rules, each enough on its own:

- a `SecretStr` setting is never dumped in clear (pydantic writes `**********`);
- a setting whose name looks secret (`key`, `secret`, `password`, `token`, `credential`, `dsn`,
  `signing`, `private` as a word of its name) is redacted whatever its type, when it is set;
- in every string, the password of a URL (`scheme://user:password@host`, a database DSN) and
  secret-looking query parameters (`?password=…`, `?token=…`) are redacted.
"""

from __future__ import annotations

import re
from typing import Any

from kefu.config import Settings

REDACTED = "**********"
SECRET_WORDS = frozenset(
    {
        "key",
        "secret",
        "password",
        "passwd",
        "pwd",
        "token",
        "credential",
        "credentials",
        "dsn",
        "signing",
        "private",
    }
)
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@:\s]*):[^/@\s]*@")
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&](?:password|passwd|pwd|token|access_token|api_key|apikey|key|secret)=)[^&#\s]*",
    re.IGNORECASE,
)


def looks_secret(name: str) -> bool:
    """Whether a setting's name says it holds a secret (`api_key`, `secret_key`, `milvus.token`);
    `kv_cache_tokens` and `max_reply_tokens` are counts, not secrets."""
    return any(word in SECRET_WORDS for word in re.split(r"[_\W]+", name.lower()))


def redact_text(text: str) -> str:
    """A string with the passwords of its URLs and its secret query parameters redacted."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{REDACTED}@", text)
    return _QUERY_SECRET.sub(lambda m: f"{m['head']}{REDACTED}", text)


def redacted_settings(settings: Settings) -> tuple[dict[str, Any], list[str]]:
    """The settings as JSON with every secret redacted, and the dotted names of what was redacted."""
    redacted: list[str] = []
    view = _redact(settings.model_dump(mode="json"), "", redacted)
    return view, sorted(redacted)


def _redact(value: Any, path: str, redacted: list[str]) -> Any:
    if isinstance(value, dict):
        return {k: _redact(v, f"{path}.{k}" if path else str(k), redacted) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, path, redacted) for v in value]
    name = path.rsplit(".", 1)[-1]
    if value is not None and (looks_secret(name) or value == REDACTED):
        redacted.append(path)
        return REDACTED
    if isinstance(value, str):
        shown = redact_text(value)
        if shown != value:
            redacted.append(path)
        return shown
    return value
