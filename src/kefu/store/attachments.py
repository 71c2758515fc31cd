"""Images customers send into a conversation, kept as files under the data dir.

An upload is an image when its first bytes say so (PNG, JPEG, WebP or GIF), whatever name or
content type it came with. Each is stored once as `<root>/<tenant>/<conversation>/<id>.<ext>`;
the id is random, so a path never comes from what the client sent.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from kefu.errors import InvalidInput, NotFound

ATTACHMENT_ID = re.compile(r"[0-9a-f]{32}")
# content type → file extension, and how each format starts
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}
_EXTENSIONS = {extension: content_type for content_type, extension in IMAGE_TYPES.items()}


def image_type(data: bytes) -> str | None:
    """The image's content type, told from its magic bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


def not_an_image() -> InvalidInput:
    return InvalidInput(
        "unsupported_image_type",
        "Only PNG, JPEG, WebP and GIF images can be sent.",
        "只能发送 PNG、JPEG、WebP 或 GIF 图片。",
        status=415,
    )


def attachment_not_found(attachment_id: str) -> NotFound:
    return NotFound(
        "attachment_not_found",
        f"No attachment {attachment_id!r} in this conversation.",
        f"该会话中没有附件 {attachment_id!r}。",
    )


@dataclass(frozen=True)
class Attachment:
    id: str
    conversation_id: str
    content_type: str
    size: int
    path: Path
    sha256: str = ""


class AttachmentStore:
    """Files under `root`, one folder per tenant and conversation. Blocking: call from a thread."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, tenant: str, conversation_id: str, data: bytes) -> Attachment:
        """Store `data` if it is an image (else 415 `unsupported_image_type`)."""
        content_type = image_type(data)
        if content_type is None:
            raise not_an_image()
        attachment_id = uuid.uuid4().hex
        folder = self._folder(tenant, conversation_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{attachment_id}.{IMAGE_TYPES[content_type]}"
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)  # never a half-written image under the final name
        digest = hashlib.sha256(data).hexdigest()
        return Attachment(attachment_id, conversation_id, content_type, len(data), path, digest)

    def find(self, tenant: str, conversation_id: str, attachment_id: str) -> Attachment:
        """The stored attachment, or 404 `attachment_not_found`."""
        if ATTACHMENT_ID.fullmatch(attachment_id):
            for path in self._folder(tenant, conversation_id).glob(f"{attachment_id}.*"):
                content_type = _EXTENSIONS.get(path.suffix.removeprefix("."))
                if content_type is not None:
                    return Attachment(attachment_id, conversation_id, content_type, path.stat().st_size, path)
        raise attachment_not_found(attachment_id)

    def _folder(self, tenant: str, conversation_id: str) -> Path:
        # Both come from the database (a checked tenant name, a generated id), never from a URL as is.
        return self.root / tenant / conversation_id
