"""Checking the error envelope of a response."""

from __future__ import annotations

import httpx


def error_of(response: httpx.Response, status: int, code: str) -> str:
    """The error message, after checking the status and the envelope."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code, body
    assert set(body) == {"error"} or code == "ingest_failed"  # an ingest report travels with its error
    return str(body["error"]["message"])
