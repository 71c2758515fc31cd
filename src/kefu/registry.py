"""Backends chosen by name: a name → factory table that imports built-in backends on first use.

Embedders and vector indexes each keep one `Registry`; an unknown name or options the factory
does not take become a `ConfigError` naming the known backends.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from kefu.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str, what_zh: str, builtin: dict[str, str]) -> None:
        """`what` names the kind of backend in messages; `builtin` maps names to their modules."""
        self.what, self.what_zh = what, what_zh
        self.builtin = builtin
        self.factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """A decorator registering a factory under `name`."""

        def decorate(factory: Callable[..., T]) -> Callable[..., T]:
            self.factories[name] = factory
            return factory

        return decorate

    def known(self) -> list[str]:
        return sorted({*self.builtin, *self.factories})

    def create(self, name: str, *args: Any, **options: Any) -> T:
        """The backend called `name`, built from `args` and `options` (checked before the call)."""
        if name not in self.factories and name in self.builtin:
            self._import(name)
        if name not in self.factories:
            known = ", ".join(self.known())
            raise ConfigError(
                f"unknown {self.what} {name!r}; known: {known}",
                f"未知的{self.what_zh} {name!r}；可选：{known}",
            )
        factory = self.factories[name]
        try:
            inspect.signature(factory).bind(*args, **options)
        except TypeError as exc:
            raise ConfigError(
                f"invalid options for {self.what} {name!r}: {exc}",
                f"{self.what_zh} {name!r} 的参数无效：{exc}",
            ) from None
        return factory(*args, **options)

    def _import(self, name: str) -> None:
        try:
            importlib.import_module(self.builtin[name])
        except ImportError as exc:
            raise ConfigError(
                f"{self.what} {name!r} needs a package that is not installed ({exc.name}); "
                f"install kefu[{name}]",
                f"{self.what_zh} {name!r} 缺少依赖包（{exc.name}），请安装 kefu[{name}]",
            ) from None
