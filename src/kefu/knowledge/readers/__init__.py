"""Read the files of a knowledge base: FAQ tables and documents, in many formats.

`read_file` is the only entry point; every failure comes out as a `ReadError` whose message
names the file and the problem in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kefu.knowledge.readers.encoding import decode_text
from kefu.knowledge.readers.faq_files import read_csv, read_json, read_jsonl
from kefu.knowledge.readers.markdown import read_markdown, read_text
from kefu.knowledge.readers.model import Block, FaqRow, FileProblem, ParsedFile, ReadError, empty
from kefu.knowledge.readers.pdf import read_pdf
from kefu.knowledge.readers.spreadsheet import read_xlsx
from kefu.knowledge.readers.webpage import read_html
from kefu.knowledge.readers.word import read_docx

__all__ = ["SUPPORTED_SUFFIXES", "Block", "FaqRow", "ParsedFile", "ReadError", "read_file"]


def _faqs(read: Callable[[str], list[FaqRow]]) -> Callable[[Path], ParsedFile]:
    return lambda path: ParsedFile(read(decode_text(path.read_bytes())), [])


def _document(read: Callable[[str], list[Block]]) -> Callable[[Path], ParsedFile]:
    return lambda path: ParsedFile([], read(decode_text(path.read_bytes())))


_READERS: dict[str, Callable[[Path], ParsedFile]] = {
    ".csv": _faqs(read_csv),
    ".json": _faqs(read_json),
    ".jsonl": _faqs(read_jsonl),
    ".xlsx": read_xlsx,
    ".md": _document(read_markdown),
    ".markdown": _document(read_markdown),
    ".txt": _document(read_text),
    ".html": lambda path: ParsedFile([], read_html(path.read_bytes())),
    ".htm": lambda path: ParsedFile([], read_html(path.read_bytes())),
    ".pdf": lambda path: ParsedFile([], read_pdf(path)),
    ".docx": lambda path: ParsedFile([], read_docx(path)),
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def read_file(path: Path, name: str | None = None) -> ParsedFile:
    """The FAQ entries and document blocks of a file, by its suffix (the path's, or `name`'s when
    the path has none). `name` is how the file is called in error messages (default path.name)."""
    label = name or path.name
    suffix = (path.suffix or Path(label).suffix).lower()
    if suffix not in _READERS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "(none)"
        raise ReadError(
            label,
            f"unsupported file type '{shown}' (supported: {supported})",
            f"不支持的文件类型“{shown}”（支持：{supported}）",
        )
    try:
        parsed = _read(path, suffix)
    except FileProblem as problem:
        raise ReadError(label, problem.problem, problem.problem_zh) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ReadError(label, f"cannot open the file ({reason})", f"无法打开文件（{reason}）") from error
    except Exception as error:  # a reader's bug or a library surprise must not reach the user raw
        kind = type(error).__name__
        raise ReadError(label, f"could not be read ({kind})", f"无法读取（{kind}）") from error
    return parsed


def _read(path: Path, suffix: str) -> ParsedFile:
    if path.stat().st_size == 0:
        raise empty()
    parsed = _READERS[suffix](path)
    if not parsed.faqs and not parsed.blocks:
        raise empty()
    return parsed
