"""`/v1/auth`: who am I, and the API keys of the caller's tenant (admins: create, list, revoke)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from kefu.api.auth import Anyone, KeyManager
from kefu.api.deps import JSONOnly
from kefu.api.schemas import documented_errors
from kefu.store.auth_models import ApiKey
from kefu.store.key_repository import KeyRepository

router = APIRouter(prefix="/v1/auth", tags=["auth"])
ERRORS = documented_errors(400, 401, 403, 404, 415, 422, 429)


class WhoAmI(BaseModel):
    subject: str
    role: str
    tenant: str
    scopes: list[str]
    key_id: str | None = None


class KeyCreate(BaseModel):
    role: str = Field(description="customer | agent | kb_editor | auditor | admin")
    name: str = Field(default="", max_length=128, description="what the key is for")
    scopes: list[str] | None = Field(default=None, description="fewer scopes than the role's; default: all")


class KeyPublic(BaseModel):
    id: str
    tenant: str
    name: str
    role: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class KeyCreated(KeyPublic):
    key: str = Field(description="the key itself: shown this once, store it now")


def _keys(request: Request) -> KeyRepository:
    return KeyRepository(request.app.state.runtime.database.sessions)


def _public(row: ApiKey) -> dict[str, Any]:
    return KeyPublic.model_validate(row, from_attributes=True).model_dump()


@router.get("/whoami", responses=ERRORS)
async def whoami(principal: Anyone) -> WhoAmI:
    """The caller as kefu sees it: subject, role, tenant, scopes."""
    return WhoAmI(
        subject=principal.subject,
        role=principal.role,
        tenant=principal.tenant,
        scopes=sorted(principal.scopes),
        key_id=principal.key_id,
    )


@router.get("/keys", responses=ERRORS)
async def list_keys(request: Request, principal: KeyManager) -> list[KeyPublic]:
    """The tenant's API keys, revoked ones included (never the keys themselves)."""
    return [KeyPublic(**_public(row)) for row in await _keys(request).list(principal.tenant)]


@router.post("/keys", status_code=status.HTTP_201_CREATED, dependencies=[JSONOnly], responses=ERRORS)
async def create_key(body: KeyCreate, request: Request, principal: KeyManager) -> KeyCreated:
    """A new key of the caller's tenant; the response is the only place the key appears."""
    created = await _keys(request).create(body.role, principal.tenant, body.name, body.scopes)
    return KeyCreated(**_public(created.row), key=created.secret)


@router.delete("/keys/{key_id}", responses=ERRORS)
async def revoke_key(key_id: str, request: Request, principal: KeyManager) -> KeyPublic:
    """Revoke a key: requests with it get 401 from now on."""
    return KeyPublic(**_public(await _keys(request).revoke(key_id, principal.tenant)))
