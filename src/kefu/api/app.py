"""`create_app(settings)`: the FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kefu import __version__
from kefu.api.errors import JSONBodyGuard, install_error_handlers
from kefu.api.routers import agent, conversations, events, generate, health, knowledge, openai_compat
from kefu.config import Settings, load_settings
from kefu.dialog.runtime import Runtime, open_runtime
from kefu.engine.base import ManagedEngine


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
    app.add_middleware(JSONBodyGuard)
    for module in (health, generate, conversations, events, agent, knowledge, openai_compat):
        app.include_router(module.router)
    return app
