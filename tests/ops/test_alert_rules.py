"""deploy/prometheus/rules.yml is valid (`promtool check rules`) and behaves as its unit tests in
deploy/prometheus/tests/ say (`promtool test rules`): every alert fires above its threshold and
stays silent below. promtool comes with Debian's `prometheus` package (`make system-deps`); a
missing promtool fails these tests, it does not skip them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
RULES = DEPLOY / "rules.yml"
UNIT_TESTS = sorted((DEPLOY / "tests").glob("*.yml"))
REQUIRED = {
    "HighLatency",
    "HighErrorRate",
    "SlowTimeToFirstToken",
    "GpuMemoryHigh",
    "EngineQueueGrowing",
    "HandoffRateSpike",
    "ResolutionRateDrop",
    "KefuTargetDown",
}


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool not found: run `make system-deps` (Debian package `prometheus`)")
    return subprocess.run([found, *args], capture_output=True, text=True, timeout=300, check=False)


def alerts() -> dict[str, dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return {rule["alert"]: rule for group in groups for rule in group["rules"] if "alert" in rule}


def test_the_rules_are_valid() -> None:
    checked = promtool("check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in checked.stdout


def test_the_alerts_behave_as_their_unit_tests_say() -> None:
    assert UNIT_TESTS
    tested = promtool("test", "rules", *map(str, UNIT_TESTS))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.count("SUCCESS") == len(UNIT_TESTS)


def test_the_seeds_high_latency_alert() -> None:
    rule = alerts()["HighLatency"]
    assert rule["labels"]["severity"] == "critical"
    assert rule["annotations"]["summary"] == "服务响应超时"
    assert "kefu_request_duration_seconds_bucket" in rule["expr"] and "> 0.5" in rule["expr"]  # seconds


def test_every_alert_has_a_case_where_it_fires_and_one_where_it_stays_silent() -> None:
    assert set(alerts()) >= REQUIRED
    fires: set[str] = set()
    silent: set[str] = set()
    for path in UNIT_TESTS:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for check in case.get("alert_rule_test", []):
                (fires if check.get("exp_alerts") else silent).add(check["alertname"])
    assert fires == set(alerts()), f"never seen firing: {set(alerts()) - fires}"
    assert silent == set(alerts()), f"never seen silent: {set(alerts()) - silent}"
