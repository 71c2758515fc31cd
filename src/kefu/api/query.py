"""Query parameters shared by the console APIs (admin, annotations, audit): moments, periods,
time ranges, time zones and page sizes, each refused with a clear 4xx when out of shape."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

from kefu.errors import InvalidInput
from kefu.improve.stats import parse_since
from kefu.store.models import utcnow
from kefu.store.paging import MAX_CURSOR_CHARS

PERIOD_HELP = "a period back from now: a whole number and d, h or m (7d, 24h, 30m)"


def _utc(value: datetime) -> datetime:
    """A moment as UTC; one without a zone is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last moment datetime holds
        raise ValueError("the moment is out of range") from None


# ISO 8601 (`2026-11-20`, `2026-11-20T08:00:00+08:00`); without a zone, UTC.
Moment = Annotated[datetime, AfterValidator(_utc)]
Cursor = Annotated[
    str | None, Query(max_length=MAX_CURSOR_CHARS, description="`next_cursor` of the previous page")
]


def check_range(since: datetime | None, until: datetime | None) -> None:
    """`since` must come before `until` (400 `invalid_range`, as the audit export says)."""
    if since is not None and until is not None and since >= until:
        raise InvalidInput("invalid_range", "`since` must be before `until`.", "`since` 必须早于 `until`。")


def period(text: str) -> timedelta:
    """`7d`, `24h`, `30m` as a duration; anything else is a 422 `invalid_period`."""
    try:
        return parse_since(text)
    except ValueError as exc:
        raise _invalid_period(str(exc)) from None


def since_moment(text: str, now: datetime | None = None) -> datetime:
    """A period back from now (`7d`) or an ISO 8601 moment, as a UTC moment; else 422."""
    now = now or utcnow()
    try:
        return now - parse_since(text)
    except ValueError:
        pass
    except OverflowError:
        raise _invalid_period(f"{text!r} reaches back past the year 1") from None
    try:
        return _utc(datetime.fromisoformat(text))
    except ValueError:
        raise _invalid_period(
            f"{text!r} is neither a period (7d, 24h, 30m) nor an ISO 8601 moment (2026-11-20T08:00:00Z)"
        ) from None


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(name: str) -> zoneinfo.ZoneInfo:
    """An IANA time zone (`Asia/Shanghai`, `UTC`); an unknown name is a 422 `invalid_timezone`."""
    if name != "UTC" and name not in _zones():
        raise InvalidInput(
            "invalid_timezone",
            f"Unknown time zone {name!r}: use an IANA name such as Asia/Shanghai or UTC.",
            f"未知时区 {name!r}：请使用 IANA 时区名，例如 Asia/Shanghai 或 UTC。",
            status=422,
        )
    return zoneinfo.ZoneInfo(name)


def _invalid_period(detail: str) -> InvalidInput:
    return InvalidInput("invalid_period", f"Invalid period: {detail}.", f"时间段无效：{detail}。", status=422)
