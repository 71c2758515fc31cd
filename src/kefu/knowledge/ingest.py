"""Ingestion: files in, a new knowledge-base version out, all or nothing.

Files whose bytes did not change are skipped (nothing is parsed or embedded). Changed files
are parsed, chunked and embedded outside any transaction (texts embedded before, by hash,
are reused), then every change is written in one transaction that bumps the KB version. A
crash or kill -9 before the commit leaves the KB exactly as it was; the derived vector index
is rebuilt from the database for any version it does not match.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kefu.knowledge.chunking import chunk_blocks
from kefu.knowledge.embedders.base import Embedder
from kefu.knowledge.readers import SUPPORTED_SUFFIXES, FaqRow, ParsedFile, ReadError, read_file
from kefu.knowledge.service import embedding_text
from kefu.store.kb_repository import FileChange, KnowledgeRepository, NewChunk, NewFaq, NewVector

Progress = Callable[[str, int], None]  # (what is happening, how many units were just done)


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest and the name it has inside the knowledge base (its relative path)."""

    name: str
    path: Path


@dataclass
class FileReport:
    name: str
    status: str  # added | updated | unchanged | removed | failed
    chunks: int = 0
    faqs: int = 0
    error: str | None = None
    error_zh: str | None = None


@dataclass
class IngestReport:
    kb: str
    version: int
    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]


def collect(paths: Iterable[Path]) -> list[SourceFile]:
    """Files named directly keep their base name; files found in a folder, their path inside it.

    Hidden files and files of unsupported types inside folders are skipped silently (a folder
    often holds other things); a file named directly is always attempted, so it gets a report.
    """
    found: dict[str, SourceFile] = {}
    for path in paths:
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                relative = item.relative_to(path)
                if item.is_file() and item.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(relative):
                    found.setdefault(relative.as_posix(), SourceFile(relative.as_posix(), item))
        else:
            found.setdefault(path.name, SourceFile(path.name, path))
    return list(found.values())


def _hidden(relative: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in relative.parts)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _Parsed:
    source: SourceFile
    sha256: str
    size: int
    parsed: ParsedFile
    chunk_texts: list[tuple[list[str], int | None, str]] = field(default_factory=list)


class Ingestor:
    def __init__(
        self, repository: KnowledgeRepository, embedder: Embedder, chunk_tokens: int, overlap_tokens: int
    ) -> None:
        self.repository = repository
        self.embedder = embedder
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens

    async def ingest(
        self,
        kb: str,
        sources: Sequence[SourceFile],
        *,
        prune: bool = False,
        draft: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest `sources` into `kb` (which must exist); with `prune`, drop files not among them."""
        progress = progress or (lambda _what, _n: None)
        known = {f.name: f.sha256 for f in await self.repository.files(kb)}
        reports: list[FileReport] = []
        todo: list[_Parsed] = []
        for source in sources:
            report, parsed = await asyncio.to_thread(self._parse, source, known)
            reports.append(report)
            if parsed is not None:
                todo.append(parsed)
            progress(f"parsed {source.name}", 1)
        removed = sorted(set(known) - {s.name for s in sources}) if prune else []
        reports += [FileReport(name, "removed") for name in removed]
        if not todo and not removed:
            return IngestReport(kb, await self.repository.version(kb), reports)
        changes = await self._embed(kb, todo, draft, progress)
        version = await self.repository.apply(kb, changes, removed, draft=draft)
        return IngestReport(kb, version, reports)

    def _parse(self, source: SourceFile, known: dict[str, str]) -> tuple[FileReport, _Parsed | None]:
        try:
            sha = file_sha256(source.path)
            if known.get(source.name) == sha:
                return FileReport(source.name, "unchanged"), None
            parsed = read_file(source.path, source.name)
        except ReadError as exc:
            return FileReport(source.name, "failed", error=str(exc), error_zh=exc.message_zh), None
        except OSError as exc:
            message = f"{source.name}: cannot read the file ({exc.strerror or exc})"
            return FileReport(
                source.name, "failed", error=message, error_zh=f"{source.name}：无法读取文件"
            ), None
        item = _Parsed(source, sha, source.path.stat().st_size, parsed)
        for chunk in chunk_blocks(
            parsed.blocks, self.embedder.count_tokens, self.chunk_tokens, self.overlap_tokens
        ):
            item.chunk_texts.append((list(chunk.heading_path), chunk.page, chunk.text))
        status = "updated" if source.name in known else "added"
        return FileReport(source.name, status, len(item.chunk_texts), len(parsed.faqs)), item

    async def _embed(self, kb: str, todo: list[_Parsed], draft: bool, progress: Progress) -> list[FileChange]:
        """Every text that needs a vector, embedded once (reusing the KB's known vectors)."""
        wanted: list[str] = []
        for item in todo:
            wanted += [
                _chunk_embedding_text(item.source.name, path, text) for path, _page, text in item.chunk_texts
            ]
            wanted += [text for faq in item.parsed.faqs for text in (*_phrasings(faq), faq.answer)]
        shas = [text_sha256(t) for t in wanted]
        vectors = await self.repository.known_embeddings(kb, sorted(set(shas)))
        missing = {sha: text for sha, text in zip(shas, wanted, strict=True) if sha not in vectors}
        batch = 64
        texts = list(missing.values())
        keys = list(missing)
        for start in range(0, len(texts), batch):
            embedded = await asyncio.to_thread(self.embedder.embed, texts[start : start + batch])
            for sha, row in zip(keys[start : start + batch], embedded, strict=True):
                vectors[sha] = np.asarray(row, dtype=np.float32).tobytes()
            progress("embedded", len(texts[start : start + batch]))
        return [_change(item, vectors) for item in todo]


def _chunk_embedding_text(file_name: str, heading_path: list[str], text: str) -> str:
    return embedding_text(" / ".join(heading_path) or Path(file_name).stem, text)


def _phrasings(faq: FaqRow) -> list[str]:
    return list(dict.fromkeys((faq.question, *faq.similar_questions)))


def _vector(text: str, vectors: dict[str, bytes], role: str = "chunk") -> NewVector:
    sha = text_sha256(text)
    return NewVector(sha, vectors[sha], role)


def _change(item: _Parsed, vectors: dict[str, bytes]) -> FileChange:
    name = item.source.name
    chunks = [
        NewChunk(position, path, page, text, _vector(_chunk_embedding_text(name, path, text), vectors))
        for position, (path, page, text) in enumerate(item.chunk_texts)
    ]
    faqs = [
        NewFaq(
            faq_id=faq.id or derived_faq_id(name, faq.question),
            question=faq.question,
            answer=faq.answer,
            category=faq.category,
            similar_questions=[q for q in _phrasings(faq) if q != faq.question],
            effective_from=faq.effective_from,
            effective_to=faq.effective_to,
            vectors=[
                *(_vector(p, vectors, "question") for p in _phrasings(faq)),
                _vector(faq.answer, vectors, "answer"),
            ],
        )
        for faq in item.parsed.faqs
    ]
    kind = "faq" if item.parsed.faqs else "document"
    return FileChange(name, item.sha256, kind, item.size, chunks, faqs)


def derived_faq_id(file_name: str, question: str) -> str:
    """A stable id for a FAQ row without one: the file's stem and a hash of the question."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(file_name).stem).strip("-")[:40] or "faq"
    return f"{stem}-{text_sha256(question.strip())[:10]}"
