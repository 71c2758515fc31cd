"""NLU data sets: the JointBERT folder format and JSONL, read into `Example`s.

- JointBERT (SNIPS, ATIS): DIR/{train,dev,test}/{seq.in,seq.out,label}, line-aligned; `seq.in` holds
  space-separated tokens, `seq.out` one BIO tag per token, `label` the intent (ATIS's `a#b` multi-intents
  are one label).
- JSONL: DIR/{train,dev,test}.jsonl, one `{"text", "intent", "slots": [{"start", "end", "type"}]}` per
  line, character offsets with `end` exclusive; the text is tokenized by `kefu.nlu.tokenize`.

Every problem in a file is an `InvalidInput` naming the file and line.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kefu.errors import InvalidInput
from kefu.nlu.tokenize import Token, from_words, tokenize

log = logging.getLogger(__name__)

Split = Literal["train", "dev", "test"]
Format = Literal["jointbert", "jsonl"]
JOINTBERT_FILES = ("seq.in", "seq.out", "label")


@dataclass(frozen=True, slots=True)
class Example:
    """One utterance: its text, tokens with offsets, one BIO tag per token, and the intent."""

    text: str
    tokens: tuple[Token, ...]
    tags: tuple[str, ...]
    intent: str


def _invalid(message: str) -> InvalidInput:
    return InvalidInput("nlu_data_invalid", message, f"NLU 数据有误：{message}")


def detect_format(folder: Path) -> Format:
    """Which of the two formats `folder` holds."""
    if not folder.is_dir():
        raise InvalidInput(
            "nlu_data_missing", f"NLU data folder {folder} does not exist", f"NLU 数据目录 {folder} 不存在"
        )
    if (folder / "train.jsonl").is_file() or any(folder.glob("*.jsonl")):
        return "jsonl"
    if any((folder / split).is_dir() for split in ("train", "dev", "test")):
        return "jointbert"
    raise InvalidInput(
        "nlu_data_missing",
        f"no NLU data in {folder}: expected {{train,dev,test}}.jsonl"
        " or {{train,dev,test}}/{{seq.in,seq.out,label}}",
        f"{folder} 中没有 NLU 数据",
    )


def load_split(folder: Path, split: Split) -> list[Example]:
    """The examples of one split of the data set in `folder` (either format)."""
    if detect_format(folder) == "jsonl":
        return read_jsonl(_required(folder / f"{split}.jsonl"))
    return read_jointbert(folder / split)


def _required(path: Path) -> Path:
    if not path.is_file():
        raise InvalidInput("nlu_data_missing", f"missing NLU data file {path}", f"缺少 NLU 数据文件 {path}")
    return path


def read_jointbert(split_dir: Path) -> list[Example]:
    """One split folder of the JointBERT format."""
    paths = [_required(split_dir / name) for name in JOINTBERT_FILES]
    words_lines, tag_lines, labels = (_lines(path) for path in paths)
    counts = {
        path.name: len(lines) for path, lines in zip(paths, (words_lines, tag_lines, labels), strict=True)
    }
    if len(set(counts.values())) != 1:
        raise _invalid(f"{split_dir}: the files have different line counts {counts}")
    examples = []
    for number, (words_line, tags_line, label) in enumerate(
        zip(words_lines, tag_lines, labels, strict=True), start=1
    ):
        words, tags = words_line.split(), tags_line.split()
        where = f"{split_dir / 'seq.out'}:{number}"
        if not words:
            raise _invalid(f"{split_dir / 'seq.in'}:{number}: empty utterance")
        if len(words) != len(tags):
            raise _invalid(f"{where}: {len(tags)} tags for {len(words)} tokens in seq.in")
        for tag in tags:
            _check_tag(tag, where)
        intent = label.strip()
        if not intent:
            raise _invalid(f"{split_dir / 'label'}:{number}: empty intent")
        text, tokens = from_words(words)
        examples.append(Example(text, tuple(tokens), tuple(tags), intent))
    return examples


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _check_tag(tag: str, where: str) -> None:
    if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
        raise _invalid(f"{where}: {tag!r} is not a BIO tag (O, B-type or I-type)")


def read_jsonl(path: Path) -> list[Example]:
    """A JSONL file of `{"text", "intent", "slots"}` lines; blank lines are skipped."""
    examples = []
    for number, line in enumerate(_lines(path), start=1):
        if line.strip():
            examples.append(parse_record(line, f"{path}:{number}"))
    return examples


def parse_record(line: str, where: str) -> Example:
    """One JSONL line; `where` (file:line) goes into every error message."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _invalid(f"{where}: bad JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _invalid(f"{where}: expected a JSON object")
    text, intent, slots = record.get("text"), record.get("intent"), record.get("slots", [])
    if not isinstance(text, str) or not text.strip():
        raise _invalid(f"{where}: 'text' must be a non-empty string")
    if not isinstance(intent, str) or not intent.strip():
        raise _invalid(f"{where}: 'intent' must be a non-empty string")
    if not isinstance(slots, list):
        raise _invalid(f"{where}: 'slots' must be a list")
    spans = []
    for slot in slots:
        if not isinstance(slot, dict):
            raise _invalid(f"{where}: each slot must be an object with start, end, type")
        start, end, kind = slot.get("start"), slot.get("end"), slot.get("type")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise _invalid(f"{where}: slot {slot} needs 0 <= start < end <= {len(text)} (end exclusive)")
        if not isinstance(kind, str) or not kind or " " in kind:
            raise _invalid(f"{where}: slot {slot} needs a 'type' without spaces")
        spans.append((start, end, kind))
    tokens = tokenize(text)
    return Example(text, tuple(tokens), tuple(spans_to_tags(tokens, spans, where)), intent.strip())


def spans_to_tags(tokens: list[Token], spans: list[tuple[int, int, str]], where: str) -> list[str]:
    """BIO tags of `tokens` for character spans. A span that starts or ends inside a token (a Latin
    word) grows to the whole token, with a warning; overlapping spans are an error."""
    tags = ["O"] * len(tokens)
    for start, end, kind in sorted(spans):
        covered = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
        if not covered:
            log.warning("%s: slot %s [%d, %d) covers no token; ignored", where, kind, start, end)
            continue
        first, last = tokens[covered[0]], tokens[covered[-1]]
        if first.start < start or last.end > end:
            log.warning(
                "%s: slot %s [%d, %d) cuts a word; extended to [%d, %d)",
                where, kind, start, end, first.start, last.end,
            )  # fmt: skip
        if any(tags[i] != "O" for i in covered):
            raise _invalid(f"{where}: slot {kind} [{start}, {end}) overlaps another slot")
        for i in covered:
            tags[i] = ("B-" if i == covered[0] else "I-") + kind
    return tags


def spans_of(example: Example) -> list[tuple[int, int, str]]:
    """The character spans `(start, end, type)` of an example's BIO tags (the inverse of `spans_to_tags`)."""
    from kefu.nlu.metrics import chunks

    return [
        (example.tokens[first].start, example.tokens[last].end, kind)
        for kind, first, last in chunks(list(example.tags))
    ]
