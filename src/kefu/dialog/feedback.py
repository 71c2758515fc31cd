"""The customer's thumbs up or down on an answer, with an optional comment.

The comment is customer-typed text, so it is stored masked like a message (the sealed
originals of `token`-mode values go to the vault first), and the rating is recorded in the
audit log, and counted by the metrics (`kefu_feedback_total`).
"""

from __future__ import annotations

import logging

from kefu.dialog.privacy import Privacy
from kefu.ops import metrics
from kefu.ops.context import bind_conversation, current_caller
from kefu.store.audit import AuditLog
from kefu.store.feedback_repository import FeedbackRepository, Rated
from kefu.store.models import Conversation
from kefu.store.vault_repository import VaultRepository

FEEDBACK = "feedback"  # the audit kind
log = logging.getLogger(__name__)


class FeedbackService:
    def __init__(
        self,
        repository: FeedbackRepository,
        privacy: Privacy,
        vault: VaultRepository | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        self.repository = repository
        self.privacy = privacy
        self.vault = vault
        self.audit = audit

    async def rate(
        self, conversation: Conversation, message_id: str, rating: str, comment: str | None = None
    ) -> Rated:
        """Store the rating of the answer `message_id` (replacing an earlier one) and audit it.
        A blank comment is no comment."""
        bind_conversation(conversation.id)
        masked: str | None = None
        if comment and comment.strip():
            masked, tokens = self.privacy.mask_with_tokens(comment.strip())
            if tokens and self.vault is not None:
                await self.vault.put(tokens, tenant=conversation.tenant, conversation_id=conversation.id)
        caller = current_caller()
        rated = await self.repository.rate(
            conversation.id, message_id, rating, masked, tenant=conversation.tenant, subject=caller.actor
        )
        if self.audit is not None:
            record = {
                "conversation_id": conversation.id,
                "message_id": message_id,
                "rating": rating,
                "previous": rated.previous,
                "comment": masked,
            }
            await self.audit.append(
                FEEDBACK,
                record,
                tenant=conversation.tenant,
                actor=caller.actor if caller.actor != "system" else (conversation.subject or "anonymous"),
                actor_role=caller.role if caller.role != "system" else "customer",
                request_id=caller.request_id,
            )
        log.info("answer rated %s (was %s)", rating, rated.previous)
        metrics.record_feedback(rating)
        return rated
