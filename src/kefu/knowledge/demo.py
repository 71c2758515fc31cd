"""The shipped demo: a fictional retailer's policies and FAQ, loaded as the default KB."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from kefu.knowledge.ingest import Ingestor, IngestReport, SourceFile, collect
from kefu.store.kb_repository import KnowledgeRepository

DEMO = Path(__file__).parent / "demo"
CONFIG = Path(__file__).parent / "demo_config"
GLOSSARY = CONFIG / "glossary.csv"  # word,translations (`|`): English words in Chinese terms
RETRIEVAL = CONFIG / "retrieval.json"  # thresholds from `kefu eval calibrate` on evals/demo/dev.jsonl


def demo_sources() -> list[SourceFile]:
    """The demo's FAQ and policies (its README and glossary are not knowledge)."""
    return [s for s in collect([DEMO]) if s.name != "README.md"]


def load_glossary(path: Path = GLOSSARY) -> dict[str, list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            row["word"].strip().lower(): [t.strip() for t in row["translations"].split("|") if t.strip()]
            for row in csv.DictReader(f)
            if row.get("word") and row.get("translations")
        }


async def seed_demo(repository: KnowledgeRepository, ingestor: Ingestor, name: str) -> IngestReport | None:
    """Create `name` from the demo unless a KB of that name exists already."""
    if name in await repository.names():
        return None
    await repository.create(name, "Demo: a fictional electronics retailer's policies and FAQ", exist_ok=True)
    calibrated = json.loads(RETRIEVAL.read_text(encoding="utf-8")) if RETRIEVAL.is_file() else {}
    await repository.update_settings(name, {"synonyms": load_glossary(), "retrieval": calibrated})
    return await ingestor.ingest(name, demo_sources())
