"""Jinja2 in a sandbox, strict about undefined names.

Templates come from the flow files (written by the company); slot values and the business
system's response are only ever *context*, so nothing a customer types is evaluated. JSON
bodies are built as Python objects and serialised by httpx, so values are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment


def _blank_none(value: Any) -> Any:
    """An optional slot the customer did not give prints as nothing, not as `None`."""
    return "" if value is None else value


ENVIRONMENT = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, finalize=_blank_none)
_BARE_NAME = re.compile(r"^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$")


class TemplateProblem(ValueError):
    """A template does not compile or names a variable it cannot have."""


@dataclass(frozen=True)
class Template:
    """A compiled template and the names it reads."""

    source: str
    names: frozenset[str]
    compiled: jinja2.Template = field(repr=False, compare=False)

    @classmethod
    def compile(cls, source: str, allowed: Iterable[str]) -> Template:
        """Parse `source`; refuse syntax errors and top-level names outside `allowed`."""
        try:
            names = frozenset(meta.find_undeclared_variables(ENVIRONMENT.parse(source)))
            compiled = ENVIRONMENT.from_string(source)
        except TemplateError as exc:
            raise TemplateProblem(f"template error: {exc}") from None
        unknown = sorted(names - set(allowed))
        if unknown:
            raise TemplateProblem(
                f"unknown template variable {', '.join(unknown)} (known: {', '.join(sorted(allowed))})"
            )
        return cls(source, names, compiled)

    def render(self, context: Mapping[str, Any]) -> str:
        """Render; raises jinja2's `UndefinedError` (a `TemplateError`) for a missing value."""
        return self.compiled.render(context).strip()


def compile_tree(tree: Any, allowed: Iterable[str]) -> Any:
    """Compile the string leaves of a JSON body template; other leaves stay as they are."""
    allowed = list(allowed)
    if isinstance(tree, str):
        return Template.compile(tree, allowed)
    if isinstance(tree, list):
        return [compile_tree(item, allowed) for item in tree]
    if isinstance(tree, dict):
        return {str(key): compile_tree(value, allowed) for key, value in tree.items()}
    return tree


def render_tree(tree: Any, context: Mapping[str, Any]) -> Any:
    """Render a compiled body: a leaf that is exactly `{{ name }}` keeps the value's JSON type."""
    if isinstance(tree, Template):
        bare = _BARE_NAME.match(tree.source.strip())
        if bare and bare[1] in context:
            return context[bare[1]]
        return tree.render(context)
    if isinstance(tree, list):
        return [render_tree(item, context) for item in tree]
    if isinstance(tree, dict):
        return {key: render_tree(value, context) for key, value in tree.items()}
    return tree


def url_context(slots: Mapping[str, Any]) -> dict[str, Any]:
    """Slot values percent-encoded for a URL path (a customer cannot add `/` or `?`)."""
    return {name: None if value is None else quote(str(value), safe="") for name, value in slots.items()}
