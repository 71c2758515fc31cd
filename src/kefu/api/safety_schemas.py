"""Bodies of the safety and audit endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SafetyCheck(BaseModel):
    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1, max_length=20000, description="the text to screen")


class EntityPublic(BaseModel):
    type: str = Field(description="id_number, bank_card, mobile, landline, email, address, passport, ...")
    start: int = Field(description="offset of the first character in the original text")
    end: int = Field(description="offset just past the last character")


class SafetyVerdict(BaseModel):
    blocked: bool
    verdict: Literal["allow", "flag", "block"]
    categories: list[str]
    reasons: list[str]
    masked: str = Field(description="the text with personal data masked (what kefu stores)")
    entities: list[EntityPublic]
    attack_probability: float | None = Field(description="the injection classifier's score, 0..1")


class AuditVerifyPublic(BaseModel):
    ok: bool
    entries: int = Field(description="entries checked (all of them when ok)")
    first_bad_seq: int | None = Field(description="the first entry that fails, when not ok")
    problem: str | None
    code: str | None = Field(description="missing | chain_broken | hash_mismatch | checkpoint_* | ...")
    checkpoints: int
    anchor_seq: int = Field(description="entries up to here were pruned by the retention policy")
    last_seq: int | None
