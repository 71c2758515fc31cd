"""The `api` fixture: each test runs in-process over a fake engine (fast) and over real HTTP
against a running kefu with the real model (`live`, marked `model`)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture(params=["fake", pytest.param("live", marks=pytest.mark.model)])
def api(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    if request.param == "fake":
        yield request.getfixturevalue("client")
        return
    live = request.getfixturevalue("live")
    with httpx.Client(base_url=live.url, timeout=120) as client:
        yield client
