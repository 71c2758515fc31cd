"""Cross-origin access for browsers: the widget runs on the company's own site and calls kefu.

Allowed origins come from `KEFU_CORS_ORIGINS`. In dev, when none are set, pages served from
localhost or 127.0.0.1 (any port) may call kefu, so the widget can be tried on a local page.
Credentials (cookies) are never allowed cross-origin: the widget sends its token in the
Authorization header, and the session cookie is for kefu's own pages.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from kefu.config import Settings

DEV_ORIGINS = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?"
ALLOWED_HEADERS = [
    "Authorization",
    "Content-Type",
    "Accept-Language",
    "Last-Event-ID",
    "X-API-Key",
    "X-Request-Id",
]
EXPOSED_HEADERS = ["Retry-After", "X-Request-Id"]


def install_cors(app: FastAPI, settings: Settings) -> None:
    """Answer preflights and add the CORS headers for the configured origins (call it last, so that
    it wraps every other middleware and even their errors carry the headers)."""
    origins = settings.cors_origins
    regex = DEV_ORIGINS if not origins and settings.env == "dev" else None
    if not origins and regex is None:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_origin_regex=regex,
        allow_methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=600,
    )
