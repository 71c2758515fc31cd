"""Rate limits: the token bucket on a fake clock, then 429 with Retry-After over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.api.ratelimit import MemoryLimiter, RateLimited, check
from kefu.engine.fake import FakeEngine
from tests.api.envelope import error_of
from tests.api.test_auth import bearer, secured_settings
from tests.conftest import copy_demo_data, echo_facts


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_one_per_interval() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock)
    assert [limiter.take("k", 3) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("k", 3) == pytest.approx(20.0)  # 3/min: one every 20 s
    clock.now += 10
    assert limiter.take("k", 3) == pytest.approx(10.0)
    clock.now += 10
    assert limiter.take("k", 3) == 0.0
    assert limiter.take("other", 3) == 0.0  # keys are independent


def test_bucket_refills_only_to_its_limit() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock)
    limiter.take("k", 2)
    clock.now += 3600
    assert [limiter.take("k", 2) for _ in range(3)][-1] > 0


def test_check_raises_with_whole_seconds_and_zero_means_off() -> None:
    limiter = MemoryLimiter(Clock())
    check(limiter, "k", 60)
    for _ in range(59):
        check(limiter, "k", 60)
    with pytest.raises(RateLimited) as raised:
        check(limiter, "k", 60)
    assert raised.value.retry_after_s == 1 and raised.value.status == 429
    for _ in range(1000):
        check(limiter, "k", 0)


def test_idle_buckets_are_forgotten_when_there_are_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kefu.api.ratelimit.MAX_BUCKETS", 10)
    clock = Clock()
    limiter = MemoryLimiter(clock)
    for n in range(10):
        limiter.take(f"ip{n}", 60)
    clock.now += 120  # all refilled
    limiter.take("new", 60)
    assert len(limiter._buckets) == 1


def test_per_caller_and_per_ip_limits_over_http(demo_data: Path, tmp_path: Path) -> None:
    settings = secured_settings(
        copy_demo_data(demo_data, tmp_path / "data"), rate_limit_per_minute=3, rate_limit_ip_per_minute=8
    )
    app = create_app(settings, engine=FakeEngine(echo_facts))
    with TestClient(app, raise_server_exceptions=False) as http:
        ann = bearer(mint_token(settings, "ann", "kb_editor", "default"))
        for _ in range(3):
            assert http.get("/v1/kb", headers=ann).status_code == 200
        limited = http.get("/v1/kb", headers=ann)
        error_of(limited, 429, "rate_limited")
        assert int(limited.headers["Retry-After"]) == 20
        assert "429" in http.get("/openapi.json").json()["paths"]["/v1/kb"]["get"]["responses"]

        ben = bearer(mint_token(settings, "ben", "kb_editor", "default"))  # another caller, same IP
        assert http.get("/v1/kb", headers=ben).status_code == 200
        for _ in range(20):  # health and readiness are never limited
            assert http.get("/healthz").status_code == 200
        statuses = [http.get("/v1/kb", headers=ben).status_code for _ in range(5)]
        assert statuses[-1] == 429  # the IP's 8 a minute are spent, whoever asks
        limited = http.get("/v1/kb", headers={"Accept-Language": "zh-CN"})  # even without credentials
        assert "请求过于频繁" in error_of(limited, 429, "rate_limited")
        assert limited.headers["Retry-After"].isdigit()
