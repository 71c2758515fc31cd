"""Images the customer sends: upload one into the conversation, and read it back.

An upload becomes a customer message in the transcript (and on the event stream) whose text is
`![image](/v1/conversations/{id}/attachments/{attachment_id})`, so agents and the widget show
it where it was sent; the bot does not answer it. Each upload is written to the audit log.
The customer reads it at that URL (`chat`); agents at the same path under `/v1/agent` (`agent`),
for the conversations whose transcript they may read.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from kefu.api.audit_trail import append_as_caller
from kefu.api.auth import AgentPrincipal, Chat
from kefu.api.deps import RuntimeDep, tenant_conversation, visible_conversation
from kefu.api.routers.agent import AgentDep, may_read
from kefu.api.schemas import documented_errors
from kefu.dialog.runtime import Runtime
from kefu.errors import InvalidInput
from kefu.store.attachments import AttachmentStore
from kefu.store.models import Conversation
from kefu.store.repository import conversation_not_found

router = APIRouter(tags=["conversations"])
ERRORS = documented_errors(400, 404, 413, 415, 422)
ATTACHMENT_UPLOADED = "attachment_uploaded"
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


class AttachmentPublic(BaseModel):
    id: str
    conversation_id: str
    content_type: str = Field(description="image/png | image/jpeg | image/webp | image/gif, from the bytes")
    size: int = Field(description="bytes")
    url: str = Field(description="where to read it back (same credentials as the conversation)")
    message_id: str = Field(description="the customer message that shows it in the transcript")
    seq: int = Field(description="that message's place in the conversation (the event stream's id)")
    created_at: datetime


def attachment_url(conversation_id: str, attachment_id: str) -> str:
    return f"/v1/conversations/{conversation_id}/attachments/{attachment_id}"


def _store(runtime: Runtime) -> AttachmentStore:
    return AttachmentStore(runtime.settings.data_dir / "attachments")


def _too_large(limit: int) -> InvalidInput:
    return InvalidInput(
        "file_too_large",
        f"The image is larger than the {limit} bytes allowed (KEFU_MAX_ATTACHMENT_BYTES).",
        f"图片超过允许的 {limit} 字节（KEFU_MAX_ATTACHMENT_BYTES）。",
        status=413,
    )


async def _read(upload: UploadFile, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while block := await upload.read(1 << 20):
        size += len(block)
        if size > limit:
            raise _too_large(limit)
        chunks.append(block)
    return b"".join(chunks)


@router.post(
    "/v1/conversations/{conversation_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
async def upload_attachment(
    conversation_id: str,
    request: Request,
    runtime: RuntimeDep,
    principal: Chat,
    file: Annotated[UploadFile, File(description="a PNG, JPEG, WebP or GIF image")],
) -> AttachmentPublic:
    """Send an image into the conversation (multipart, field `file`): 413 over
    `KEFU_MAX_ATTACHMENT_BYTES`, 415 when its bytes are not an image of those four kinds."""
    limit = runtime.settings.max_attachment_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise _too_large(limit)
    conversation = await visible_conversation(runtime, principal, conversation_id)
    data = await _read(file, limit)
    saved = await asyncio.to_thread(_store(runtime).save, conversation.tenant, conversation.id, data)
    url = attachment_url(conversation.id, saved.id)
    message = await runtime.handoff.append_customer_message(conversation.id, f"![image]({url})")
    record = {
        "conversation_id": conversation.id,
        "attachment_id": saved.id,
        "content_type": saved.content_type,
        "size": saved.size,
        "sha256": saved.sha256,
    }
    await append_as_caller(runtime.audit, ATTACHMENT_UPLOADED, record, conversation.tenant)
    return AttachmentPublic(
        id=saved.id,
        conversation_id=conversation.id,
        content_type=saved.content_type,
        size=saved.size,
        url=url,
        message_id=message.id,
        seq=message.seq,
        created_at=message.created_at,
    )


IMAGE_RESPONSES: dict[int | str, dict[str, object]] = {
    **documented_errors(404),
    200: {"content": {t: {} for t in ("image/png", "image/jpeg", "image/webp", "image/gif")}},
}


async def _image(runtime: Runtime, conversation: Conversation, attachment_id: str) -> FileResponse:
    found = await asyncio.to_thread(_store(runtime).find, conversation.tenant, conversation.id, attachment_id)
    return FileResponse(
        found.path,
        media_type=found.content_type,
        headers={
            "Cache-Control": "private, max-age=86400",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
        },
    )


@router.get(
    "/v1/conversations/{conversation_id}/attachments/{attachment_id}",
    response_class=FileResponse,
    responses=IMAGE_RESPONSES,
)
async def read_attachment(
    conversation_id: str, attachment_id: str, runtime: RuntimeDep, principal: Chat
) -> FileResponse:
    """The image as uploaded, to the customer whose conversation it is."""
    conversation = await visible_conversation(runtime, principal, conversation_id)
    return await _image(runtime, conversation, attachment_id)


@router.get(
    "/v1/agent/conversations/{conversation_id}/attachments/{attachment_id}",
    response_class=FileResponse,
    responses=IMAGE_RESPONSES,
    tags=["agent"],
)
async def read_attachment_as_agent(
    conversation_id: str,
    attachment_id: str,
    runtime: RuntimeDep,
    agent_id: AgentDep,
    principal: AgentPrincipal,
) -> FileResponse:
    """The image, to an agent who may read the conversation's transcript (queued, or theirs)."""
    conversation = await tenant_conversation(runtime, principal, conversation_id)
    if not may_read(principal, agent_id, await runtime.handoff.current(conversation_id)):
        raise conversation_not_found(conversation_id)
    return await _image(runtime, conversation, attachment_id)
