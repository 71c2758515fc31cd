"""Load a knowledge-base folder: Markdown documents split by heading, and a FAQ CSV."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: one FAQ entry or one section of a document."""

    id: str
    kind: str  # "faq" | "chunk"
    title: str  # FAQ question, or the document's heading path
    text: str  # FAQ answer, or the section's text
    source: str  # file name inside the knowledge base
    match_texts: tuple[str, ...] = field(default=())  # FAQ: the question and its variants


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def load_markdown(path: Path, root: Path) -> list[Passage]:
    """One passage per section under a heading, titled by its heading path."""
    source = path.relative_to(root).as_posix()
    passages: list[Passage] = []
    trail: list[str] = []
    body: list[str] = []

    def flush() -> None:
        text = "\n".join(body).strip()
        if text:
            title = " / ".join(trail) or path.stem
            passages.append(Passage(f"{source}#{len(passages) + 1}", "chunk", title, text, source))
        body.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            del trail[level - 1 :]
            trail.append(heading.group(2))
        else:
            body.append(line)
    flush()
    return passages


def load_faq_csv(path: Path, root: Path) -> list[Passage]:
    """FAQ rows with columns question, answer and optional id, category, similar_questions (`|`)."""
    source = path.relative_to(root).as_posix()
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    passages = []
    for number, row in enumerate(rows, start=1):
        question = (row.get("question") or "").strip()
        answer = (row.get("answer") or "").strip()
        if not question or not answer:
            continue
        variants = [q.strip() for q in (row.get("similar_questions") or "").split("|") if q.strip()]
        faq_id = (row.get("id") or "").strip() or f"{source}:{number}"
        passages.append(Passage(faq_id, "faq", question, answer, source, (question, *variants)))
    return passages


def load_folder(root: Path) -> list[Passage]:
    """Every `*.md` and `faq*.csv` under `root`, in a stable order."""
    passages: list[Passage] = []
    for path in sorted(root.rglob("*")):
        if path.name.lower() == "readme.md":
            continue
        if path.suffix == ".md":
            passages += load_markdown(path, root)
        elif path.suffix == ".csv" and path.stem.startswith("faq"):
            passages += load_faq_csv(path, root)
    return passages
