"""What the readers produce, and the error they raise for a file that cannot be ingested."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from kefu.errors import KefuError

BlockKind = Literal["heading", "paragraph", "list", "table"]


@dataclass(frozen=True)
class FaqRow:
    """One FAQ entry: a standard question, its answer and optional metadata."""

    question: str
    answer: str
    id: str | None = None
    category: str | None = None
    similar_questions: tuple[str, ...] = ()
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None


@dataclass(frozen=True)
class Block:
    """One structural piece of a document, in reading order."""

    text: str
    kind: BlockKind
    heading_path: tuple[str, ...] = ()  # headings above this block, outermost first
    page: int | None = None  # 1-based PDF page, or 1-based sheet index of a workbook
    level: int = 0  # heading level when kind == "heading"


@dataclass(frozen=True)
class ParsedFile:
    """A file's content: FAQ entries, document blocks, or (a workbook) both."""

    faqs: list[FaqRow]
    blocks: list[Block]


class ReadError(KefuError):
    """A file that cannot be ingested; str() is one clear line naming the file and the problem,
    in English; `.message_zh` says the same in Chinese."""

    code = "unreadable_file"
    status = 422

    def __init__(self, name: str, problem: str, problem_zh: str) -> None:
        super().__init__(f"{name}: {problem}", f"{name}：{problem_zh}")
        self.name = name
        self.problem = problem


class FileProblem(Exception):
    """Raised inside the readers, which do not know the file's display name; `read_file` turns
    it into a `ReadError`."""

    def __init__(self, problem: str, problem_zh: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_zh = problem_zh


class Outline:
    """Tracks the headings above the current position while a document is read in order."""

    def __init__(self) -> None:
        self._trail: list[tuple[int, str]] = []
        self.blocks: list[Block] = []

    def heading(self, text: str, level: int, page: int | None = None) -> None:
        text = text.strip()
        if not text:
            return
        self._trail = [(lvl, t) for lvl, t in self._trail if lvl < level]
        self.blocks.append(Block(text, "heading", self.path(), page, level))
        self._trail.append((level, text))

    def add(self, text: str, kind: BlockKind, page: int | None = None) -> None:
        text = text.strip()
        if text:
            self.blocks.append(Block(text, kind, self.path(), page))

    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._trail)


def empty() -> FileProblem:
    return FileProblem("empty: no text found", "文件为空：没有找到任何文字")
