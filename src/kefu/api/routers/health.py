"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kefu.api.deps import RuntimeDep
from kefu.errors import KefuError

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "model or database not ready"}})
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """The model is loaded and answering, and the database is reachable."""
    checks: dict[str, Any] = {}
    try:
        await runtime.engine.check()
        checks["engine"] = "ok"
    except KefuError as exc:
        checks["engine"] = exc.message
    try:
        await runtime.database.ping()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks}, status_code=200 if ready else 503
    )
