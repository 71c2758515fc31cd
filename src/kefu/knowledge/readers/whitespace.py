"""Whitespace clean-up that respects Chinese: a line break inside Chinese text is no space."""

from __future__ import annotations

import re

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """One line: wrapped Chinese joined without a space, other whitespace runs made one space."""
    return _SPACES.sub(" ", _BREAK_IN_CJK.sub("", text)).strip()


def tidy_lines(text: str) -> str:
    """Lines with their inner whitespace collapsed and blank lines dropped, line breaks kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
