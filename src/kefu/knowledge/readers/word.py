"""Word documents (.docx), read with python-docx in body order: headings, paragraphs, lists, tables."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from kefu.knowledge.readers.model import Block, FileProblem, Outline
from kefu.knowledge.readers.tables import markdown_table

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|列表", re.IGNORECASE)


def read_docx(path: Path) -> list[Block]:
    """Headings from the Heading/标题 N and Title styles; consecutive list paragraphs as one block."""
    try:
        return _read(path)
    except Exception:
        raise FileProblem("not a readable Word document (.docx)", "不是可读取的 Word 文档（.docx）") from None


def _read(path: Path) -> list[Block]:
    outline = Outline()
    items: list[str] = []
    for part in docx.Document(str(path)).iter_inner_content():
        if isinstance(part, Paragraph) and not part.text.strip():
            continue  # an empty paragraph neither ends a list nor makes a block
        level = _heading_level(part) if isinstance(part, Paragraph) else 0
        if isinstance(part, Paragraph) and not level and _is_list_item(part):
            items.append(f"{'  ' * _list_depth(part)}- {part.text.strip()}")
            continue
        outline.add("\n".join(items), "list")
        items.clear()
        if isinstance(part, Table):
            outline.add(markdown_table(_grid(part)), "table")
        elif level:
            outline.heading(part.text, level)
        else:
            outline.add(part.text, "paragraph")
    outline.add("\n".join(items), "list")
    return outline.blocks


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


def _heading_level(paragraph: Paragraph) -> int:
    name = _style_name(paragraph)
    if name == "Title":
        return 1
    match = _HEADING_STYLE.fullmatch(name.strip())
    return int(match.group(1)) if match else 0


def _is_list_item(paragraph: Paragraph) -> bool:
    numbered = bool(paragraph._p.xpath("./w:pPr/w:numPr"))
    return numbered or _LIST_STYLE.match(_style_name(paragraph)) is not None


def _list_depth(paragraph: Paragraph) -> int:
    levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    return int(levels[0]) if levels else 0


def _grid(table: Table) -> list[list[str]]:
    """One entry per layout-grid column: python-docx repeats a merged cell in each column and row
    it spans; rows that start late or end early are padded."""
    return [
        [""] * row.grid_cols_before
        + [" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()) for cell in row.cells]
        + [""] * row.grid_cols_after
        for row in table.rows
    ]
