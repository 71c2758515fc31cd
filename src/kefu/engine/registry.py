"""Engines registered by name; `Settings.engine` picks one."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from kefu.config import Settings
from kefu.engine.base import ManagedEngine
from kefu.errors import ConfigError

EngineFactory = Callable[[Settings], ManagedEngine]
ArgumentMapper = Callable[[Settings], dict[str, Any]]

_BUILTIN_MODULES = {
    "llamacpp": "kefu.engine.llamacpp",
    "openai": "kefu.engine.openai",
    "fake": "kefu.engine.fake",  # dev only: canned answers for browser tests and demos
}
_factories: dict[str, EngineFactory] = {}
_mappers: dict[str, ArgumentMapper] = {}


def register(name: str, mapper: ArgumentMapper) -> Callable[[EngineFactory], EngineFactory]:
    """Register an engine factory under `name`, with the function that maps settings to its arguments."""

    def decorate(factory: EngineFactory) -> EngineFactory:
        _factories[name] = factory
        _mappers[name] = mapper
        return factory

    return decorate


def known_engines() -> list[str]:
    return sorted({*_BUILTIN_MODULES, *_factories})


def _load(name: str) -> None:
    if name not in _factories and name in _BUILTIN_MODULES:
        importlib.import_module(_BUILTIN_MODULES[name])
    if name not in _factories:
        raise ConfigError(
            f"invalid setting KEFU_ENGINE={name!r}: unknown engine; known: {', '.join(known_engines())}"
        )


def create_engine(settings: Settings) -> ManagedEngine:
    """The engine `settings.engine` names, not yet started."""
    _load(settings.engine)
    return _factories[settings.engine](settings)


def engine_arguments(settings: Settings) -> dict[str, Any]:
    """How the seed's inference parameters translate into the chosen engine's own options."""
    _load(settings.engine)
    return _mappers[settings.engine](settings)
