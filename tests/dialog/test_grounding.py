from __future__ import annotations

import pytest

from kefu.dialog.grounding import chinese_numeral, numbers_in, ungrounded_numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("七", 7),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百九十九", 199),
        ("两万", 20000),
        ("三千零五", 3005),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_numeral(text) == value


def test_numbers_in_digits_and_chinese_units_but_not_words_or_list_markers() -> None:
    assert numbers_in("满99元包邮，7天内可退，运费1,000.5元") == {99.0, 7.0, 1000.5}
    assert numbers_in("支持七天无理由退货，保修一年") == {7.0, 1.0}
    assert numbers_in("请您稍等一下，统一处理") == set()
    assert numbers_in("1. 登录App\n2. 申请售后") == set()


def test_ungrounded_numbers() -> None:
    source = "签收后7天内可申请无理由退货；退款3-7个工作日到账。"
    assert ungrounded_numbers("您可以在签收后七天内申请退货，退款3到7个工作日到账。", [source]) == set()
    assert ungrounded_numbers("一般2天内就能到账。", [source]) == {2.0}
