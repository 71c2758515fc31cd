"""PDF files, read with pdfplumber: ruled tables as Markdown tables, the rest as paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page
from pdfplumber.table import Table

from kefu.knowledge.readers.model import Block, FileProblem
from kefu.knowledge.readers.tables import markdown_table
from kefu.knowledge.readers.whitespace import squash

BBox = tuple[float, float, float, float]
_PARAGRAPH_GAP = 0.5  # a vertical gap over half a line height starts a new paragraph


def read_pdf(path: Path) -> list[Block]:
    """Blocks of every page in reading order, `page` 1-based."""
    try:
        with pdfplumber.open(path) as pdf:
            if not any(page.chars for page in pdf.pages):
                raise FileProblem("no text layer (scanned PDF?)", "没有文字层（可能是扫描件？）")
            return [block for number, page in enumerate(pdf.pages, start=1) for block in _page(page, number)]
    except FileProblem:
        raise
    except Exception as error:
        if any(isinstance(arg, PDFEncryptionError) for arg in error.args):
            raise FileProblem("password-protected PDF", "PDF 有密码保护") from None
        raise FileProblem("not a readable PDF", "不是可读取的 PDF 文件") from None


def _page(page: Page, number: int) -> list[Block]:
    tables = page.find_tables()
    placed: list[tuple[float, Block]] = []
    for table in tables:
        text = markdown_table(_filled(table))
        if text:
            placed.append((table.bbox[1], Block(text, "table", page=number)))
    boxes = [table.bbox for table in tables]
    rest = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    for top, text in _paragraphs(rest.extract_text_lines(return_chars=False)):
        placed.append((top, Block(text, "paragraph", page=number)))
    return [block for _, block in sorted(placed, key=lambda item: item[0])]


def _inside(obj: dict[str, Any], boxes: Sequence[BBox]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _paragraphs(lines: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """Lines grouped into paragraphs by vertical gaps, each with the top of its first line."""
    groups: list[list[dict[str, Any]]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        height = previous["bottom"] - previous["top"] if previous else 0
        if previous is None or line["top"] - previous["bottom"] > _PARAGRAPH_GAP * height:
            groups.append([])
        groups[-1].append(line)
    texts = ((group[0]["top"], squash("\n".join(line["text"] for line in group))) for group in groups)
    return [(top, text) for top, text in texts if text]


def _filled(table: Table) -> list[list[str]]:
    """The table's text grid with each merged cell's text repeated in every grid cell it covers
    (pdfplumber gives None for the covered ones), so that each row reads on its own."""
    texts = table.extract()
    rows = table.rows
    owners = [
        (cell, texts[r][c] or "") for r, row in enumerate(rows) for c, cell in enumerate(row.cells) if cell
    ]
    lefts = [*sorted({cell[0] for cell in table.cells}), table.bbox[2]]
    tops = [*sorted({cell[1] for cell in table.cells}), table.bbox[3]]
    grid: list[list[str]] = []
    for r, row in enumerate(rows):
        y = (tops[r] + tops[r + 1]) / 2
        grid.append([])
        for c, cell in enumerate(row.cells):
            x = (lefts[c] + lefts[c + 1]) / 2
            text = texts[r][c] if cell else _covering(owners, x, y)
            grid[-1].append(text or "")
    return grid


def _covering(owners: Sequence[tuple[BBox, str]], x: float, y: float) -> str:
    return next((text for (x0, top, x1, bottom), text in owners if x0 <= x < x1 and top <= y < bottom), "")
