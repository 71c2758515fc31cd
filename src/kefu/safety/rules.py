"""The input filter's first stage: operator-editable rules (regexes and keyword lists) in YAML.

A rule file holds a list of rules:

    rules:
      - id: override_instructions_zh
        category: prompt_injection      # any name; the verdict reports it
        action: block                   # block | flag
        description: 要求忽略之前的指令
        patterns: ['忽略(之前|以上)的(所有)?指令']    # regexes, searched case-insensitively
      - id: insults_zh
        category: abuse
        action: flag
        keywords: [傻逼, 废物客服]       # matched in linear time (Aho-Corasick)
        keywords_file: insults_zh.txt  # optional: one word a line, beside the YAML file

Text is NFKC-normalised and lower-cased before matching, and matched twice: as written and
with whitespace and zero-width characters removed, so "忽 略 之 前 的 指 令" and full-width
"ＩＧＮＯＲＥ" are caught too. Hits carry offsets into the original text.

`ReloadingRules` re-reads the files when their modification times change (checked at most
once every few seconds); a broken file then keeps the previous rules and logs an error.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ahocorasick  # type: ignore[import-not-found]
import yaml

from kefu.errors import ConfigError

log = logging.getLogger(__name__)

Action = Literal["block", "flag"]
ACTIONS: tuple[Action, ...] = ("block", "flag")
DEFAULT_RULES_DIR = Path(__file__).parent / "rules"
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True)
class RuleHit:
    """One rule matching one part of a message."""

    category: str
    action: Action
    rule: str
    reason: str
    span: tuple[int, int]  # offsets into the original text


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    action: Action
    description: str = ""
    patterns: tuple[re.Pattern[str], ...] = ()
    keywords: tuple[str, ...] = ()
    source: str = ""  # "file:line", for messages
    enabled: bool = True


@dataclass(frozen=True)
class _View:
    """The normalised text and, for each of its characters, the original offset."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def normalise_views(text: str) -> tuple[_View, _View]:
    """(NFKC + lower case, the same without whitespace), each with offsets into `text`."""
    lowered = text.lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFKC", text) and _ZERO_WIDTH.isdisjoint(text):
        full = _View(lowered, tuple(range(len(text))))  # the common case: one character for one
    else:
        full = _fold_each(text)
    kept = [i for i, char in enumerate(full.text) if not char.isspace()]
    compact = _View("".join(full.text[i] for i in kept), tuple(full.origin[i] for i in kept))
    return full, compact


def _fold_each(text: str) -> _View:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _ZERO_WIDTH:
            continue
        for folded in unicodedata.normalize("NFKC", char).lower():
            chars.append(folded)
            origin.append(index)
    return _View("".join(chars), tuple(origin))


def fold(text: str) -> str:
    """The form keywords are stored in: NFKC, lower case, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass
class RuleSet:
    """Rules ready to match: regexes per rule, keywords in one Aho-Corasick automaton."""

    rules: Sequence[Rule] = ()
    files: tuple[Path, ...] = ()
    _automaton: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        keyword_rules = [(rule, word) for rule in self.rules for word in rule.keywords]
        if keyword_rules:
            automaton = ahocorasick.Automaton()
            for rule, word in keyword_rules:
                key = fold(word)
                if key:
                    owners = automaton.get(key, ())
                    automaton.add_word(key, (key, (*owners, rule)))
            automaton.make_automaton()
            self._automaton = automaton

    @classmethod
    def load(cls, *directories: Path | None) -> RuleSet:
        """Read every `*.yml`/`*.yaml` in the directories, in order; a later rule with an
        existing id replaces it, and `enabled: false` removes it."""
        files = rule_files(directories)
        by_id: dict[str, Rule] = {}
        for path in files:
            for rule in _read_file(path):
                by_id.pop(rule.id, None)
                if rule.enabled:
                    by_id[rule.id] = rule
        return cls(tuple(by_id.values()), tuple(files))

    @classmethod
    def default(cls, operator_dir: Path | None = None) -> RuleSet:
        return cls.load(DEFAULT_RULES_DIR, operator_dir)

    def check(self, text: str) -> list[RuleHit]:
        """Every rule that matches, at most one hit per rule, in order of position."""
        full, compact = normalise_views(text)
        hits: dict[str, RuleHit] = {}
        for rule in self.rules:
            for pattern in rule.patterns:
                hit = _search(rule, pattern, full) or _search(rule, pattern, compact)
                if hit:
                    hits.setdefault(rule.id, hit)
                    break
        if self._automaton is not None:
            for hit in self._keyword_hits(text, compact):
                hits.setdefault(hit.rule, hit)
        return sorted(hits.values(), key=lambda hit: hit.span)

    def _keyword_hits(self, original: str, compact: _View) -> Iterable[RuleHit]:
        for end, (word, owners) in self._automaton.iter(compact.text):
            start = end - len(word) + 1
            span = compact.span(start, end + 1)
            if not _whole_word(original, word, span):
                continue
            for rule in owners:
                yield RuleHit(rule.category, rule.action, rule.id, f"{rule.id}: keyword '{word}'", span)


def _search(rule: Rule, pattern: re.Pattern[str], view: _View) -> RuleHit | None:
    match = pattern.search(view.text)
    if match is None or match.end() == match.start():
        return None
    reason = f"{rule.id}: {rule.description or 'pattern ' + pattern.pattern}"
    return RuleHit(rule.category, rule.action, rule.id, reason, view.span(match.start(), match.end()))


def _whole_word(original: str, word: str, span: tuple[int, int]) -> bool:
    """A keyword starting or ending in a Latin letter or digit must not be part of a longer word
    ("ass" in "class"); CJK keywords have no word boundaries to respect."""
    start, end = span
    if word[0].isascii() and word[0].isalnum() and start > 0 and _wordy(original[start - 1]):
        return False
    return not (word[-1].isascii() and word[-1].isalnum() and end < len(original) and _wordy(original[end]))


def _wordy(char: str) -> bool:
    folded = unicodedata.normalize("NFKC", char)
    return bool(folded) and folded[0].isascii() and folded[0].isalnum()


def rule_files(directories: Iterable[Path | None]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory is None:
            continue
        if not directory.is_dir():
            raise ConfigError(
                f"safety rules folder {directory} does not exist", f"安全规则目录 {directory} 不存在"
            )
        files += sorted(p for p in directory.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    return files


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on (as `__line__`)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _read_file(path: Path) -> list[Rule]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise _bad(path, line, f"invalid YAML ({exc.problem})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _bad(path, 0, f"cannot read the file ({exc})") from None
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise _bad(path, 1, "expected a mapping with a 'rules' list")
    return [_rule(path, item) for item in raw["rules"]]


def _rule(path: Path, item: Any) -> Rule:
    if not isinstance(item, dict):
        raise _bad(path, 0, "each rule must be a mapping")
    line = int(item.pop("__line__", 0))
    unknown = set(item) - {
        "id",
        "category",
        "action",
        "description",
        "patterns",
        "keywords",
        "keywords_file",
        "enabled",
    }
    if unknown:
        raise _bad(path, line, f"unknown field(s) {', '.join(sorted(unknown))}")
    rule_id, category = item.get("id"), item.get("category")
    if not isinstance(rule_id, str) or not rule_id or not isinstance(category, str) or not category:
        raise _bad(path, line, "a rule needs a text 'id' and 'category'")
    if item.get("enabled", True) is False:
        return Rule(rule_id, category, "flag", enabled=False)
    action = item.get("action")
    if action not in ACTIONS:
        raise _bad(path, line, f"rule {rule_id}: action must be block or flag, not {action!r}")
    patterns = tuple(_compile(path, line, rule_id, p) for p in _strings(path, line, item, "patterns"))
    keywords = _strings(path, line, item, "keywords")
    if "keywords_file" in item:
        keywords += _keyword_file(path, line, item["keywords_file"])
    if not patterns and not keywords:
        raise _bad(path, line, f"rule {rule_id}: needs 'patterns' or 'keywords'")
    source = f"{path.name}:{line}"
    return Rule(rule_id, category, action, str(item.get("description", "")), patterns, keywords, source)


def _strings(path: Path, line: int, item: dict[str, Any], key: str) -> tuple[str, ...]:
    values = item.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise _bad(path, line, f"rule {item['id']}: '{key}' must be a list of non-empty strings")
    return tuple(values)


def _compile(path: Path, line: int, rule_id: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(unicodedata.normalize("NFKC", pattern), re.IGNORECASE)
    except re.error as exc:
        raise _bad(path, line, f"rule {rule_id}: invalid regex {pattern!r} ({exc})") from None


def _keyword_file(path: Path, line: int, name: Any) -> tuple[str, ...]:
    target = path.parent / str(name)
    try:
        words = target.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, line, f"cannot read keywords_file {target} ({exc})") from None
    return tuple(w.strip() for w in words if w.strip() and not w.lstrip().startswith("#"))


def _bad(path: Path, line: int, problem: str) -> ConfigError:
    where = f"{path}:{line}" if line else str(path)
    return ConfigError(f"{where}: {problem}", f"安全规则文件有误 {where}：{problem}")


class ReloadingRules:
    """A `RuleSet` that reloads itself when its files change, without a restart.

    At most once per `interval_s` a `check` looks at the files' modification times; when they
    changed, the files are read again and swapped in as a whole. A broken file at that point
    keeps the previous rules (and logs why); at start-up it raises `ConfigError`.
    """

    def __init__(self, *directories: Path | None, interval_s: float = 5.0) -> None:
        self.directories = directories or (DEFAULT_RULES_DIR,)
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._signature = self._current_signature()
        self._rules = RuleSet.load(*self.directories)
        self._checked_at = time.monotonic()

    @classmethod
    def default(cls, operator_dir: Path | None = None, interval_s: float = 5.0) -> ReloadingRules:
        return cls(DEFAULT_RULES_DIR, operator_dir, interval_s=interval_s)

    @property
    def rules(self) -> RuleSet:
        self._maybe_reload()
        return self._rules

    def check(self, text: str) -> list[RuleHit]:
        return self.rules.check(text)

    def reload(self) -> bool:
        """Re-read the files now; False (old rules kept, error logged) when one is broken."""
        signature = self._current_signature()
        try:
            rules = RuleSet.load(*self.directories)
        except ConfigError as exc:
            log.error("safety rules not reloaded, keeping the previous ones: %s", exc.message)
            self._signature = signature  # do not retry the same broken files every interval
            return False
        self._rules, self._signature = rules, signature
        log.info("safety rules reloaded: %d rules from %d files", len(rules.rules), len(rules.files))
        return True

    def _maybe_reload(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.interval_s or not self._lock.acquire(blocking=False):
            return
        try:
            self._checked_at = now
            if self._current_signature() != self._signature:
                self.reload()
        finally:
            self._lock.release()

    def _current_signature(self) -> tuple[tuple[str, int, int], ...]:
        stamps = []
        for directory in self.directories:
            if directory is None or not directory.is_dir():
                continue
            for path in sorted(directory.iterdir()):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)
