"""Named knowledge bases, one folder each under `<data_dir>/kb/`.

On first start the shipped demo (a fictional retailer's policies and FAQ) is copied to
`<data_dir>/kb/default/` so the embedded default answers something useful.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

from kefu.errors import NotFound
from kefu.knowledge.documents import load_folder
from kefu.knowledge.retriever import LexicalIndex

DEMO = Path(__file__).parent / "demo"
GLOSSARY = "glossary.csv"  # optional: word,translations (`|`), for questions in another language


@dataclass
class KnowledgeBase:
    name: str
    folder: Path
    index: LexicalIndex


def load_knowledge_base(name: str, folder: Path) -> KnowledgeBase:
    return KnowledgeBase(name, folder, LexicalIndex(load_folder(folder), _load_glossary(folder / GLOSSARY)))


def _load_glossary(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            row["word"].strip().lower(): [t.strip() for t in row["translations"].split("|") if t.strip()]
            for row in csv.DictReader(f)
            if row.get("word") and row.get("translations")
        }


class KnowledgeBases:
    """All knowledge bases of this installation, loaded at start."""

    def __init__(self, bases: dict[str, KnowledgeBase]) -> None:
        self._bases = bases

    @classmethod
    def load(cls, data_dir: Path, default_name: str) -> KnowledgeBases:
        root = data_dir / "kb"
        default = root / default_name
        if not default.exists():
            root.mkdir(parents=True, exist_ok=True)
            staging = root / f".{default_name}.copying"
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(DEMO, staging)
            staging.rename(default)  # atomic: a half-copied demo is never loaded
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        return cls({p.name: load_knowledge_base(p.name, p) for p in folders})

    def names(self) -> list[str]:
        return sorted(self._bases)

    def get(self, name: str) -> KnowledgeBase:
        try:
            return self._bases[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise NotFound(
                "kb_not_found",
                f"No knowledge base named {name!r}; known: {known}.",
                f"找不到名为 {name!r} 的知识库；现有：{known}。",
            ) from None
