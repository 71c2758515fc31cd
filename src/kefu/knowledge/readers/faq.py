"""FAQ rows from any tabular source: header aliases (English and Chinese), values, validation."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from kefu.knowledge.readers.model import FaqRow, FileProblem
from kefu.knowledge.readers.tables import cell_text

_FIELD_NAMES = {
    "question": ("question", "问题", "标准问题"),
    "answer": ("answer", "答案", "回答"),
    "id": ("id", "编号"),
    "category": ("category", "分类", "类别"),
    "similar_questions": ("similar_questions", "相似问题", "相似问法"),
    "effective_from": ("effective_from", "生效日期"),
    "effective_to": ("effective_to", "失效日期"),
}
_SEPARATORS = re.compile(r"[\s_\-]+")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _key(header: object) -> str:
    return _SEPARATORS.sub("", str(header if header is not None else "")).lower()


_ALIASES = {_key(alias): field for field, aliases in _FIELD_NAMES.items() for alias in aliases}


@dataclass(frozen=True)
class RawRow:
    """One source row with its values keyed by FAQ field, and where it is, for messages."""

    where: str  # "row 3", "line 2", "item 4" ...
    where_zh: str
    values: Mapping[str, object]


def is_faq_header(headers: Iterable[object]) -> bool:
    fields = {_ALIASES.get(_key(h)) for h in headers}
    return "question" in fields and "answer" in fields


def require_columns(headers: Sequence[object]) -> dict[str, int]:
    """Index of the first column of each known field; FileProblem without question or answer."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = _ALIASES.get(_key(header))
        if field is not None:
            columns.setdefault(field, index)
    for field in ("question", "answer"):
        if field not in columns:
            found = ", ".join(s for h in headers if (s := str(h if h is not None else "").strip())) or "none"
            raise FileProblem(
                f"no '{field}' column (columns found: {found})", f"缺少“{field}”列（现有列：{found}）"
            )
    return columns


def rows_from_grid(grid: Sequence[Sequence[object]], where: Callable[[int], tuple[str, str]]) -> list[RawRow]:
    """Rows under the grid's first non-empty row (the header); `where(i)` names grid row i."""
    start = next((i for i, row in enumerate(grid) if any(cell_text(v) for v in row)), None)
    if start is None:
        return []
    columns = require_columns(grid[start])
    return [
        RawRow(*where(i), {f: row[c] for f, c in columns.items() if c < len(row)})
        for i, row in enumerate(grid)
        if i > start and any(cell_text(v) for v in row)
    ]


def build_faqs(rows: Iterable[RawRow]) -> list[FaqRow]:
    """FAQ entries of the rows that have a question and an answer; FileProblem when none has,
    on a duplicate id or on a bad date."""
    faqs: list[FaqRow] = []
    seen: dict[str, RawRow] = {}
    for row in rows:
        faq = _faq(row)
        if faq is None:
            continue
        if faq.id is not None:
            if faq.id in seen:
                first = seen[faq.id]
                raise FileProblem(
                    f"duplicate id '{faq.id}' ({first.where} and {row.where})",
                    f"编号“{faq.id}”重复（{first.where_zh}和{row.where_zh}）",
                )
            seen[faq.id] = row
        faqs.append(faq)
    if not faqs:
        raise FileProblem("no FAQ row has both a question and an answer", "没有任何一行同时填写了问题和答案")
    return faqs


def _faq(row: RawRow) -> FaqRow | None:
    values = row.values
    question, answer = cell_text(values.get("question")), cell_text(values.get("answer"))
    if not question or not answer:
        return None
    start = _date(row, "effective_from")
    end = _date(row, "effective_to")
    if start and end and start > end:
        raise FileProblem(
            f"{row.where}: effective_from {start} is after effective_to {end}",
            f"{row.where_zh}：生效日期 {start} 晚于失效日期 {end}",
        )
    return FaqRow(
        question=question,
        answer=answer,
        id=cell_text(values.get("id")) or None,
        category=cell_text(values.get("category")) or None,
        similar_questions=_variants(values.get("similar_questions"), question),
        effective_from=start,
        effective_to=end,
    )


def _variants(value: object, question: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else cell_text(value).split("|")
    variants = (cell_text(item) for item in items)
    return tuple(dict.fromkeys(v for v in variants if v and v != question))


def _date(row: RawRow, field: str) -> datetime.date | None:
    value = row.values.get(field)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        if match := _DATE.fullmatch(text):
            return datetime.date(*map(int, match.groups()))
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        raise FileProblem(
            f"{row.where}: invalid {field} date '{text}' (expected YYYY-MM-DD)",
            f"{row.where_zh}：{_FIELD_NAMES[field][1]}“{text}”不是有效日期（应为 YYYY-MM-DD）",
        ) from None
