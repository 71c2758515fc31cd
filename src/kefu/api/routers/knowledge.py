"""Knowledge bases: create, list, delete, upload documents, search, export, govern FAQ entries."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse

from kefu.api.deps import JSONOnly, RuntimeDep
from kefu.api.errors import error_body, request_language
from kefu.api.schemas import (
    ErrorResponse,
    FaqStatusChange,
    FaqVersionPublic,
    FaqWrite,
    FileReportPublic,
    IngestReportPublic,
    KbCreate,
    KbDetail,
    KbFilePublic,
    KbPublic,
    KbSearchRequest,
    SearchHitPublic,
)
from kefu.errors import InvalidInput, NotFound
from kefu.knowledge.export import export_kb
from kefu.knowledge.faqs import FaqDraft
from kefu.knowledge.ingest import IngestReport, SourceFile
from kefu.store.kb_repository import check_kb_name

router = APIRouter(prefix="/v1/kb", tags=["knowledge bases"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 404, 409, 413, 415, 422, 503)
}


@router.get("", responses=ERRORS)
async def list_kbs(runtime: RuntimeDep) -> list[KbPublic]:
    """Every knowledge base with its version and sizes."""
    return [KbPublic(**asdict(s)) for s in await runtime.knowledge.repository.summaries()]


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS)
async def create_kb(body: KbCreate, runtime: RuntimeDep) -> KbPublic:
    await runtime.knowledge.repository.create(body.name, body.description)
    return KbPublic(**asdict(await runtime.knowledge.repository.summary(body.name)))


@router.get("/{name}", responses=ERRORS)
async def get_kb(name: str, runtime: RuntimeDep) -> KbDetail:
    summary = KbPublic(**asdict(await runtime.knowledge.repository.summary(name)))
    files = await runtime.knowledge.repository.files(name)
    return KbDetail(**summary.model_dump(), documents=[KbFilePublic.model_validate(f) for f in files])


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
async def delete_kb(name: str, runtime: RuntimeDep) -> Response:
    """Delete the KB with everything in it (conversations bound to it keep their transcripts)."""
    await runtime.knowledge.repository.delete(name)
    await runtime.knowledge.service.forget(name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/documents", responses={**ERRORS, 207: {"model": IngestReportPublic}})
async def upload_documents(
    name: str,
    request: Request,
    runtime: RuntimeDep,
    files: Annotated[list[UploadFile], File(description="FAQ files and documents")],
    draft: Annotated[bool, Query(description="FAQ entries become drafts, not served")] = False,
) -> JSONResponse:
    """Ingest uploaded files (multipart, field `files`). 200: all ingested or unchanged;
    207: some failed (see each file's `error`); 422: every file failed."""
    await runtime.knowledge.repository.get(name)
    limit = runtime.settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="kefu-upload-") as folder:
        sources = [await _save(upload, Path(folder), index, limit) for index, upload in enumerate(files)]
        report = await runtime.knowledge.ingestor.ingest(name, sources, draft=draft)
    return _report_response(report, request_language(request))


@router.delete("/{name}/documents/{file_name:path}", responses=ERRORS)
async def delete_document(name: str, file_name: str, runtime: RuntimeDep) -> IngestReportPublic:
    """Remove one ingested file: its chunks go, the FAQ entries it brought are retired."""
    known = {f.name for f in await runtime.knowledge.repository.files(name)}
    if file_name not in known:
        raise NotFound(
            "document_not_found",
            f"Knowledge base {name!r} has no file {file_name!r}.",
            f"知识库 {name!r} 中没有文件 {file_name!r}。",
        )
    version = await runtime.knowledge.repository.apply(name, [], [file_name])
    return IngestReportPublic(
        kb=name, version=version, files=[FileReportPublic(name=file_name, status="removed")]
    )


@router.post("/{name}/search", dependencies=[JSONOnly], responses=ERRORS)
async def search_kb(name: str, body: KbSearchRequest, runtime: RuntimeDep) -> list[SearchHitPublic]:
    """Hybrid search (dense + BM25), as the dialogue pipeline sees it."""
    hits = await runtime.knowledge.service.search(name, body.query, body.top_k, body.category)
    return [SearchHitPublic(**h.record()) for h in hits]


@router.get("/{name}/export", responses=ERRORS)
async def export(name: str, runtime: RuntimeDep) -> dict[str, Any]:
    """The KB as JSON: served FAQ entries (re-ingestable), FAQ history, document chunks."""
    return await export_kb(runtime.knowledge.repository, name)


@router.get("/{name}/faqs", responses=ERRORS)
async def list_faqs(
    name: str, runtime: RuntimeDep, faq_status: Annotated[str | None, Query(alias="status")] = None
) -> list[FaqVersionPublic]:
    """Every version of every FAQ entry (filter with `?status=approved|draft|retired|superseded`)."""
    await runtime.knowledge.repository.get(name)
    rows = await runtime.knowledge.repository.faq_versions(name)
    return [FaqVersionPublic.model_validate(r) for r in rows if faq_status in (None, r.status)]


@router.get("/{name}/faqs/{faq_id}", responses=ERRORS)
async def faq_history(name: str, faq_id: str, runtime: RuntimeDep) -> list[FaqVersionPublic]:
    """All versions of one FAQ entry, oldest first."""
    rows = await runtime.knowledge.repository.faq_versions(name, faq_id)
    if not rows:
        raise _faq_not_found(name, faq_id)
    return [FaqVersionPublic.model_validate(r) for r in rows]


@router.put(
    "/{name}/faqs/{faq_id}", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS
)
async def write_faq(name: str, faq_id: str, body: FaqWrite, runtime: RuntimeDep) -> FaqVersionPublic:
    """A new version (a draft) of the entry; it is served once approved."""
    check_kb_name(name)
    draft = FaqDraft(
        body.question,
        body.answer,
        body.category,
        tuple(body.similar_questions),
        body.effective_from,
        body.effective_to,
    )
    row = await runtime.knowledge.faqs.propose(name, faq_id, draft, body.author, body.note)
    return FaqVersionPublic.model_validate(row)


@router.post("/{name}/faqs/{faq_id}/versions/{version}/approve", dependencies=[JSONOnly], responses=ERRORS)
async def approve_faq(
    name: str, faq_id: str, version: int, runtime: RuntimeDep, body: FaqStatusChange | None = None
) -> FaqVersionPublic:
    row = await runtime.knowledge.faqs.approve(name, faq_id, version, (body or FaqStatusChange()).actor)
    return FaqVersionPublic.model_validate(row)


@router.post("/{name}/faqs/{faq_id}/versions/{version}/retire", dependencies=[JSONOnly], responses=ERRORS)
async def retire_faq(
    name: str, faq_id: str, version: int, runtime: RuntimeDep, body: FaqStatusChange | None = None
) -> FaqVersionPublic:
    row = await runtime.knowledge.faqs.retire(name, faq_id, version, (body or FaqStatusChange()).actor)
    return FaqVersionPublic.model_validate(row)


async def _save(upload: UploadFile, folder: Path, index: int, limit: int) -> SourceFile:
    """Copy an upload to disk under a safe name, refusing files over `limit` bytes."""
    name = PurePosixPath((upload.filename or f"upload-{index}").replace("\\", "/")).name or f"upload-{index}"
    target = folder / f"{index}-{name}"
    size = 0
    with target.open("wb") as out:
        while block := await upload.read(1 << 20):
            size += len(block)
            if size > limit:
                raise InvalidInput(
                    "file_too_large",
                    f"{name} is larger than the {limit} bytes allowed (KEFU_MAX_UPLOAD_BYTES).",
                    f"{name} 超过允许的 {limit} 字节（KEFU_MAX_UPLOAD_BYTES）。",
                    status=413,
                )
            out.write(block)
    return SourceFile(name, target)


def _report_response(report: IngestReport, lang: str) -> JSONResponse:
    files = [
        FileReportPublic(
            name=f.name,
            status=f.status,
            chunks=f.chunks,
            faqs=f.faqs,
            error=(f.error_zh if lang == "zh" and f.error_zh else f.error),
        )
        for f in report.files
    ]
    body = IngestReportPublic(kb=report.kb, version=report.version, files=files).model_dump(mode="json")
    failed = report.failed
    if not failed:
        return JSONResponse(body)
    if len(failed) < len(report.files):
        return JSONResponse(body, status_code=207)
    message = "; ".join(f.error or f.name for f in files if f.status == "failed")
    return JSONResponse({**error_body("ingest_failed", message), **body}, status_code=422)


def _faq_not_found(name: str, faq_id: str) -> NotFound:
    return NotFound(
        "faq_not_found",
        f"Knowledge base {name!r} has no FAQ entry {faq_id!r}.",
        f"知识库 {name!r} 中没有 FAQ {faq_id!r}。",
    )
