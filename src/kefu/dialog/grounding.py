"""Numbers in a generated reply must come from the sources: a small model invents them."""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = re.compile(r"(?<![A-Za-z0-9.])(\d[\d,]*(?:\.\d+)?)")
_LIST_MARKER = re.compile(r"^\s*\d{1,2}[.、)）]\s", re.MULTILINE)
CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# Chinese numerals only count before a unit: "七天", "十五个工作日", not "一下", "统一".
_CN_NUMBER = re.compile(
    r"([零〇一二两三四五六七八九十百千万]+)(?=个?(?:天|元|块|年|月|日|小时|分钟|期|次|件|倍|周|星期|工作日|积分|%|折|级))"
)
SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")


def chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral such as 七, 十五, 一百九十九, 两万; None if not one."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in _CN_UNIT:
            section += (digit if digit is not None else 1) * _CN_UNIT[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Every quantity a text states, in digits or Chinese numerals; list markers excluded."""
    text = _LIST_MARKER.sub(" ", text)
    found = {float(m.replace(",", "")) for m in _DIGITS.findall(text)}
    for match in _CN_NUMBER.findall(text):
        value = chinese_numeral(match)
        if value is not None:
            found.add(float(value))
    return found


def ungrounded_numbers(reply: str, sources: Iterable[str]) -> set[float]:
    """Quantities in `reply` that none of `sources` states."""
    allowed: set[float] = set()
    for source in sources:
        allowed |= numbers_in(source)
    return numbers_in(reply) - allowed
