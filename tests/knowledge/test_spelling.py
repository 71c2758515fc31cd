"""Homophone typos corrected against the KB's words, with the real jieba dictionary and pypinyin."""

from __future__ import annotations

from kefu.knowledge.spelling import SpellingCorrector

# Passage frequencies of the KB's two-character terms, as LexicalIndex counts them.
KB = {"退货": 12, "发票": 8, "积分": 5, "快递": 9, "保修": 4, "运费": 6, "货吗": 3, "包邮": 1}


def test_a_homophone_typo_of_a_kb_word_is_corrected() -> None:
    corrector = SpellingCorrector(KB)
    assert corrector.correct("可以推货吗") == "可以退货吗"
    assert corrector.correct("去年攒的积份今年还能用吗") == "去年攒的积分今年还能用吗"
    assert corrector.correct("快第到了 箱子压扁了") == "快递到了 箱子压扁了"


def test_real_words_and_the_seams_between_words_are_left_alone() -> None:
    corrector = SpellingCorrector(KB)
    for question in ("今天天气怎么样", "跟我想的不一样", "机器坏了能修吗", "Where is my 快递?"):
        assert corrector.correct(question) == question


def test_only_words_the_kb_uses_more_than_once_are_corrections() -> None:
    assert SpellingCorrector({**KB, "保修": 1}).correct("笔记本保休几年") == "笔记本保休几年"
    assert SpellingCorrector({**KB, "保修": 2}).correct("笔记本保休几年") == "笔记本保修几年"


def test_a_correction_must_be_a_dictionary_word() -> None:
    # 包邮 is not in jieba's dictionary: a KB term that may be a seam is never a correction.
    assert SpellingCorrector({**KB, "包邮": 9}).correct("宝油吗") == "宝油吗"


def test_an_empty_kb_corrects_nothing() -> None:
    assert SpellingCorrector({}).correct("可以推货吗") == "可以推货吗"
