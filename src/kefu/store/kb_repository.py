"""Reading and writing knowledge bases. Every content change is one transaction that also
increments the knowledge base's `version`, so readers see the old or the new KB, never a mix."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.errors import InvalidInput, NotFound
from kefu.store.kb_models import FaqVersion, KbChunk, KbFile, KbVector, KnowledgeBaseRow
from kefu.store.models import DEFAULT_TENANT, utcnow

KB_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def check_kb_name(name: str) -> str:
    if not KB_NAME.fullmatch(name):
        raise InvalidInput(
            "invalid_kb_name",
            f"Invalid knowledge-base name {name!r}: use 1-64 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit.",
            f"知识库名称 {name!r} 无效：请使用 1–64 个字母、数字、“_”、“-”或“.”，并以字母或数字开头。",
        )
    return name


def kb_key(tenant: str, name: str) -> str:
    """The stored name of a tenant's KB: the name itself in the default tenant (data from before
    tenants stays where it is), `tenant/name` in the others. KB names never hold a `/`."""
    return name if tenant == DEFAULT_TENANT else f"{tenant}/{name}"


def split_kb_key(key: str) -> tuple[str, str]:
    """(tenant, name) of a stored KB name."""
    tenant, slash, name = key.partition("/")
    return (tenant, name) if slash else (DEFAULT_TENANT, key)


def kb_not_found(key: str, known: Sequence[str]) -> NotFound:
    """`known`: the names of the same tenant's KBs (another tenant's never show)."""
    name = split_kb_key(key)[1]
    listed = ", ".join(known) or "none"
    return NotFound(
        "kb_not_found",
        f"No knowledge base named {name!r}; known: {listed}.",
        f"找不到名为 {name!r} 的知识库；现有：{listed}。",
    )


@dataclass
class NewVector:
    text_sha256: str
    embedding: bytes
    role: str = "chunk"  # chunk | question | answer


@dataclass
class NewChunk:
    position: int
    heading_path: list[str]
    page: int | None
    text: str
    vector: NewVector


@dataclass
class NewFaq:
    faq_id: str
    question: str
    answer: str
    category: str | None
    similar_questions: list[str]
    effective_from: date | None
    effective_to: date | None
    vectors: list[NewVector]  # one per phrasing of the question (role "question"), one of the answer

    def same_content(self, row: FaqVersion) -> bool:
        return (
            self.question == row.question
            and self.answer == row.answer
            and self.category == row.category
            and self.similar_questions == list(row.similar_questions)
            and self.effective_from == row.effective_from
            and self.effective_to == row.effective_to
        )


@dataclass
class FileChange:
    """A file to add or replace in a knowledge base (documents: chunks; FAQ files: faqs)."""

    name: str
    sha256: str
    kind: str
    size_bytes: int
    chunks: list[NewChunk] = field(default_factory=list)
    faqs: list[NewFaq] = field(default_factory=list)


@dataclass
class KbSummary:
    name: str
    description: str
    version: int
    files: int
    chunks: int
    faqs: int
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass
class ServedFaq:
    row: FaqVersion
    file_name: str


@dataclass
class Snapshot:
    """Everything retrieval needs from one version of a knowledge base."""

    name: str
    version: int
    settings: dict[str, Any]
    chunks: list[tuple[KbChunk, str]]  # (chunk, file name)
    faqs: list[FaqVersion]  # approved versions (effective dates are checked at query time)
    vector_keys: list[int]
    vector_owner: list[tuple[str, int, str]]  # ("chunk", chunk id, role) | ("faq", faq row id, role)
    embeddings: list[bytes]


class KnowledgeRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], model: str) -> None:
        self.sessions = sessions
        self.model = model  # the embedder's name: vectors of another model are never mixed in

    # -- knowledge bases -------------------------------------------------------------------

    async def names(self, tenant: str | None = None) -> list[str]:
        """Stored names of every KB, or of one tenant's."""
        query = select(KnowledgeBaseRow.name).order_by("name")
        if tenant is not None:
            query = query.where(KnowledgeBaseRow.tenant == tenant)
        async with self.sessions() as session:
            return list((await session.scalars(query)).all())

    async def _known(self, key: str) -> list[str]:
        """Names of the KBs of `key`'s tenant, as that tenant knows them (for error messages)."""
        return [split_kb_key(k)[1] for k in await self.names(split_kb_key(key)[0])]

    async def get(self, name: str) -> KnowledgeBaseRow:
        async with self.sessions() as session:
            row = await session.get(KnowledgeBaseRow, name)
        if row is None:
            raise kb_not_found(name, await self._known(name))
        return row

    async def version(self, name: str) -> int:
        async with self.sessions() as session:
            version = await session.scalar(
                select(KnowledgeBaseRow.version).where(KnowledgeBaseRow.name == name)
            )
        if version is None:
            raise kb_not_found(name, await self._known(name))
        return version

    async def stamp(self, name: str) -> tuple[int, str]:
        """(version, creation time): changes whenever the KB's content does, even when a KB was
        deleted and created again under the same name (its version then starts again)."""
        async with self.sessions() as session:
            row = (
                await session.execute(
                    select(KnowledgeBaseRow.version, KnowledgeBaseRow.created_at).where(
                        KnowledgeBaseRow.name == name
                    )
                )
            ).first()
        if row is None:
            raise kb_not_found(name, await self._known(name))
        return row.version, row.created_at.isoformat()

    async def create(self, name: str, description: str = "", *, exist_ok: bool = False) -> KnowledgeBaseRow:
        """`name`: the stored name (`kb_key(tenant, name)`); its tenant is recorded with it."""
        tenant, public = split_kb_key(name)
        check_kb_name(public)
        async with self.sessions.begin() as session:
            existing = await session.get(KnowledgeBaseRow, name)
            if existing is not None:
                if exist_ok:
                    return existing
                raise InvalidInput(
                    "kb_exists",
                    f"A knowledge base named {public!r} already exists.",
                    f"知识库 {public!r} 已存在。",
                    status=409,
                )
            row = KnowledgeBaseRow(
                name=name,
                tenant=tenant,
                description=description,
                version=0,
                settings={},
                created_at=utcnow(),
                updated_at=utcnow(),
            )
            session.add(row)
        return row

    async def delete(self, name: str) -> None:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(KnowledgeBaseRow).where(KnowledgeBaseRow.name == name))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise kb_not_found(name, [])

    async def summary(self, name: str) -> KbSummary:
        """One KB's version and sizes (an unknown KB raises `NotFound`)."""
        found = await self.summaries(name)
        if not found:
            raise kb_not_found(name, await self._known(name))
        return found[0]

    async def summaries(self, name: str | None = None, tenant: str | None = None) -> list[KbSummary]:
        """Every KB (or only `name`, or one tenant's) with its version and sizes; `name` is the stored one."""
        query = select(KnowledgeBaseRow).order_by(KnowledgeBaseRow.name)
        if name is not None:
            query = query.where(KnowledgeBaseRow.name == name)
        if tenant is not None:
            query = query.where(KnowledgeBaseRow.tenant == tenant)
        async with self.sessions() as session:
            rows = (await session.scalars(query)).all()
            counts = {
                table: dict((await session.execute(select(column, func.count()).group_by(column))).all())
                for table, column in (
                    ("files", KbFile.kb),
                    ("chunks", KbChunk.kb),
                )
            }
            faqs = dict(
                (
                    await session.execute(
                        select(FaqVersion.kb, func.count())
                        .where(FaqVersion.status == "approved")
                        .group_by(FaqVersion.kb)
                    )
                ).all()
            )
        return [
            KbSummary(
                r.name,
                r.description,
                r.version,
                counts["files"].get(r.name, 0),
                counts["chunks"].get(r.name, 0),
                faqs.get(r.name, 0),
                dict(r.settings),
                r.created_at,
                r.updated_at,
            )
            for r in rows
        ]

    async def update_settings(self, name: str, changes: dict[str, Any]) -> dict[str, Any]:
        async with self.sessions.begin() as session:
            row = await session.get(KnowledgeBaseRow, name)
            if row is None:
                raise kb_not_found(name, [])
            row.settings = {**row.settings, **changes}
            row.updated_at = utcnow()
            return dict(row.settings)

    # -- files -----------------------------------------------------------------------------

    async def files(self, name: str) -> list[KbFile]:
        async with self.sessions() as session:
            query = select(KbFile).where(KbFile.kb == name).order_by(KbFile.name)
            return list((await session.scalars(query)).all())

    async def known_embeddings(self, name: str, shas: Sequence[str]) -> dict[str, bytes]:
        """Embeddings this KB already holds for these texts (by hash), to avoid embedding again."""
        found: dict[str, bytes] = {}
        async with self.sessions() as session:
            for start in range(0, len(shas), 500):
                query = select(KbVector.text_sha256, KbVector.embedding).where(
                    KbVector.kb == name,
                    KbVector.model == self.model,
                    KbVector.text_sha256.in_(shas[start : start + 500]),
                )
                found.update((sha, blob) for sha, blob in (await session.execute(query)).all())
        return found

    async def apply(
        self, name: str, changes: Sequence[FileChange], removed: Sequence[str], *, draft: bool = False
    ) -> int:
        """Replace the changed files, remove `removed` ones, bump the version: all or nothing."""
        async with self.sessions.begin() as session:
            kb = await session.get(KnowledgeBaseRow, name)
            if kb is None:
                raise kb_not_found(name, [])
            for file_name in removed:
                await _remove_file(session, name, file_name)
            for change in changes:
                await _replace_file(session, name, change, self.model, draft)
            kb.version += 1
            kb.updated_at = utcnow()
            return kb.version

    # -- reading a version -----------------------------------------------------------------

    async def snapshot(self, name: str) -> Snapshot:
        async with self.sessions() as session:
            kb = await session.get(KnowledgeBaseRow, name)
            if kb is None:
                raise kb_not_found(name, await self._known(name))
            chunks = (
                await session.execute(
                    select(KbChunk, KbFile.name)
                    .join(KbFile, KbChunk.file_id == KbFile.id)
                    .where(KbChunk.kb == name)
                    .order_by(KbChunk.id)
                )
            ).all()
            faqs = (
                await session.scalars(
                    select(FaqVersion)
                    .where(FaqVersion.kb == name, FaqVersion.status == "approved")
                    .order_by(FaqVersion.id)
                )
            ).all()
            vectors = (
                await session.execute(
                    select(
                        KbVector.id, KbVector.chunk_id, KbVector.faq_row_id, KbVector.role, KbVector.embedding
                    )
                    .where(KbVector.kb == name, KbVector.model == self.model)
                    .order_by(KbVector.id)
                )
            ).all()
        approved = {f.id for f in faqs}
        kept = [v for v in vectors if v.chunk_id is not None or v.faq_row_id in approved]
        return Snapshot(
            name=name,
            version=kb.version,
            settings=dict(kb.settings),
            chunks=[(c, f) for c, f in chunks],
            faqs=list(faqs),
            vector_keys=[v.id for v in kept],
            vector_owner=[
                ("chunk", v.chunk_id, v.role) if v.chunk_id is not None else ("faq", v.faq_row_id, v.role)
                for v in kept
            ],
            embeddings=[v.embedding for v in kept],
        )

    async def faq_versions(self, name: str, faq_id: str | None = None) -> list[FaqVersion]:
        query = select(FaqVersion).where(FaqVersion.kb == name)
        if faq_id is not None:
            query = query.where(FaqVersion.faq_id == faq_id)
        async with self.sessions() as session:
            rows = (await session.scalars(query.order_by(FaqVersion.faq_id, FaqVersion.version))).all()
        return list(rows)

    async def add_faq_version(
        self, name: str, faq: NewFaq, author: str | None, note: str | None
    ) -> FaqVersion:
        """A new draft version of a FAQ entry (new or edited); served only once approved."""
        async with self.sessions.begin() as session:
            if await session.get(KnowledgeBaseRow, name) is None:
                raise kb_not_found(name, [])
            latest = await _latest_version(session, name, faq.faq_id)
            row = _faq_row(name, faq, (latest.version + 1) if latest else 1, "draft", None, "api")
            row.author, row.note = author, note
            session.add(row)
            await session.flush()
            await _insert_faq_vectors(session, name, row.id, faq.vectors, self.model)
        return row

    async def set_faq_status(
        self, name: str, faq_id: str, version: int, status: str, actor: str | None
    ) -> FaqVersion:
        """Approve (superseding the served version) or retire one version; bumps the KB version."""
        async with self.sessions.begin() as session:
            row = await session.scalar(
                select(FaqVersion).where(
                    FaqVersion.kb == name, FaqVersion.faq_id == faq_id, FaqVersion.version == version
                )
            )
            if row is None:
                raise NotFound(
                    "faq_not_found",
                    f"No version {version} of FAQ {faq_id!r} in knowledge base {name!r}.",
                    f"知识库 {name!r} 中没有 FAQ {faq_id!r} 的第 {version} 版。",
                )
            if status == "approved":
                await session.execute(
                    update(FaqVersion)
                    .where(
                        FaqVersion.kb == name,
                        FaqVersion.faq_id == faq_id,
                        FaqVersion.status == "approved",
                        FaqVersion.id != row.id,
                    )
                    .values(status="superseded")
                )
                row.approved_by = actor
            row.status = status
            await _bump(session, name)
        return row


async def _bump(session: AsyncSession, name: str) -> None:
    await session.execute(
        update(KnowledgeBaseRow)
        .where(KnowledgeBaseRow.name == name)
        .values(version=KnowledgeBaseRow.version + 1, updated_at=utcnow())
    )


async def _latest_version(session: AsyncSession, kb: str, faq_id: str) -> FaqVersion | None:
    return await session.scalar(
        select(FaqVersion)
        .where(FaqVersion.kb == kb, FaqVersion.faq_id == faq_id)
        .order_by(FaqVersion.version.desc())
        .limit(1)
    )


async def _remove_file(session: AsyncSession, kb: str, file_name: str) -> None:
    """Drop a file's chunks and retire the FAQ entries it brought (their history stays)."""
    file = await session.scalar(select(KbFile).where(KbFile.kb == kb, KbFile.name == file_name))
    if file is None:
        return
    await session.execute(
        update(FaqVersion)
        .where(FaqVersion.file_id == file.id, FaqVersion.status.in_(("approved", "draft")))
        .values(status="retired")
    )
    await session.delete(file)


async def _replace_file(session: AsyncSession, kb: str, change: FileChange, model: str, draft: bool) -> None:
    old = await session.scalar(select(KbFile).where(KbFile.kb == kb, KbFile.name == change.name))
    if old is not None:
        await session.execute(delete(KbChunk).where(KbChunk.file_id == old.id))
        old.sha256, old.kind, old.size_bytes = change.sha256, change.kind, change.size_bytes
        old.items, old.ingested_at = len(change.chunks) + len(change.faqs), utcnow()
        file = old
    else:
        file = KbFile(
            kb=kb,
            name=change.name,
            sha256=change.sha256,
            kind=change.kind,
            size_bytes=change.size_bytes,
            items=len(change.chunks) + len(change.faqs),
            ingested_at=utcnow(),
        )
        session.add(file)
    await session.flush()
    await _insert_chunks(session, kb, file.id, change.chunks, model)
    await _merge_faqs(session, kb, file, change.faqs, model, draft)


async def _insert_chunks(
    session: AsyncSession, kb: str, file_id: int, chunks: Sequence[NewChunk], model: str
) -> None:
    if not chunks:
        return
    ids = (
        await session.scalars(
            insert(KbChunk).returning(KbChunk.id, sort_by_parameter_order=True),
            [
                {
                    "kb": kb,
                    "file_id": file_id,
                    "position": c.position,
                    "heading_path": c.heading_path,
                    "page": c.page,
                    "text": c.text,
                }
                for c in chunks
            ],
        )
    ).all()
    await session.execute(
        insert(KbVector),
        [
            {
                "kb": kb,
                "chunk_id": chunk_id,
                "faq_row_id": None,
                "role": "chunk",
                "text_sha256": c.vector.text_sha256,
                "model": model,
                "embedding": c.vector.embedding,
            }
            for chunk_id, c in zip(ids, chunks, strict=True)
        ],
    )


async def _merge_faqs(
    session: AsyncSession, kb: str, file: KbFile, faqs: Sequence[NewFaq], model: str, draft: bool
) -> None:
    """New or changed entries get a new version; entries that left the file are retired."""
    status = "draft" if draft else "approved"
    seen: set[str] = set()
    for faq in faqs:
        seen.add(faq.faq_id)
        latest = await _latest_version(session, kb, faq.faq_id)
        if latest is not None and latest.status == status and faq.same_content(latest):
            latest.file_id = file.id
            continue
        if status == "approved":
            await session.execute(
                update(FaqVersion)
                .where(FaqVersion.kb == kb, FaqVersion.faq_id == faq.faq_id, FaqVersion.status == "approved")
                .values(status="superseded")
            )
        row = _faq_row(kb, faq, (latest.version + 1) if latest else 1, status, file.id, file.name)
        session.add(row)
        await session.flush()
        await _insert_faq_vectors(session, kb, row.id, faq.vectors, model)
    await session.execute(
        update(FaqVersion)
        .where(
            FaqVersion.file_id == file.id,
            FaqVersion.faq_id.not_in(seen) if seen else FaqVersion.id.is_not(None),
            FaqVersion.status.in_(("approved", "draft")),
        )
        .values(status="retired")
    )


async def _insert_faq_vectors(
    session: AsyncSession, kb: str, row_id: int, vectors: Sequence[NewVector], model: str
) -> None:
    if vectors:
        await session.execute(
            insert(KbVector),
            [
                {
                    "kb": kb,
                    "chunk_id": None,
                    "faq_row_id": row_id,
                    "role": v.role,
                    "text_sha256": v.text_sha256,
                    "model": model,
                    "embedding": v.embedding,
                }
                for v in vectors
            ],
        )


def _faq_row(kb: str, faq: NewFaq, version: int, status: str, file_id: int | None, source: str) -> FaqVersion:
    return FaqVersion(
        kb=kb,
        faq_id=faq.faq_id,
        version=version,
        status=status,
        question=faq.question,
        answer=faq.answer,
        category=faq.category,
        similar_questions=faq.similar_questions,
        effective_from=faq.effective_from,
        effective_to=faq.effective_to,
        file_id=file_id,
        source=source,
        created_at=utcnow(),
    )
