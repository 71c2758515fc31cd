"""Tokens and their offsets: characters for Chinese, words for Latin text and numbers."""

from __future__ import annotations

from kefu.nlu.tokenize import from_words, shape, tokenize, word_key


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_chinese_is_one_token_per_character() -> None:
    assert texts("我要退货") == ["我", "要", "退", "货"]
    assert [(t.start, t.end) for t in tokenize("我要退货")] == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_english_words_numbers_and_punctuation() -> None:
    assert texts("Where's my parcel? It cost 3.5 dollars on 2026-11-20.") == [
        "Where's", "my", "parcel", "?", "It", "cost", "3.5", "dollars", "on", "2026-11-20", ".",
    ]  # fmt: skip


def test_mixed_text_keeps_exact_offsets() -> None:
    text = "订单 XH202611250001 的iPhone 15，电话13800138000  到了吗?"
    tokens = tokenize(text)
    assert [t.text for t in tokens][:5] == ["订", "单", "XH202611250001", "的", "iPhone"]
    assert "13800138000" in [t.text for t in tokens]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert all(not t.text.isspace() for t in tokens)


def test_full_width_punctuation_and_empty_text() -> None:
    assert texts("好的，谢谢！") == ["好", "的", "，", "谢", "谢", "！"]
    assert tokenize("   ") == []


def test_given_words_get_offsets_in_the_joined_text() -> None:
    text, tokens = from_words(["play", "the", "beatles"])
    assert text == "play the beatles"
    assert [text[t.start : t.end] for t in tokens] == ["play", "the", "beatles"]


def test_word_key_folds_case_and_digits_and_shape_tells_them_apart() -> None:
    assert word_key("XH202611250001") == word_key("xh209911250009") == "xh000000000000"
    assert shape("订") != shape("XH2026") != shape("2026") != shape("hello") != shape("？")
    assert shape("Hello") != shape("hello") != shape("HELLO")
