"""Each turn's evidence record in the audit log: what was asked and answered (masked), by
which route, from which FAQ versions or chunks of which KB version, with which prompt and
model, and what the filters said."""

from __future__ import annotations

from typing import Any

from kefu.dialog.pipeline import TurnResult
from kefu.ops.context import current_caller
from kefu.safety.filter import Verdict
from kefu.store.audit import HANDOFF, SAFETY_BLOCK, TURN, AuditLog
from kefu.store.models import Conversation


class TurnAudit:
    def __init__(self, log: AuditLog, model: str, prompt_version: str) -> None:
        self.log = log
        self.model = model
        self.prompt_version = prompt_version

    async def record(
        self, conversation: Conversation, message_id: str, question: str, reply: str, result: TurnResult
    ) -> None:
        """`question` and `reply` as stored (masked)."""
        caller = current_caller()
        kind = SAFETY_BLOCK if result.route == "blocked" else (HANDOFF if result.handoff else TURN)
        await self.log.append(
            kind,
            self._evidence(conversation, message_id, question, reply, result),
            tenant=conversation.tenant,
            actor=caller.actor if caller.actor != "system" else (conversation.subject or "anonymous"),
            actor_role=caller.role if caller.role != "system" else "customer",
            request_id=caller.request_id,
        )

    def _evidence(
        self, conversation: Conversation, message_id: str, question: str, reply: str, result: TurnResult
    ) -> dict[str, Any]:
        return {
            "conversation_id": conversation.id,
            "message_id": message_id,
            "user_id": conversation.user_id,
            "channel": conversation.channel,
            "input": question,
            "reply": reply,
            "route": result.route,
            "intent": result.intent,
            "confidence": result.confidence,
            "task": result.task,
            "task_status": result.task_status,
            "handoff": result.handoff,
            "handoff_reason": result.handoff_reason,
            "kb": conversation.kb,
            "kb_version": result.kb_version,
            "citations": [
                {"id": c.id, "kind": c.kind, "version": c.version, "source": c.source, "score": c.score}
                for c in result.citations
            ],
            "grounded": result.grounded,
            "prompt_version": self.prompt_version,
            "model": self.model,
            "filters": {
                "input": _verdict(result.screened),
                "output": _verdict(result.withheld),
            },
            "latency_ms": result.latency_ms,
        }


def _verdict(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    public: dict[str, Any] = verdict.public()
    public.pop("masked", None)  # the record's input/reply already hold the masked text
    return public
