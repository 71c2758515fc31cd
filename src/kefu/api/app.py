"""`create_app(settings)`: the FastAPI application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kefu import __version__
from kefu.api.audit_trail import AuditTrailMiddleware
from kefu.api.auth import AUTH_ERRORS, Auth, auth_error, document_auth_errors
from kefu.api.cors import install_cors
from kefu.api.errors import JSONBodyGuard, install_error_handlers
from kefu.api.metrics import MetricsMiddleware
from kefu.api.request_id import RequestIdMiddleware
from kefu.api.routers import (
    admin,
    agent,
    annotation_queue,
    attachments,
    audit,
    conversations,
    events,
    feedback,
    generate,
    health,
    keys,
    knowledge,
    metrics,
    openai_compat,
    safety,
    session,
)
from kefu.config import Settings, load_settings
from kefu.dialog.runtime import Runtime, open_runtime
from kefu.engine.base import ManagedEngine
from kefu.ops.metrics import install as install_metrics
from kefu.web import pages

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, engine: ManagedEngine | None = None, runtime: Runtime | None = None
) -> FastAPI:
    """The API. Its runtime starts with the app, unless an already open `runtime` is given;
    `engine` overrides the configured engine (tests pass a `FakeEngine`)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if runtime is not None:
            app.state.runtime = runtime
            yield
            return
        async with open_runtime(settings, engine) as opened:
            app.state.runtime = opened
            yield

    app = FastAPI(
        title="kefu",
        version=__version__,
        summary="On-premise AI customer service: a local LLM answering from your own knowledge base.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.state.metrics = install_metrics(settings)
    if runtime is not None:
        runtime.engine.gate.report()  # opened before the metrics existed: show its size now
    app.state.auth = Auth(settings)
    for error in AUTH_ERRORS:
        app.add_exception_handler(error, auth_error)
    if not settings.auth_enabled:
        log.warning(
            "authentication is OFF (KEFU_ENV=dev): every request acts as an admin; bound to %s", settings.host
        )
    app.add_middleware(JSONBodyGuard)
    app.add_middleware(AuditTrailMiddleware)
    if app.state.metrics is not None:
        app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestIdMiddleware)  # outermost but CORS: errors of the guard carry an id too
    install_cors(app, settings)  # the widget on other sites: preflights answered before anything else
    routers = (
        health,
        metrics,
        generate,
        conversations,
        feedback,
        attachments,
        events,
        agent,
        knowledge,
        openai_compat,
        keys,
        safety,
        audit,
        admin,
        annotation_queue,
        session,
    )
    for module in routers:
        document_auth_errors(module.router)
        app.include_router(module.router)
    pages.install(app)  # the web pages, /widget.js and /static (docs/web.md)
    return app
