"""PII detection: each type, its boundaries, and the numbers that must stay unmasked."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.safety.pii import PII_TYPES, Entity, detect_pii, is_valid_card, is_valid_id_number, luhn_ok


def id_with_check(body: str) -> str:
    """Append the GB 11643 check character (written here independently of the detector)."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def card_with_check(body: str) -> str:
    for digit in "0123456789":
        total = 0
        for i, char in enumerate(reversed(body + digit)):
            n = int(char) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return body + digit
    raise AssertionError("unreachable")


VALID_ID = id_with_check("11010519491231002")  # the GB 11643 standard's own example ends in X
VALID_CARD = card_with_check("622202123456789012")


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.type, e.value) for e in detect_pii(text)]


def test_the_standard_example_id_number_with_an_x_check_digit() -> None:
    assert VALID_ID == "11010519491231002X"
    assert is_valid_id_number(VALID_ID) and is_valid_id_number(VALID_ID.lower())
    assert kinds(f"身份证{VALID_ID}帮我看下") == [("id_number", VALID_ID)]


def test_id_number_with_a_wrong_check_digit_is_not_pii_unless_labelled() -> None:
    wrong = VALID_ID[:-1] + "5"
    assert not is_valid_id_number(wrong)
    assert kinds(f"这个编号{wrong}是什么") == []
    # The customer says it is an ID number: masked as one even though the checksum fails.
    assert kinds(f"身份证号：{wrong}") == [("id_number", wrong)]


def test_id_number_needs_a_real_region_and_birth_date() -> None:
    assert not is_valid_id_number(id_with_check("20261122000312345"))  # region 20 does not exist
    assert not is_valid_id_number(id_with_check("11010519491331002"))  # month 13
    assert is_valid_id_number("110105491231002")  # legacy 15 digits: 1949-12-31


@pytest.mark.parametrize(
    "written",
    [
        VALID_CARD,
        " ".join(VALID_CARD[i : i + 4] for i in range(0, 19, 4)),
        "4111-1111-1111-1111",
        "378282246310005",
    ],
)
def test_luhn_valid_cards_in_every_grouping(written: str) -> None:
    assert kinds(f"退款到卡{written}谢谢") == [("bank_card", written)]


def test_luhn_failures_and_unknown_issuers_are_not_cards() -> None:
    broken = VALID_CARD[:-1] + str((int(VALID_CARD[-1]) + 1) % 10)
    assert not luhn_ok(broken)
    assert kinds(f"这串数字{broken}是啥") == []
    # Luhn-valid but dated like an order number: no issuer starts with 20.
    order_like = card_with_check("202611220001234")
    assert luhn_ok(order_like) and not is_valid_card(order_like)
    assert kinds(f"查一下{order_like}") == []


def test_a_business_label_keeps_even_a_valid_card_unmasked() -> None:
    assert kinds(f"订单号{VALID_CARD}") == []
    assert kinds(f"会员卡号{VALID_CARD[:-1] + '0'}积分没到") == []


@pytest.mark.parametrize(
    "written", ["13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678", "0086-138-1234-5678"]
)
def test_mobiles(written: str) -> None:
    assert kinds(f"手机{written}，谢谢") == [("mobile", written)]


def test_full_width_digits_are_found_with_original_offsets() -> None:
    text = "电话１３８１２３４５６７８谢谢"
    (entity,) = detect_pii(text)
    assert entity == Entity("mobile", 2, 13, "１３８１２３４５６７８")
    assert text[entity.start : entity.end] == entity.value


@pytest.mark.parametrize("written", ["010-12345678", "0755-8888 8888", "(021)62345678", "0571 87654321"])
def test_landlines(written: str) -> None:
    assert kinds(f"座机{written}白天有人") == [("landline", written)]


def test_hotlines_are_business_numbers_not_pii() -> None:
    assert kinds("客服热线400-820-8820和800-810-8888都打不通") == []
    assert kinds("投诉电话400 638 3205一直占线") == []  # even right after a phone label


def test_a_phone_label_does_not_make_a_date_or_an_order_code_a_phone() -> None:
    assert kinds("上午来过电话，说2025-03-20要来取样品") == []
    assert kinds("昨天打过电话的，关于SO-2023-393613的退款") == []
    assert kinds("电话：010-88776655") == [("landline", "010-88776655")]


def test_email_ip_passport_plate() -> None:
    text = "邮箱z.wei@example.com 登录IP 10.2.3.4 和 2408:8207:1::5 护照E12345678 车牌粤B·D12345 京A12345"
    assert kinds(text) == [
        ("email", "z.wei@example.com"),
        ("ip", "10.2.3.4"),
        ("ip", "2408:8207:1::5"),
        ("passport", "E12345678"),
        ("license_plate", "粤B·D12345"),
        ("license_plate", "京A12345"),
    ]


def test_chinese_addresses() -> None:
    text = "寄到广东省深圳市南山区科技园路18号3栋1201室，谢谢"
    assert kinds(text) == [("address", "广东省深圳市南山区科技园路18号3栋1201室")]
    assert kinds("上海浦东新区张江路123弄4号502") == [("address", "上海浦东新区张江路123弄4号502")]
    assert kinds("地址：阳光花园5栋") == [("address", "阳光花园5栋")]


def test_english_addresses() -> None:
    assert kinds("ship to 221B Baker Street, London please") == [("address", "221B Baker Street, London")]


def test_chinese_names_need_a_cue() -> None:
    assert kinds("我叫王小明想问一下") == [("person", "王小明")]
    assert kinds("收货人：欧阳娜娜") == [("person", "欧阳娜娜")]
    assert kinds("李娜，13812345678") == [("person", "李娜"), ("mobile", "13812345678")]
    assert kinds("我是高级会员，我是老客户，找王经理") == []


def test_an_english_name_after_a_chinese_role_on_a_form() -> None:
    assert kinds("跨境汇款 收款人Daniel Clarke 金额$89.00") == [("person", "Daniel Clarke")]
    assert kinds("客户Kevin Nguyen的地址改一下") == [("person", "Kevin Nguyen")]
    assert kinds("收件人Amazon Locker，放柜子里") == []  # a place, not a person
    assert kinds("收件人Amazon") == []  # one word is not a full name


def test_english_names_need_a_cue_and_capitals() -> None:
    assert kinds("Hi, my name is John A. Smith and") == [("person", "John A. Smith")]
    assert kinds("I'm sorry but I am Not happy") == []


@pytest.mark.parametrize(
    "text",
    [
        "订单号XH202611220003还没发货",
        "单号DD20261122000123",
        "202611220001234567这个订单",
        "顺丰SF1234567890123，中通751234567890123，韵达3123456789012",
        "iPhone 16 Pro 和 RTX 4090，XPS 13 9340，SM-S9280",
        "¥2999，2999元，1,299.00，$49.99",
        "2026-11-22 10:30 买了2件，11月22号到",
        "验证码 482913，券码 AB12CD34EF",
    ],
)
def test_business_numbers_are_not_pii(text: str) -> None:
    assert detect_pii(text) == []


def test_numbers_glued_to_letters_are_not_split_out() -> None:
    assert detect_pii("XH13812345678") == [] and detect_pii(f"A{VALID_ID}B") == []


def test_every_type_is_named_in_the_public_contract() -> None:
    text = f"我叫张伟 {VALID_ID} {VALID_CARD} 13812345678 010-12345678 a@b.cn 北京市朝阳区建国路88号 E12345678 京A12345 1.2.3.4"
    assert {e.type for e in detect_pii(text)} == set(PII_TYPES)


def test_a_long_message_takes_milliseconds() -> None:
    text = ("您好我想问下订单XH202611220003，手机13812345678，地址广东省深圳市南山区科技园路18号。" * 250)[
        :10_000
    ]
    started = time.perf_counter()
    detect_pii(text)
    assert time.perf_counter() - started < 0.5  # measured ~10 ms; generous for slow CI


# --- properties -----------------------------------------------------------------------------

# No business labels ("订单", "order") in the filler: a number right after one is an order number.
filler = st.text(alphabet="的了我你好请问退款谢谢在吗东西 ，。hello please,.", max_size=30)
# A number glued to a Latin letter is part of a token like "XH2026...", by design never PII.
before_filler = filler.filter(lambda s: not s or not s[-1].isascii() or not s[-1].isalnum())
after_filler = filler.filter(lambda s: not s or not s[0].isascii() or not s[0].isalnum())
birth = st.dates(
    min_value=__import__("datetime").date(1930, 1, 1), max_value=__import__("datetime").date(2010, 12, 31)
)


@st.composite
def valid_pii(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["id", "card", "mobile"]))
    if kind == "id":
        region = draw(st.sampled_from(["110101", "310104", "440305", "510107", "650102"]))
        seq = draw(st.integers(0, 999))
        return id_with_check(region + draw(birth).strftime("%Y%m%d") + f"{seq:03d}")
    if kind == "card":
        prefix, length = draw(st.sampled_from([("622202", 19), ("621700", 19), ("4", 16), ("53", 16)]))
        body = draw(
            st.text(
                alphabet="0123456789", min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1
            )
        )
        return card_with_check(prefix + body)
    return draw(st.sampled_from(["13", "15", "17", "18", "19"])) + draw(
        st.text(alphabet="0123456789", min_size=9, max_size=9)
    )


@settings(max_examples=200, deadline=None)
@given(before=before_filler, value=valid_pii(), after=after_filler)
def test_valid_numbers_are_found_anywhere_and_offsets_slice_the_original(
    before: str, value: str, after: str
) -> None:
    text = before + value + after
    entities = detect_pii(text)
    assert any(e.start <= len(before) and e.end >= len(before) + len(value) for e in entities)
    for entity in entities:
        assert text[entity.start : entity.end] == entity.value


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_offsets_always_slice_the_original_on_any_text(text: str) -> None:
    previous_end = 0
    for entity in detect_pii(text):
        assert entity.type in PII_TYPES
        assert previous_end <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.value
        previous_end = entity.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("家里宽带IP192.168.143.88，连不上", ("ip", "192.168.143.88")),
        ("收件人改成郑杰霞吧", ("person", "郑杰霞")),
        ("发票抬头个人张刚强", ("person", "张刚强")),
        ("Ship to: Emily Chen, thanks", ("person", "Emily Chen")),
        ("My order is late again. — Olivia Young", ("person", "Olivia Young")),
        ("王小明先生您好，您的订单已发出", ("person", "王小明")),
        ("收件人：张伟、李静", ("person", "李静")),
        ("联系人廖敏英电话13895180851", ("person", "廖敏英")),
        ("麻烦给高明强回个电话", ("person", "高明强")),
        ("Best regards, John Smith", ("person", "John Smith")),
        ("cc: Anna Lee", ("person", "Anna Lee")),
        ("My wife Emily Chen will pick it up", ("person", "Emily Chen")),
    ],
)
def test_cues_found_by_the_blind_set(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(e.type, e.value) for e in detect_pii(text)]


@pytest.mark.parametrize(
    "text", ["固件版本v1.2.3.4", "版本号V2.0.1.5升级失败", "订单XH202611220003 - iPhone 16 Pro"]
)
def test_versions_and_dashes_are_not_personal_data(text: str) -> None:
    assert detect_pii(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("被保险人：郑晓明 材料都交了", "郑晓明"),
        ("入住人 冯雪 明天到", "冯雪"),
        ("我表哥卢海峰帮我收一下", "卢海峰"),
        ("签收人写的诸葛明 我不认识", "诸葛明"),
        ("发票丢了还能保修吗？谢谢！\n——龚丽娟", "龚丽娟"),
        ("乘客蒋文 航班改到周五", "蒋文"),
        ("Booking for Emma Watson, two nights", "Emma Watson"),
        ("I'm writing on behalf of my father, Tom Baker.", "Tom Baker"),
    ],
)
def test_names_after_a_role_a_relative_or_as_a_sign_off(text: str, name: str) -> None:
    assert ("person", name) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "问了三次都没人解决",
        "转人工客服谢谢",
        "有人说能退",
        "别人的订单我看不到",
        "客人很多吗",
        "家人都用这个牌子",
    ],
)
def test_role_words_do_not_turn_ordinary_words_into_names(text: str) -> None:
    assert not [k for k in kinds(text) if k[0] == "person"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Hi Marcus, the refund is on its way", ["Marcus"]),
        ("Thanks Olga and Bilal for the quick fix", ["Olga", "Bilal"]),
        ("@Ingrid can you check ticket T-2231?", ["Ingrid"]),
        ("please call Rosa at the front desk", ["Rosa"]),
    ],
)
def test_a_first_name_someone_is_addressed_by_is_a_name(text: str, names: list[str]) -> None:
    assert [v for k, v in kinds(text) if k == "person"] == names


@pytest.mark.parametrize(
    "text", ["Hi Team, any update?", "Thanks Again!", "Hello, I'm stuck", "Hi, Please help me", "Hi Support"]
)
def test_greetings_to_no_one_in_particular_are_not_names(text: str) -> None:
    assert not [k for k in kinds(text) if k[0] == "person"]


@pytest.mark.parametrize(
    "text", ["直接找顾组长吧", "保安徐主管说他管不了", "急事找于姐", "周六 杨建值班 周日 陈娟宸值班"]
)
def test_a_surname_with_a_title_or_a_weekday_is_not_a_name(text: str) -> None:
    assert not [v for k, v in kinds(text) if k == "person" and v in ("顾组长", "徐主管", "于姐", "周日")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("外籍同事要开发票，护照号CY1851MLP，可以吗", "CY1851MLP"),
        ("My passport K7TR29XQ2 was in the parcel", "K7TR29XQ2"),
        ("passport number: XK1234567", "XK1234567"),
    ],
)
def test_a_foreign_passport_number_after_its_label_is_a_passport(text: str, number: str) -> None:
    assert ("passport", number) in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["我的护照在包裹SF1234567890里", "passport and visa in parcel 73073193287566", "售后电话4003-793-911"],
)
def test_a_parcel_near_a_passport_and_a_hotline_in_any_grouping_are_not_personal(text: str) -> None:
    assert not [k for k in kinds(text) if k[0] in ("passport", "landline", "mobile")]


def test_speakers_in_a_pasted_chat_log_are_names_and_form_labels_are_not() -> None:
    log = "聊天记录：\n龚雪：门店几点关门\n商家：九点\n龚雪：好的 金额：300元 付款：微信"
    assert [v for k, v in kinds(log) if k == "person"] == ["龚雪", "龚雪"]


def test_an_initial_and_a_surname_are_a_name_and_the_next_cue_is_not_swallowed() -> None:
    assert ("person", "S. Nguyen") in kinds("Attendees: Ethan D. Nguyen, S. Nguyen and Lin Wei.")
    assert [v for k, v in kinds("That fixed it, cheers! Thanks, Liam") if k == "person"] == ["Liam"]


def test_a_full_stop_ends_an_english_address_so_the_next_sentence_stays() -> None:
    text = "Return label: Rm 1201, Bldg 9, 16 Luoyu Rd, Xuhui Dist., Shanghai. Tracking EA576438705CN."
    assert [v for k, v in kinds(text) if k == "address"] == ["16 Luoyu Rd, Xuhui Dist., Shanghai."]


@pytest.mark.parametrize(
    ("text", "name"), [("导购邵明辉一直在玩手机", "邵明辉"), ("我父亲田建国的保单要理赔", "田建国")]
)
def test_shop_staff_and_parents_before_a_name_are_cues(text: str, name: str) -> None:
    assert ("person", name) in kinds(text)
