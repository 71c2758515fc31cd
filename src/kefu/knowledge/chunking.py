"""Split document blocks into retrieval chunks of bounded token count, Chinese-aware.

A chunk never spans two sections (its heading path is the section's), breaks at sentence ends
(Chinese and English punctuation), keeps lists and tables whole when they fit and splits larger
tables by rows, repeating the header. Consecutive chunks of a section overlap by whole sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from kefu.knowledge.readers import Block

Counter = Callable[[str], int]

# A sentence ends at Chinese or English end punctuation (an ellipsis too, or a full stop followed by
# whitespace, so that "3.5" and "kefu.cn" stay whole), with any closing quotes or brackets after it.
_SENTENCE_END = re.compile(r"(?:[。！？；!?]+|…+|\.(?=\s))[”’\"'」』）)\]]*\s*")
_LINE_END = re.compile(r"(?<=\n)")
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")


@dataclass(frozen=True)
class Chunk:
    """A piece of a document to index; `position` is its 0-based order within the file."""

    text: str
    heading_path: tuple[str, ...]
    page: int | None
    position: int


@dataclass(frozen=True)
class _Unit:
    """The smallest piece chunks are built from: a sentence, a list item, a whole list or table."""

    text: str
    joiner: str  # put before it when it follows another unit in a chunk
    page: int | None
    sentence: bool  # may be repeated at the start of the next chunk as overlap


def chunk_blocks(
    blocks: Sequence[Block], count_tokens: Counter, size: int = 256, overlap: int = 32
) -> list[Chunk]:
    """Chunks of at most `size` tokens (as `count_tokens` measures them), in document order."""
    if size < 1 or not 0 <= overlap < size:
        raise ValueError(f"need size >= 1 and 0 <= overlap < size (got size={size}, overlap={overlap})")
    chunks: list[Chunk] = []
    for path, section in _sections(blocks):
        units = [unit for block in section for unit in _units(block, count_tokens, size)]
        for packed in _pack(units, count_tokens, size, overlap):
            chunks.append(Chunk(_join(packed), path, packed[0].page, len(chunks)))
    return chunks


def _sections(blocks: Sequence[Block]) -> Iterator[tuple[tuple[str, ...], list[Block]]]:
    """Runs of body blocks under the same heading; headings only delimit them."""
    section: list[Block] = []
    for block in blocks:
        if section and (block.kind == "heading" or block.heading_path != section[0].heading_path):
            yield section[0].heading_path, section
            section = []
        if block.kind != "heading":
            section.append(block)
    if section:
        yield section[0].heading_path, section


def _units(block: Block, count: Counter, size: int) -> list[_Unit]:
    text = block.text.strip()
    if block.kind in ("table", "list") and count(text) <= size:
        return [_Unit(text, "\n\n", block.page, sentence=False)]
    pieces: list[tuple[str, str, bool]]  # text, joiner, sentence
    if block.kind == "table":
        pieces = [(piece, "\n\n", False) for piece in _table_pieces(text, count, size)]
    elif block.kind == "list":
        items = (_sentences(item, count, size) for item in text.split("\n"))
        pieces = [(piece, "" if i else "\n", True) for item in items for i, piece in enumerate(item)]
    else:
        pieces = [(piece, "", True) for piece in _sentences(text, count, size)]
    return [
        _Unit(piece, "\n\n" if i == 0 else joiner, block.page, sentence)
        for i, (piece, joiner, sentence) in enumerate(pieces)
    ]


def _sentences(text: str, count: Counter, size: int) -> list[str]:
    """Sentences (each with its trailing whitespace); one over `size` is cut at line breaks, then
    anywhere."""
    pieces = []
    for sentence in _split_after(_SENTENCE_END, text):
        if count(sentence) <= size:
            pieces.append(sentence)
            continue
        for line in _split_after(_LINE_END, sentence):
            pieces += [line] if count(line) <= size else _hard_split(line, count, size)
    return [piece for piece in pieces if piece.strip()]


def _split_after(pattern: re.Pattern[str], text: str) -> list[str]:
    cuts = [match.end() for match in pattern.finditer(text)]
    bounds = [0, *(cut for cut in cuts if 0 < cut < len(text)), len(text)]
    return [text[start:end] for start, end in pairwise(bounds) if start < end]


def _hard_split(text: str, count: Counter, size: int) -> list[str]:
    """The longest prefixes that fit, backing off to a space in Latin text."""
    pieces = []
    while count(text) > size:
        low, high = 1, len(text) - 1  # the longest prefix within size, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if count(text[:middle]) <= size else (low, middle - 1)
        space = text.rfind(" ", 0, low)
        cut = space + 1 if space > low // 2 else low
        pieces.append(text[:cut])
        text = text[cut:]
    return [piece for piece in [*pieces, text] if piece]


def _table_pieces(table: str, count: Counter, size: int) -> list[str]:
    """A Markdown table too long for one chunk, as tables of consecutive rows under its header."""
    lines = table.split("\n")
    if len(lines) < 3 or not _TABLE_SEPARATOR.fullmatch(lines[1].strip()):
        return [piece for line in lines for piece in _sentences(line, count, size)]
    header, rows = lines[:2], lines[2:]
    groups: list[list[str]] = [[]]
    for row in rows:
        if groups[-1] and count("\n".join([*header, *groups[-1], row])) > size:
            groups.append([])
        groups[-1].append(row)
    pieces = ["\n".join([*header, *group]) for group in groups]
    return [part for piece in pieces for part in _hard_split(piece, count, size)]


def _pack(units: list[_Unit], count: Counter, size: int, overlap: int) -> list[list[_Unit]]:
    """Units packed greedily into chunks; each new chunk starts with the previous one's last
    sentences, up to `overlap` tokens, as long as the next unit still fits after them."""
    chunks: list[list[_Unit]] = []
    current: list[_Unit] = []
    for unit in units:
        if current and count(_join([*current, unit])) > size:
            chunks.append(current)
            current = _tail(current, count, overlap)
            while current and count(_join([*current, unit])) > size:
                current = current[1:]
        current.append(unit)
    if current:
        chunks.append(current)
    return chunks


def _tail(units: list[_Unit], count: Counter, overlap: int) -> list[_Unit]:
    """The run of whole sentences ending the chunk whose length is nearest to `overlap` tokens
    (shorter on a tie, nothing when even one sentence is over twice as long)."""
    best, best_gap = len(units), overlap
    start = len(units)
    while start > 0 and units[start - 1].sentence:
        start -= 1
        tokens = count(_join(units[start:]))
        if abs(tokens - overlap) < best_gap:
            best, best_gap = start, abs(tokens - overlap)
        if tokens >= overlap:
            break
    return units[best:]


def _join(units: Sequence[_Unit]) -> str:
    return (units[0].text + "".join(unit.joiner + unit.text for unit in units[1:])).strip()
