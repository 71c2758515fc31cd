"""Buckets of the analytics series: whole hours or local days, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kefu.improve.analytics import bucket_starts, choose_bucket, floor

BERLIN = ZoneInfo("Europe/Berlin")  # clocks go back from 03:00 to 02:00 on 2026-10-25


def test_days_are_local_midnights_even_when_a_day_has_25_hours() -> None:
    start = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    starts = bucket_starts(start, start + timedelta(days=2), "day", BERLIN)
    assert [s.isoformat() for s in starts] == [
        "2026-10-24T00:00:00+02:00",
        "2026-10-25T00:00:00+02:00",
        "2026-10-26T00:00:00+01:00",
    ]


def test_the_repeated_hour_is_two_buckets() -> None:
    start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 01:00 in Berlin, summer time
    starts = bucket_starts(start, start + timedelta(hours=4), "hour", BERLIN)
    assert [s.astimezone(UTC).hour for s in starts] == [23, 0, 1, 2]  # four hours, all distinct
    assert [s.hour for s in starts] == [1, 2, 2, 3]  # 02:00 twice on the wall clock
    late = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # the second 02:30
    assert floor(late, "hour", BERLIN).astimezone(UTC) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


def test_a_period_is_charted_by_hours_up_to_two_days() -> None:
    assert choose_bucket(timedelta(hours=48), None) == "hour"
    assert choose_bucket(timedelta(hours=49), None) == "day"
    assert choose_bucket(timedelta(days=7), "hour") == "hour"
    with pytest.raises(ValueError, match="1000 points"):
        choose_bucket(timedelta(days=42), "hour")
