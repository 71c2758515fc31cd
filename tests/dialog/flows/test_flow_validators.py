"""Slot validators and relative dates, as customers write them."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.dialog.flows.dates import find_date
from kefu.dialog.flows.spec import DateCheck, EnumCheck, PhoneCheck, RegexCheck, TextCheck
from kefu.dialog.flows.validators import build_validator

TODAY = date(2026, 11, 25)  # a Wednesday
ORDER_ID = build_validator(
    RegexCheck(
        kind="regex",
        pattern=r"^XH\d{12}$",
        normalize=["halfwidth", "remove_spaces", "remove_dashes", "upper"],
        prefix="XH",
        find=r"(?i)x\s*h\s*(?:\d[\s-]*){11}\d(?!\d)|(?<![\dA-Za-z])(?:\d[\s-]?){11}\d(?!\d)",
    )
)


@pytest.mark.parametrize(
    "written",
    [
        "XH202611250001",
        "xh202611250001",
        "xh 2026 1125 0001",
        "XH-2026-1125-0001",
        "202611250001",
        "ＸＨ２０２６１１２５０００１",
    ],
)
def test_order_ids_are_normalised(written: str) -> None:
    assert ORDER_ID.check(written, TODAY) == "XH202611250001"


@pytest.mark.parametrize("written", ["XH2026112500", "XY202611250001", "XH20261125000a", "订单", ""])
def test_malformed_order_ids_are_refused(written: str) -> None:
    assert ORDER_ID.check(written, TODAY) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("我的订单号是 xh 2026 1125 0001，帮我查一下", "XH202611250001"),
        ("单号202611220003到哪了", "XH202611220003"),
        ("XH2026112200031 这个不对", None),  # 13 digits: no order id inside it
        ("我没有订单号", None),
    ],
)
def test_order_ids_are_found_in_a_sentence(text: str, found: str | None) -> None:
    assert ORDER_ID.find(text, TODAY) == found


def test_enum_keeps_the_canonical_value_and_understands_synonyms() -> None:
    reasons = build_validator(
        EnumCheck(
            kind="enum", values={"质量问题": ["坏了", "broken"], "不想要了": ["不要了", "changed my mind"]}
        )
    )
    assert reasons.check("质量问题", TODAY) == "质量问题"
    assert reasons.check("收到的杯子坏了！", TODAY) == "质量问题"
    assert reasons.check("It's BROKEN.", TODAY) == "质量问题"
    assert reasons.check("我不想要了", TODAY) == "不想要了"  # the longer name wins over "不要了"
    assert reasons.check("I changed my mind", TODAY) == "不想要了"
    assert reasons.check("颜色不好看", TODAY) is None


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("今天", "2026-11-25"),
        ("昨天下的单", "2026-11-24"),
        ("前天", "2026-11-23"),
        ("大前天", "2026-11-22"),
        ("上周五", "2026-11-20"),
        ("上个星期一", "2026-11-16"),
        ("这周一", "2026-11-23"),
        ("周五", "2026-11-20"),  # a bare weekday: the latest one, not in the future
        ("礼拜天", "2026-11-22"),
        ("3天前", "2026-11-22"),
        ("11月20号", "2026-11-20"),
        ("十一月二十日", "2026-11-20"),
        ("12月30日", "2025-12-30"),  # no year: the latest such day
        ("2026-11-20", "2026-11-20"),
        ("2026年11月2日", "2026-11-02"),
        ("2026/1/5", "2026-01-05"),
        ("20号", "2026-11-20"),
        ("28号", "2026-10-28"),
        ("yesterday", "2026-11-24"),
        ("last Friday", "2026-11-20"),
        ("2 days ago", "2026-11-23"),
    ],
)
def test_dates_absolute_and_relative(written: str, iso: str) -> None:
    found = find_date(written, TODAY)
    assert found is not None and found.isoformat() == iso


@pytest.mark.parametrize("written", ["2026-02-30", "随便哪天", "二二号", ""])
def test_no_date(written: str) -> None:
    assert find_date(written, TODAY) is None


def test_future_dates_can_be_refused() -> None:
    past_only = build_validator(DateCheck(kind="date", allow_future=False))
    assert past_only.check("明天", TODAY) is None
    assert past_only.check("昨天", TODAY) == "2026-11-24"
    assert build_validator(DateCheck(kind="date")).check("明天", TODAY) == "2026-11-26"


@pytest.mark.parametrize(
    ("written", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("12812345678", None),  # 12x is no mobile prefix
        ("1381234567", None),
        ("010-12345678", None),  # a landline, not accepted unless asked for
    ],
)
def test_mainland_mobiles(written: str, phone: str | None) -> None:
    assert build_validator(PhoneCheck(kind="phone")).check(written, TODAY) == phone


def test_landlines_when_allowed_and_phones_in_a_sentence() -> None:
    phones = build_validator(PhoneCheck(kind="phone", landline=True))
    assert phones.check("010-12345678", TODAY) == "010-12345678"
    assert phones.check("0755 8765 4321", TODAY) == "0755-87654321"
    assert phones.find("新的电话是 139-8888-7777，谢谢", TODAY) == "13988887777"
    assert phones.find("电话没变", TODAY) is None


def test_free_text_is_trimmed_and_bounded() -> None:
    text = build_validator(TextCheck(kind="text", min_length=4, max_length=10))
    assert text.check("  北京市海淀区  ", TODAY) == "北京市海淀区"
    assert text.check("北京", TODAY) is None
    assert text.check("北" * 11, TODAY) is None
