"""Excel workbooks: sheets with a question/answer header are FAQ; other sheets are documents,
one heading (the sheet name) and one Markdown table each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from kefu.knowledge.readers.faq import RawRow, build_faqs, is_faq_header, rows_from_grid
from kefu.knowledge.readers.model import FaqRow, FileProblem, Outline, ParsedFile
from kefu.knowledge.readers.tables import cell_text, markdown_table

Grid = list[list[object]]


def read_xlsx(path: Path) -> ParsedFile:
    """Visible sheets only; merged ranges repeat their value in every cell they cover."""
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception:
        raise FileProblem(
            "not a readable Excel workbook (.xlsx)", "不是可读取的 Excel 工作簿（.xlsx）"
        ) from None
    faq_rows: list[RawRow] = []
    outline = Outline()
    for index, sheet in enumerate(workbook.worksheets, start=1):
        if sheet.sheet_state != "visible":
            continue
        grid = _grid(sheet)
        if _is_faq(grid):
            faq_rows += rows_from_grid(grid, _where(sheet.title))
        else:
            _add_document_sheet(outline, sheet.title, grid, index)
    faqs: list[FaqRow] = build_faqs(faq_rows) if faq_rows else []
    return ParsedFile(faqs, outline.blocks)


def _grid(sheet: Any) -> Grid:
    grid: Grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > len(grid) or merged.min_col > len(grid[0]):
            continue
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            row = grid[r]
            for c in range(merged.min_col - 1, min(merged.max_col, len(row))):
                row[c] = value
    return grid


def _is_faq(grid: Grid) -> bool:
    header = next((row for row in grid if any(cell_text(v) for v in row)), [])
    return is_faq_header(header)


def _where(title: str) -> Callable[[int], tuple[str, str]]:
    return lambda i: (f"sheet '{title}' row {i + 1}", f"工作表“{title}”第 {i + 1} 行")


def _add_document_sheet(outline: Outline, title: str, grid: Grid, index: int) -> None:
    table = markdown_table([[cell_text(v) for v in row] for row in grid])
    if table:
        outline.heading(title, 1, index)
        outline.add(table, "table", index)
