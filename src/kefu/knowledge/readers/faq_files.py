"""FAQ files in CSV, JSON (a list, or {"faqs": [...]}) and JSON Lines."""

from __future__ import annotations

import csv
import io
import json

from kefu.knowledge.readers.faq import RawRow, build_faqs, require_columns, rows_from_grid
from kefu.knowledge.readers.model import FaqRow, FileProblem, empty


def read_csv(text: str) -> list[FaqRow]:
    """Rows of a CSV (comma, tab or semicolon separated) under a header row."""
    try:
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise FileProblem(f"invalid CSV: {error}", f"CSV 格式错误：{error}") from None
    if not any(cell.strip() for row in grid for cell in row):
        raise empty()
    rows = rows_from_grid(grid, lambda i: (f"row {i + 1}", f"第 {i + 1} 行"))
    return build_faqs(rows)


def read_json(text: str) -> list[FaqRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            f"JSON 格式错误（第 {error.lineno} 行第 {error.colno} 列）：{error.msg}",
        ) from None
    if isinstance(data, dict) and "faqs" in data:
        data = data["faqs"]
    if not isinstance(data, list):
        raise FileProblem(
            'expected a list of FAQ objects or {"faqs": [...]}', '应为 FAQ 对象列表或 {"faqs": [...]}'
        )
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise FileProblem(f"item {number} is not a JSON object", f"第 {number} 条不是 JSON 对象")
    return _from_objects([(f"item {n}", f"第 {n} 条", item) for n, item in enumerate(data, start=1)])


def read_jsonl(text: str) -> list[FaqRow]:
    """One JSON object per line; blank lines are skipped."""
    objects = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise FileProblem(
                f"invalid JSON on line {number}: {error.msg}", f"第 {number} 行不是有效的 JSON：{error.msg}"
            ) from None
        if not isinstance(item, dict):
            raise FileProblem(f"line {number} is not a JSON object", f"第 {number} 行不是 JSON 对象")
        objects.append((f"line {number}", f"第 {number} 行", item))
    return _from_objects(objects)


def _from_objects(objects: list[tuple[str, str, dict[str, object]]]) -> list[FaqRow]:
    if not objects:
        raise empty()
    keys = list(dict.fromkeys(key for _, _, item in objects for key in item))
    columns = require_columns(keys)
    return build_faqs(
        RawRow(where, where_zh, {f: item.get(keys[c]) for f, c in columns.items()})
        for where, where_zh, item in objects
    )


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", "\t", ";"), key=header.count)  # ties go to the comma
