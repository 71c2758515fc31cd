"""Dates as customers write them, resolved against a reference day.

`find_date("我上周五下的单", today)` → the Friday of the week before `today`'s week (weeks
start on Monday). Understood: `2026-11-20`, `2026/11/20`, `2026年11月20日`, `11月20号`,
`十一月二十日`, `20号`, 今天/昨天/前天/大前天/明天/后天, `3天前`, 周五/星期五/礼拜五 with
上/上上/这/本/下, and English today/yesterday/tomorrow, `3 days ago`, `(last|this|next) friday`.
A month and day without a year is the latest such day not after `today`; a bare weekday
likewise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from kefu.dialog.grounding import CHINESE_DIGITS

_DIGITS = CHINESE_DIGITS
_NUMBER = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_EN_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue"), ("wednesday", "wed"), ("thursday", "thu"), ("friday", "fri"),
         ("saturday", "sat"), ("sunday", "sun")]
    )
    for name in names
}  # fmt: skip
_RELATIVE_DAYS = {
    "大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2,
    "大后天": 3, "the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1,
    "the day after tomorrow": 2,
}  # fmt: skip


def _number(text: str) -> int:
    """`20`, `二十`, `十一`, `三十一` → int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    return _DIGITS[text]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _latest_not_after(today: date, month: int, day: int) -> date | None:
    this_year = _safe_date(today.year, month, day)
    if this_year is not None and this_year <= today:
        return this_year
    return _safe_date(today.year - 1, month, day)


def _full(match: re.Match[str], today: date) -> date | None:
    return _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))


def _month_day(match: re.Match[str], today: date) -> date | None:
    return _latest_not_after(today, _number(match["m"]), _number(match["d"]))


def _relative_day(match: re.Match[str], today: date) -> date | None:
    return today + timedelta(days=_RELATIVE_DAYS[match[0].lower()])


def _days_ago(match: re.Match[str], today: date) -> date | None:
    return today - timedelta(days=_number(match["n"]))


def _weekday(match: re.Match[str], today: date) -> date | None:
    target = _WEEKDAYS[match["w"]]
    prefix = match["p"] or ""
    monday = today - timedelta(days=today.weekday())
    if not prefix:
        return today - timedelta(days=(today.weekday() - target) % 7)
    weeks = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1}[prefix.removesuffix("个")]
    return monday + timedelta(weeks=weeks, days=target)


def _en_weekday(match: re.Match[str], today: date) -> date | None:
    target = _EN_WEEKDAYS[match["w"].lower()]
    prefix = (match["p"] or "").lower()
    if prefix == "this":
        return today - timedelta(days=today.weekday()) + timedelta(days=target)
    if prefix == "next":
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    back = (today.weekday() - target) % 7
    return today - timedelta(days=back or (7 if prefix == "last" else 0))


def _day_only(match: re.Match[str], today: date) -> date | None:
    day = _number(match["d"])
    found = _safe_date(today.year, today.month, day)
    if found is not None and found <= today:
        return found
    last_month = today.replace(day=1) - timedelta(days=1)
    return _safe_date(last_month.year, last_month.month, day)


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date | None]]
_RULES: list[_Rule] = [
    (re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"), _full),
    (re.compile(rf"(?P<m>{_NUMBER})\s*月\s*(?P<d>{_NUMBER})\s*[日号]?"), _month_day),
    (re.compile(r"大前天|前天|昨天|昨日|今天|今日|明天|明日|大后天|后天"), _relative_day),
    (
        re.compile(r"\b(?:the day (?:before yesterday|after tomorrow)|yesterday|today|tomorrow)\b", re.I),
        _relative_day,
    ),
    (re.compile(rf"(?P<n>{_NUMBER})\s*天(?:以)?前"), _days_ago),
    (re.compile(r"\b(?P<n>\d{1,2})\s+days?\s+ago\b", re.I), _days_ago),
    (
        re.compile(r"(?P<p>上上个?|上个?|这个?|本|下个?)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天七])"),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?:(?P<p>last|this|next)\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
        _en_weekday,
    ),
    (re.compile(rf"(?<![\d月])(?P<d>{_NUMBER})\s*[日号]"), _day_only),
]


def find_date(text: str, today: date) -> date | None:
    """The first date written in `text`, resolved against `today`; None when there is none."""
    for pattern, resolve in _RULES:
        match = pattern.search(text)
        if match is None:
            continue
        try:
            found = resolve(match, today)
        except KeyError:  # a run of numerals that is no number ("二二")
            continue
        if found is not None:
            return found
    return None
