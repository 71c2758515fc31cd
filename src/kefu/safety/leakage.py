"""Does a reply repeat the system prompt? (the output filter's leakage check)

A reply leaks when it carries several distinct character n-grams of an instruction text.
Counting n-grams rather than looking for the whole prompt catches paraphrase-free partial
dumps ("我的指令是：只根据参考资料回答……") and translations that keep quoted fragments,
while the short phrases a normal answer shares with the prompt ("参考资料", "顾客") are
shorter than `n` and never count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACE_AND_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def _normalise(text: str) -> str:
    return _SPACE_AND_PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).lower())


def _ngrams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


class PromptLeakDetector:
    """Remembers the instruction texts and tells whether a reply repeats them."""

    def __init__(self, instructions: Iterable[str], n: int = 8, min_hits: int = 2) -> None:
        self.n = n
        self.min_hits = min_hits
        self._grams: set[str] = set()
        for text in instructions:
            self._grams |= _ngrams(_normalise(text), n)

    def hits(self, reply: str) -> int:
        """How many distinct n-grams of the instructions the reply contains."""
        return len(_ngrams(_normalise(reply), self.n) & self._grams)

    def leaks(self, reply: str) -> bool:
        return self.hits(reply) >= self.min_hits
