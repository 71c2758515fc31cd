"""Reading server-sent events in tests."""

from __future__ import annotations

import json
from typing import Any

import httpx


class EventReader:
    """Server-sent events of one open response, one at a time."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.iter_lines()

    def next(self) -> dict[str, Any]:
        event: dict[str, Any] = {}
        for line in self.lines:
            if not line:
                if event:
                    return event
                continue
            field, _, value = line.partition(":")
            if field == "":
                event.setdefault("comments", []).append(value.strip())
            else:
                event[field] = value.strip()
        raise AssertionError(f"the stream ended: {event}")

    def next_data(self) -> dict[str, Any]:
        """The next event carrying data (skipping retry hints and heartbeats)."""
        while True:
            event = self.next()
            if "data" in event:
                return {
                    "sse_id": event.get("id"),
                    "sse_event": event.get("event"),
                    **json.loads(event["data"]),
                }
