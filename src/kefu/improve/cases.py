"""Labelled evaluation cases (JSONL), validated line by line."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kefu.errors import InvalidInput


@dataclass(frozen=True)
class Case:
    question: str
    expected_faq: str | None = None
    expected_source: str | None = None  # the ingested file's name (or its base name)
    facts: tuple[str, ...] = ()
    handoff: bool = False

    @property
    def in_scope(self) -> bool:
        return not self.handoff and (self.expected_faq is not None or self.expected_source is not None)

    def cites(self, citation_id: str, source: str) -> bool:
        """Is this citation the one expected (the FAQ id, else the source file)?"""
        if self.expected_faq is not None:
            return citation_id == self.expected_faq
        expected = self.expected_source or ""
        return source == expected or source.endswith("/" + expected) or Path(source).name == expected

    def facts_found(self, answer: str) -> list[bool]:
        text = normalise(answer)
        return [normalise(fact) in text for fact in self.facts]


def normalise(text: str) -> str:
    """NFKC, lower case, no whitespace: "1–3 个工作日" and "1–3个工作日" compare equal."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line of a JSONL cases file; an unreadable
    file or a line that is not JSON is a `case_error` naming it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise case_error(path, 0, f"cannot read the file ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise case_error(path, number, f"invalid JSON ({exc.msg})") from None


def load_cases(path: Path) -> list[Case]:
    cases = [_case(path, number, raw) for number, raw in json_lines(path)]
    if not cases:
        raise case_error(path, 0, "no cases")
    return cases


def _case(path: Path, number: int, raw: Any) -> Case:
    if not isinstance(raw, dict):
        raise case_error(path, number, "each line must be a JSON object")
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise case_error(path, number, "'question' must be a non-empty string")
    facts = raw.get("facts") or []
    if not isinstance(facts, list) or not all(isinstance(f, str) and f for f in facts):
        raise case_error(path, number, "'facts' must be a list of non-empty strings")
    expected_faq, expected_source = raw.get("expected_faq"), raw.get("expected_source")
    for field, value in (("expected_faq", expected_faq), ("expected_source", expected_source)):
        if value is not None and (not isinstance(value, str) or not value):
            raise case_error(path, number, f"'{field}' must be a non-empty string or null")
    return Case(question.strip(), expected_faq, expected_source, tuple(facts), bool(raw.get("handoff")))


def case_error(path: Path, number: int, problem: str) -> InvalidInput:
    """A bad cases file, naming the file and line (0: the whole file)."""
    where = f"{path.name}:{number}" if number else path.name
    return InvalidInput("invalid_cases", f"{where}: {problem}", f"{where}：{problem}")
