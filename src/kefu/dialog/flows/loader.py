"""Read `flows/*.yml` into a `FlowBook`, or stop with the file and line of the first mistake.

The YAML is composed into a node tree first, so every check (syntax, schema, `${ENV}`
substitution, regexes, templates, duplicates) can point at the line it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kefu.dialog.flows.flow import CompiledSlot, Flow, FlowBook, TextTemplates
from kefu.dialog.flows.spec import FlowSpec, RegexCheck, Text
from kefu.dialog.flows.templates import Template, TemplateProblem, compile_tree
from kefu.dialog.flows.validators import build_validator
from kefu.errors import ConfigError

Location = Sequence[int | str]
_ENV_REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_STR_TAG = "tag:yaml.org,2002:str"


class FlowError(ConfigError):
    """A flow file is invalid; start-up stops. The message starts with `file:line:`."""

    code = "invalid_flow"

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}", f"任务流程配置错误 {path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


def load_flows(directory: Path, env: Mapping[str, str]) -> FlowBook:
    """Load every `*.yml` / `*.yaml` flow in `directory`; a missing folder means no flows.

    `${NAME}` and `${NAME:-default}` in the `action:` section are replaced from `env` (the
    caller's environment, e.g. `os.environ`) once, here; `$${` writes a literal `${`.
    """
    if not directory.exists():
        return FlowBook()
    if not directory.is_dir():
        raise ConfigError(f"flows_dir {directory} is not a folder", f"flows_dir {directory} 不是文件夹")
    files = sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])
    flows: dict[str, Flow] = {}
    owners: dict[str, Flow] = {}
    for path in files:
        flow, root = _load_file(path, env)
        if flow.name in flows:
            raise FlowError(
                path,
                _line(root, ["name"]),
                f"flow {flow.name!r} is already defined in {flows[flow.name].path}",
            )
        for index, intent in enumerate(flow.spec.intents):
            if intent in owners:
                raise FlowError(
                    path,
                    _line(root, ["intents", index]),
                    f"intent {intent!r} already starts flow {owners[intent].name!r} ({owners[intent].path})",
                )
            owners[intent] = flow
        flows[flow.name] = flow
    return FlowBook(flows)


def _load_file(path: Path, env: Mapping[str, str]) -> tuple[Flow, yaml.Node]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError(path, 1, f"cannot read the file: {exc}") from None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise FlowError(path, 1, "the file is empty")
        _refuse_duplicate_keys(path, root)
        if not isinstance(root, yaml.MappingNode):
            raise FlowError(
                path, root.start_mark.line + 1, "a flow file must be a mapping (name:, intents:, ...)"
            )
        action = _child(root, "action")
        blanked = _substitute(path, action, env) if action is not None else set()
        data = loader.construct_document(root)
        _drop_blank_headers(data, action, blanked)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise FlowError(path, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise FlowError(path, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    try:
        spec = FlowSpec.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        line = _line(root, first["loc"], key=first["type"] == "extra_forbidden")
        raise FlowError(path, line, _describe(first) + more) from None
    return _compile(path, root, spec), root


def _compile(path: Path, root: yaml.Node, spec: FlowSpec) -> Flow:
    """Compile regexes and templates; each problem names the line of the offending value."""
    slot_names = [slot.name for slot in spec.slots]

    def template(source: str, allowed: Iterable[str], loc: Location) -> Template:
        try:
            return Template.compile(source, allowed)
        except TemplateProblem as exc:
            raise FlowError(path, _line(root, loc), f"{_dotted(loc)}: {exc}") from None

    def texts(text: Text, allowed: Iterable[str], loc: Location) -> TextTemplates:
        allowed = list(allowed)
        return TextTemplates(
            template(text.zh, allowed, [*loc, "zh"]),
            template(text.en, allowed, [*loc, "en"]),
        )

    slots = []
    for index, slot in enumerate(spec.slots):
        loc: list[int | str] = ["slots", index]
        earlier = slot_names[:index]
        try:
            validator = build_validator(slot.validator)
        except re.error as exc:
            raise FlowError(
                path, _line(root, [*loc, "validator"]), f"slot {slot.name}: bad regex: {exc}"
            ) from None
        slots.append(
            CompiledSlot(
                slot,
                validator,
                texts(slot.prompt, earlier, [*loc, "prompt"]),
                texts(slot.invalid, [*earlier, "value"], [*loc, "invalid"]),
                isinstance(slot.validator, RegexCheck) and slot.validator.find is not None,
            )
        )
    action = spec.action
    try:
        body = compile_tree(action.body, slot_names)
    except TemplateProblem as exc:
        raise FlowError(path, _line(root, ["action", "body"]), f"action.body: {exc}") from None
    answer_names = [*slot_names, "response"]
    errors = {
        status: texts(getattr(spec.on_error, status), answer_names, ["on_error", status])
        for status in ("not_found", "rejected", "down", "timeout", "bad_response")
    }
    yes, no = (spec.confirm.yes_words, spec.confirm.no_words) if spec.confirm else ([], [])
    return Flow(
        spec=spec,
        path=path,
        slots=tuple(slots),
        url=template(action.url, slot_names, ["action", "url"]),
        params={
            key: template(value, slot_names, ["action", "params", key])
            for key, value in action.params.items()
        },
        body=body,
        reply=texts(spec.reply, answer_names, ["reply"]),
        errors=errors,
        confirm=texts(spec.confirm.prompt, slot_names, ["confirm", "prompt"]) if spec.confirm else None,
        yes_words=tuple(word.casefold() for word in yes),
        no_words=tuple(word.casefold() for word in no),
    )


def _substitute(path: Path, node: yaml.Node, env: Mapping[str, str]) -> set[int]:
    """Replace `${NAME}` / `${NAME:-default}` in every string scalar under `node`, in place.

    Returns the ids of the scalars whose references all came out empty.
    """
    blanked: set[int] = set()
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR_TAG or "$" not in node.value:
            return blanked
        values: list[str] = []

        def resolve(match: re.Match[str]) -> str:
            if match[0] == "$${":
                return "${"
            name, default = match[1], match[2]
            value = env.get(name) or default
            if value is not None:
                values.append(value)
                return value
            raise FlowError(
                path,
                node.start_mark.line + 1,
                f"environment variable {name} is not set (write ${{{name}:-default}} for a default)",
            )

        node.value = _ENV_REFERENCE.sub(resolve, node.value)
        if values and not any(values):
            blanked.add(id(node))
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            blanked |= _substitute(path, value, env)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            blanked |= _substitute(path, item, env)
    return blanked


def _drop_blank_headers(data: Any, action: yaml.Node | None, blanked: set[int]) -> None:
    """Leave out a header whose `${...}` references are all empty (`Bearer ${TOKEN:-}`, no token)."""
    headers = _child(action, "headers") if action is not None else None
    if not isinstance(headers, yaml.MappingNode) or not isinstance(data, dict):
        return
    constructed = data.get("action", {}).get("headers") if isinstance(data.get("action"), dict) else None
    if not isinstance(constructed, dict):
        return
    for key, value in headers.value:
        if id(value) in blanked:
            constructed.pop(key.value, None)


def _refuse_duplicate_keys(path: Path, node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise FlowError(path, key.start_mark.line + 1, f"key {key.value!r} appears twice")
                seen.add(key.value)
            _refuse_duplicate_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(path, item)


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == key
                and isinstance(value, yaml.Node)
            ):
                return value
    return None


def _line(root: yaml.Node, loc: Location, key: bool = False) -> int:
    """The line of the node at `loc`, or of the deepest node on the way (a missing key: its parent).

    Steps that are not in the tree (pydantic's union tags such as `regex`) are skipped.
    With `key`, the last step's key is located instead of its value (an unknown key).
    """
    node = root
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    node = key_node if key and last else value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
    return int(node.start_mark.line) + 1


def _dotted(loc: Location) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _describe(error: ErrorDetails) -> str:
    loc = list(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        where = f" in {_dotted(loc[:-1])}" if len(loc) > 1 else ""
        return f"unknown key {loc[-1]!r}{where}"
    if kind == "missing":
        where = f" in {_dotted(loc[:-1])}" if len(loc) > 1 else ""
        return f"missing key {loc[-1]!r}{where}"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, bool) and kind == "string_type":
        message += "; quote it: YAML reads yes/no/on/off/true/false as booleans"
    shown = "" if isinstance(value, dict | list) or value is None else f" (got {value!r})"
    return f"{_dotted(loc) or 'flow'}: {message}{shown}"
