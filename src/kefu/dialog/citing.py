"""Citations that the answer actually used: `[n]` markers renumbered in order of first use."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kefu.knowledge.passage import Passage

MARKER = re.compile(r"\s?[\[【](\d{1,2})[\]】]")


class CitationTracker:
    """Renumbers the model's `[n]` (numbered as in the prompt) to `[1]`, `[2]`, … as first cited.

    Markers naming no source are dropped, so the customer never sees a dangling footnote.
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.used: list[int] = []  # prompt positions (0-based) in order of first citation

    def rewrite(self, text: str) -> str:
        return MARKER.sub(self._renumber, text)

    def _renumber(self, marker: re.Match[str]) -> str:
        position = int(marker.group(1)) - 1
        if not 0 <= position < len(self.passages):
            return ""
        if position not in self.used:
            self.used.append(position)
        return f"[{self.used.index(position) + 1}]"

    def cited(self) -> list[int]:
        """Prompt positions of the passages cited; the best passage when the model cited none."""
        return list(self.used) or ([0] if self.passages else [])
