"""Render table grids as Markdown tables, the form every reader emits tables in."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from kefu.knowledge.readers.whitespace import squash


def markdown_table(grid: Sequence[Sequence[str]]) -> str:
    """A pipe table whose first non-empty row is the header; empty rows and columns are dropped,
    `|` in cells escaped and line breaks in cells joined. "" when the grid has no text."""
    cells = [[_cell(value) for value in row] for row in grid]
    width = max((len(row) for row in cells), default=0)
    cells = [row + [""] * (width - len(row)) for row in cells if any(row)]
    keep = [c for c in range(width) if any(row[c] for row in cells)]
    if not cells or not keep:
        return ""
    lines = ["| " + " | ".join(row[c] for c in keep) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * len(keep))
    return "\n".join(lines)


def _cell(value: str) -> str:
    return squash(value).replace("|", "\\|")


def cell_text(value: object) -> str:
    """A spreadsheet or JSON value as the text a person would see in the cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 1001 stored as 1001.0
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
