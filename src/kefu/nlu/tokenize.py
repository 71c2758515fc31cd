"""Tokens for the NLU model: one per CJK character, one per Latin word or number, one per other symbol.

Each token keeps its character offsets into the original text, so predicted slots map back to
exact spans of what the customer wrote. Whitespace is never a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LATIN = r"[0-9A-Za-z\u00C0-\u024F]"
# A word: Latin letters/digits, joined by an inner apostrophe, dot, hyphen, '&' or ':' ("don't",
# "3.5", "2026-11-20", "r&b", "10:30"). Anything else that is not a space is a token of its own.
_TOKEN = re.compile(rf"{_LATIN}+(?:['’.\-&:/]{_LATIN}+)*|\S")


@dataclass(frozen=True, slots=True)
class Token:
    """A token and its span `text[start:end]` in the original text."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens with their character offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def from_words(words: list[str]) -> tuple[str, list[Token]]:
    """Tokens given already split (the JointBERT format): their text joined by spaces, and offsets."""
    tokens = []
    position = 0
    for word in words:
        tokens.append(Token(word, position, position + len(word)))
        position += len(word) + 1
    return " ".join(words), tokens


def word_key(token: str) -> str:
    """The word-vocabulary key of a token: lower case, every digit a 0 (order ids share one shape)."""
    return re.sub(r"[0-9]", "0", token.lower())


def shape(token: str) -> int:
    """A small class of the token's form, an extra input feature (case is lost in `word_key`)."""
    if len(token) == 1 and ("\u2e80" <= token <= "\u9fff" or "\uf900" <= token <= "\ufaff"):
        return 1  # CJK
    if token.isdigit():
        return 2
    if token.isalpha():
        if token.islower():
            return 3
        if token.isupper():
            return 4
        return 5 if token[0].isupper() else 6
    if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
        return 7  # codes: XH2026..., SF123...
    if any(c.isalnum() for c in token):
        return 8
    return 9  # punctuation, symbols


SHAPES = 10  # 0 is padding
