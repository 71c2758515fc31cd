"""Homophone typos in Chinese questions, corrected against the knowledge base's own words.

Customers type Chinese through pinyin input methods, so their typos are mostly homophones:
推货 for 退货, 发漂 for 发票, 积份 for 积分. A two-character word of the question that the
knowledge base never uses, but that sounds exactly like one it uses often enough, is
replaced by it before retrieval. Only pairs of characters that are not a word of the general
Chinese dictionary (jieba's) are candidates, and only dictionary words are corrections, so
neither real words nor the seams between two words ("不一样" holds 不一) are "corrected".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources

from pypinyin import lazy_pinyin

from kefu.knowledge.text import CJK_RUN

MIN_FREQUENCY = 2  # a KB word must occur in at least this many passages to be a correction


@functools.cache
def dictionary_words() -> frozenset[str]:
    """The two-character words of jieba's general dictionary (~114k), loaded once."""
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if len(word := line.split(" ", 1)[0]) == 2)


class SpellingCorrector:
    """Built from the number of passages each two-character term of the KB occurs in."""

    def __init__(self, frequency: Mapping[str, int]) -> None:
        words = self._words = dictionary_words()
        self._kb_terms = frequency.keys()  # a view: a 100k-chunk KB has many, not copied
        by_sound: dict[tuple[str, ...], tuple[int, str]] = {}
        for word, count in frequency.items():
            if count < MIN_FREQUENCY or word not in words:
                continue
            sound = tuple(lazy_pinyin(word))
            if by_sound.get(sound, (0, ""))[0] < count:
                by_sound[sound] = (count, word)
        self._by_sound = {sound: word for sound, (_, word) in by_sound.items()}

    def correct(self, question: str) -> str:
        """The question with unknown two-character words replaced by their KB homophones."""
        return CJK_RUN.sub(lambda m: self._correct_run(m.group()), question)

    def _correct_run(self, run: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(run):
            pair = run[i : i + 2]
            if len(pair) == 2 and self._suspect(run, i):
                replacement = self._by_sound.get(tuple(lazy_pinyin(pair)))
                if replacement is not None:
                    out.append(replacement)
                    i += 2
                    continue
            out.append(run[i])
            i += 1
        return "".join(out)

    def _suspect(self, run: str, i: int) -> bool:
        """run[i:i+2] is unknown, and neither character makes a word with its other neighbour."""
        before, pair, after = run[max(0, i - 1) : i + 1], run[i : i + 2], run[i + 1 : i + 3]
        neighbours = {p for p in (before, after) if len(p) == 2}
        known = pair in self._kb_terms or pair in self._words
        return not known and not neighbours & self._words
