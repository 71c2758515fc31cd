"""The name taggers (LAC for Chinese, spaCy for English), with their real bundled weights."""

from __future__ import annotations

import pytest

from kefu.safety import ner
from kefu.safety.pii import detect_pii


def people(text: str) -> list[str]:
    return [text[start:end] for start, end in ner.people(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("诸葛明轩上周在门店买的耳机，今天拿来退", ["诸葛明轩"]),
        ("宓晓彤和郑楠说好了周六一起来提货", ["宓晓彤", "郑楠"]),
        ("这个快递是给冯立新的，我替他收了", ["冯立新"]),
    ],
)
def test_chinese_names_without_a_cue_are_tagged(text: str, names: list[str]) -> None:
    assert people(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Could you ask Margaret Olsen to call me back?", ["Margaret Olsen"]),
        ("Mr. Daniel Park will pick up the parcel.", ["Daniel Park"]),
        ("Please loop in Rahul K. Mehta, he handles our account.", ["Rahul K. Mehta"]),
    ],
)
def test_english_names_without_a_cue_are_tagged_without_their_title(text: str, names: list[str]) -> None:
    assert people(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "王女士您好，张总让小李明天把发票寄过来",  # how people are addressed, not who they are
        "我很高兴，周末方便的话送到王府井那家店",
        "Dear Sir or Madam, please deliver to 12 Nathan Road.",
        "I bought the ThinkPad X1 Carbon Gen 11 and the Galaxy S24 Ultra.",
        "please cancel my order",
    ],
)
def test_titles_places_and_products_are_not_names(text: str) -> None:
    assert people(text) == []


def test_shape_checks() -> None:
    assert ner.plausible_chinese_name("欧阳海峰") and ner.plausible_chinese_name("訾璐")
    assert not ner.plausible_chinese_name("坦白")  # no surname leads it
    assert not ner.plausible_chinese_name("李子")  # a dictionary word
    assert ner.without_title("卢南阿姨") == "卢南" and ner.without_title("王经理") == "王"
    assert not ner.plausible_chinese_name("王经理") and not ner.plausible_chinese_name("老王")
    assert not ner.plausible_chinese_name("王Lily")
    assert ner.plausible_english_name(["FENG", "Bogang"]) and ner.plausible_english_name(
        ["Anna", "J.", "Cole"]
    )
    assert ner.plausible_english_name(["Jürgen", "Becker"]) and ner.plausible_english_name(
        ["Zeynep", "Yılmaz"]
    )
    assert not ner.plausible_english_name(["Austin"])  # one word: a city as often as a person
    assert not ner.plausible_english_name(["Victoria", "Road"])
    assert not ner.plausible_english_name(["J.", "K."])


def test_detection_masks_tagged_names_and_the_cue_rules_alone_do_not() -> None:
    text = "Margaret Olsen will pick it up. 诸葛明轩说订单SO20250101888还没到"
    found = [(e.type, e.value) for e in detect_pii(text)]
    assert ("person", "Margaret Olsen") in found and ("person", "诸葛明轩") in found
    assert ("person", "Margaret Olsen") not in [
        (e.type, e.value) for e in detect_pii(text, model_names=False)
    ]
    assert not any("SO20250101888" in value for _, value in found)  # the order number stays


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("客人James O'Connor，司机明天去接", ["James O'Connor"]),
        ("Kai Sima是我们新来的同事", ["Kai Sima"]),
        ("卢南阿姨让我帮她问一下保修", ["卢南"]),  # the name, without the title
    ],
)
def test_names_in_mixed_text_in_any_latin_script_and_before_a_title(text: str, names: list[str]) -> None:
    assert people(text) == names


@pytest.mark.parametrize(
    "text", ["这个Nintendo Switch OLED和荣耀Magic6有什么区别", "EOS R6 Mark II和Apple Watch哪个好"]
)
def test_products_next_to_a_model_code_are_not_names(text: str) -> None:
    assert people(text) == []
