"""The annotation queue: answers people should look at, and what they say of them.

Answers come into the queue by hand (an admin reading a transcript) or collected: every answer
that got a thumbs-down, and every refusal or clarifying question (kefu did not answer). A
reviewer labels each one (`correct`, `wrong_answer`, `should_refuse`, `should_answer`,
`handoff_needed`), optionally with the answer it should have given and the FAQ entry or source
it should have used; the labels are the raw material of the evaluation sets and the KB fixes.
Every change to the queue is written to the audit log (kind `annotation`) with who made it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kefu.ops.context import current_caller
from kefu.store.annotation_models import MANUAL
from kefu.store.annotation_repository import AnnotationItem, AnnotationRepository, Label
from kefu.store.audit import AuditLog

ANNOTATION = "annotation"  # the audit kind
COLLECT_LIMIT = 1000  # answers queued by one collect at most; collect again for more


@dataclass(frozen=True)
class Collected:
    queued: int
    reasons: dict[str, int]  # thumbs_down | refuse | clarify → how many
    more: bool  # the limit was reached: more may wait


class AnnotationService:
    def __init__(self, repository: AnnotationRepository, audit: AuditLog | None = None) -> None:
        self.repository = repository
        self.audit = audit

    async def enqueue(self, tenant: str, message_id: str, created_by: str) -> AnnotationItem:
        """Queue one answer by hand."""
        item = await self.repository.enqueue(tenant, message_id, MANUAL, created_by)
        await self._audit(
            tenant, {"action": "queued", "annotation_id": item.annotation.id, "message_id": message_id}
        )
        return item

    async def collect(
        self, tenant: str, since: datetime, created_by: str, limit: int = COLLECT_LIMIT
    ) -> Collected:
        """Queue the thumbs-down answers, refusals and clarifying questions since `since`."""
        added = await self.repository.collect(tenant, since, created_by, limit)
        reasons = dict(sorted(Counter(a.reason for a in added).items()))
        if added:
            record = {
                "action": "collected",
                "since": since.isoformat(),
                "count": len(added),
                "reasons": reasons,
            }
            await self._audit(tenant, record)
        return Collected(len(added), reasons, len(added) == limit)

    async def label(self, tenant: str, annotation_id: str, label: Label, annotated_by: str) -> AnnotationItem:
        """Record a reviewer's label; labelling again replaces it."""
        item = await self.repository.label(tenant, annotation_id, label, annotated_by)
        record = {
            "action": "labelled",
            "annotation_id": annotation_id,
            "message_id": item.annotation.message_id,
            "label": label.label,
            "expected_faq_id": label.expected_faq_id,
        }
        await self._audit(tenant, record)
        return item

    async def _audit(self, tenant: str, record: Mapping[str, object]) -> None:
        if self.audit is None:
            return
        caller = current_caller()
        await self.audit.append(
            ANNOTATION,
            record,
            tenant=tenant,
            actor=caller.actor,
            actor_role=caller.role,
            request_id=caller.request_id,
        )
