"""Language-aware tokens for retrieval: CJK characters and bigrams, lower-cased Latin words."""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[.'][a-z0-9]+)*", re.IGNORECASE)
CJK_RUN = re.compile(rf"[{_CJK}]+")


def is_chinese(text: str) -> bool:
    """True when the text has Chinese characters; customers mixing in English words count as Chinese."""
    return CJK_RUN.search(text) is not None


def tokens(text: str) -> list[str]:
    """Index terms: each CJK character and each adjacent pair, and whole Latin words and numbers."""
    out: list[str] = []
    for match in _TOKEN.finditer(text.lower()):
        run = match.group()
        if CJK_RUN.fullmatch(run):
            out.extend(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out
