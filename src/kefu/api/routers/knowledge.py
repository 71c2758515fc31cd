"""Knowledge bases: create, list, delete, upload documents, search, export, govern FAQ entries."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from kefu.api.auth import KbReader, KbWriter
from kefu.api.deps import JSONOnly, RuntimeDep, public_kb, tenant_kb
from kefu.api.errors import error_body, request_language
from kefu.api.schemas import (
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
    documented_errors,
)
from kefu.errors import InvalidInput, NotFound
from kefu.knowledge.export import export_kb
from kefu.knowledge.faqs import FaqDraft
from kefu.knowledge.ingest import IngestReport, SourceFile
from kefu.store.kb_repository import KbSummary, check_kb_name, kb_key

# Versions count up from 1; the bound keeps an absurd number a 422, not a database overflow.
FaqVersionNumber = Annotated[int, PathParam(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/v1/kb", tags=["knowledge bases"])
ERRORS = documented_errors(400, 404, 409, 413, 415, 422, 503)


@router.get("", responses=ERRORS)
async def list_kbs(runtime: RuntimeDep, principal: KbReader) -> list[KbPublic]:
    """Every knowledge base (of the caller's tenant) with its version and sizes."""
    return [_kb_public(s) for s in await runtime.knowledge.repository.summaries(tenant=principal.tenant)]


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS)
async def create_kb(body: KbCreate, runtime: RuntimeDep, principal: KbWriter) -> KbPublic:
    key = kb_key(principal.tenant, check_kb_name(body.name))
    await runtime.knowledge.repository.create(key, body.description)
    return _kb_public(await runtime.knowledge.repository.summary(key))


@router.get("/{name}", responses=ERRORS)
async def get_kb(name: str, runtime: RuntimeDep, principal: KbReader) -> KbDetail:
    key = tenant_kb(principal, name)
    summary = _kb_public(await runtime.knowledge.repository.summary(key))
    files = await runtime.knowledge.repository.files(key)
    return KbDetail(**summary.model_dump(), documents=[KbFilePublic.model_validate(f) for f in files])


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
async def delete_kb(name: str, runtime: RuntimeDep, principal: KbWriter) -> Response:
    """Delete the KB with everything in it (conversations bound to it keep their transcripts)."""
    key = tenant_kb(principal, name)
    await runtime.knowledge.repository.delete(key)
    await runtime.knowledge.service.forget(key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/documents", responses={**ERRORS, 207: {"model": IngestReportPublic}})
async def upload_documents(
    name: str,
    request: Request,
    runtime: RuntimeDep,
    principal: KbWriter,
    files: Annotated[list[UploadFile], File(description="FAQ files and documents")],
    draft: Annotated[bool, Query(description="FAQ entries become drafts, not served")] = False,
) -> JSONResponse:
    """Ingest uploaded files (multipart, field `files`). 200: all ingested or unchanged;
    207: some failed (see each file's `error`); 422: every file failed."""
    key = tenant_kb(principal, name)
    await runtime.knowledge.repository.get(key)
    limit = runtime.settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="kefu-upload-") as folder:
        sources = [await _save(upload, Path(folder), index, limit) for index, upload in enumerate(files)]
        report = await runtime.knowledge.ingestor.ingest(key, sources, draft=draft)
    return _report_response(report, request_language(request))


@router.delete("/{name}/documents/{file_name:path}", responses=ERRORS)
async def delete_document(
    name: str, file_name: str, runtime: RuntimeDep, principal: KbWriter
) -> IngestReportPublic:
    """Remove one ingested file: its chunks go, the FAQ entries it brought are retired."""
    key = tenant_kb(principal, name)
    known = {f.name for f in await runtime.knowledge.repository.files(key)}
    if file_name not in known:
        raise NotFound(
            "document_not_found",
            f"Knowledge base {name!r} has no file {file_name!r}.",
            f"知识库 {name!r} 中没有文件 {file_name!r}。",
        )
    version = await runtime.knowledge.repository.apply(key, [], [file_name])
    return IngestReportPublic(
        kb=name, version=version, files=[FileReportPublic(name=file_name, status="removed")]
    )


@router.post("/{name}/search", dependencies=[JSONOnly], responses=ERRORS)
async def search_kb(
    name: str, body: KbSearchRequest, runtime: RuntimeDep, principal: KbReader
) -> list[SearchHitPublic]:
    """Hybrid search (dense + BM25), as the dialogue pipeline sees it."""
    key = tenant_kb(principal, name)
    hits = await runtime.knowledge.service.search(key, body.query, body.top_k, body.category)
    return [SearchHitPublic(**{**h.record(), "kb": name}) for h in hits]


@router.get("/{name}/export", responses=ERRORS)
async def export(name: str, runtime: RuntimeDep, principal: KbReader) -> dict[str, Any]:
    """The KB as JSON: served FAQ entries (re-ingestable), FAQ history, document chunks."""
    return {**await export_kb(runtime.knowledge.repository, tenant_kb(principal, name)), "kb": name}


@router.get("/{name}/faqs", responses=ERRORS)
async def list_faqs(
    name: str,
    runtime: RuntimeDep,
    principal: KbReader,
    faq_status: Annotated[str | None, Query(alias="status")] = None,
) -> list[FaqVersionPublic]:
    """Every version of every FAQ entry (filter with `?status=approved|draft|retired|superseded`)."""
    key = tenant_kb(principal, name)
    await runtime.knowledge.repository.get(key)
    rows = await runtime.knowledge.repository.faq_versions(key)
    return [FaqVersionPublic.model_validate(r) for r in rows if faq_status in (None, r.status)]


@router.get("/{name}/faqs/{faq_id}", responses=ERRORS)
async def faq_history(
    name: str, faq_id: str, runtime: RuntimeDep, principal: KbReader
) -> list[FaqVersionPublic]:
    """All versions of one FAQ entry, oldest first."""
    rows = await runtime.knowledge.repository.faq_versions(tenant_kb(principal, name), faq_id)
    if not rows:
        raise _faq_not_found(name, faq_id)
    return [FaqVersionPublic.model_validate(r) for r in rows]


@router.put(
    "/{name}/faqs/{faq_id}", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS
)
async def write_faq(
    name: str, faq_id: str, body: FaqWrite, runtime: RuntimeDep, principal: KbWriter
) -> FaqVersionPublic:
    """A new version (a draft) of the entry; it is served once approved."""
    key = kb_key(principal.tenant, check_kb_name(name))
    draft = FaqDraft(
        body.question,
        body.answer,
        body.category,
        tuple(body.similar_questions),
        body.effective_from,
        body.effective_to,
    )
    row = await runtime.knowledge.faqs.propose(key, faq_id, draft, body.author, body.note)
    return FaqVersionPublic.model_validate(row)


@router.post("/{name}/faqs/{faq_id}/versions/{version}/approve", dependencies=[JSONOnly], responses=ERRORS)
async def approve_faq(
    name: str,
    faq_id: str,
    version: FaqVersionNumber,
    runtime: RuntimeDep,
    principal: KbWriter,
    body: FaqStatusChange | None = None,
) -> FaqVersionPublic:
    key = tenant_kb(principal, name)
    row = await runtime.knowledge.faqs.approve(key, faq_id, version, (body or FaqStatusChange()).actor)
    return FaqVersionPublic.model_validate(row)


@router.post("/{name}/faqs/{faq_id}/versions/{version}/retire", dependencies=[JSONOnly], responses=ERRORS)
async def retire_faq(
    name: str,
    faq_id: str,
    version: FaqVersionNumber,
    runtime: RuntimeDep,
    principal: KbWriter,
    body: FaqStatusChange | None = None,
) -> FaqVersionPublic:
    key = tenant_kb(principal, name)
    row = await runtime.knowledge.faqs.retire(key, faq_id, version, (body or FaqStatusChange()).actor)
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
    public = IngestReportPublic(kb=public_kb(report.kb), version=report.version, files=files)
    body = public.model_dump(mode="json")
    failed = report.failed
    if not failed:
        return JSONResponse(body)
    if len(failed) < len(report.files):
        return JSONResponse(body, status_code=207)
    message = "; ".join(f.error or f.name for f in files if f.status == "failed")
    return JSONResponse({**error_body("ingest_failed", message), **body}, status_code=422)


def _kb_public(summary: KbSummary) -> KbPublic:
    return KbPublic(**{**asdict(summary), "name": public_kb(summary.name)})


def _faq_not_found(name: str, faq_id: str) -> NotFound:
    return NotFound(
        "faq_not_found",
        f"Knowledge base {name!r} has no FAQ entry {faq_id!r}.",
        f"知识库 {name!r} 中没有 FAQ {faq_id!r}。",
    )
