"""Build the demo NLU set (train/dev/test JSONL) from the marked-up source files.

Source layout: ``source/<split>/<intent>.txt``, one utterance per line, slots marked inline as
``[type:value]``, e.g. ``查一下 [order_id:XH202611250001] 到哪了``. Blank lines and lines starting
with ``#`` are skipped. A literal ``[`` or ``]`` cannot appear in an utterance.

Run: ``.venv/bin/python src/kefu/nlu/demo/source/build.py`` (add ``--check`` to validate without writing).
The output is deterministic: splits are written in intent order, then file order.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parent
OUT = SOURCE.parent
SPLITS = ("train", "dev", "test")
INTENTS = (
    "order_status",
    "logistics",
    "urge_shipment",
    "cancel_order",
    "return_refund",
    "exchange",
    "change_address",
    "invoice",
    "payment_issue",
    "account_member",
    "warranty_repair",
    "product_inquiry",
    "policy_inquiry",
    "complaint",
    "human_agent",
    "chitchat",
    "other",
)
SLOT_TYPES = (
    "order_id",
    "tracking_no",
    "phone",
    "product",
    "date",
    "address",
    "reason",
    "amount",
    "invoice_title",
    "tax_id",
    "person_name",
)
# Slot types whose values should be new in dev/test (ids, people, places), not reused from train.
FRESH_TYPES = ("order_id", "tracking_no", "phone", "address", "tax_id", "person_name", "invoice_title")
MARK = re.compile(r"\[([a-z_]+):([^\[\]]*)\]")
NEAR = 0.9  # SequenceMatcher ratio at or above which a dev/test text counts as a near copy of a train text


class SourceError(ValueError):
    """A malformed line in a source file, with its file and line number."""


@dataclass
class Example:
    text: str
    intent: str
    slots: list[dict[str, int | str]] = field(default_factory=list)
    where: str = ""

    def values(self, slot_type: str) -> list[str]:
        return [self.text[int(s["start"]) : int(s["end"])] for s in self.slots if s["type"] == slot_type]

    def skeleton(self) -> str:
        """The text with slot values replaced by a mark for their type, without punctuation, spaces, case."""
        parts, last = [], 0
        for s in self.slots:
            # one private-use character per slot type, so a placeholder weighs like one word, not nine
            parts += [self.text[last : int(s["start"])], chr(0xE000 + SLOT_TYPES.index(str(s["type"])))]
            last = int(s["end"])
        parts.append(self.text[last:])
        kept = "".join(
            c
            for c in "".join(parts).lower()
            if unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co"
        )
        return kept or "".join(self.text.split())  # punctuation/emoji-only texts compare as written


def parse_line(line: str, intent: str, where: str) -> Example:
    """Turn one marked-up line into an Example, validating every slot."""
    if "[" in MARK.sub("", line) or "]" in MARK.sub("", line):
        raise SourceError(f"{where}: unbalanced or malformed slot mark")
    text, slots, pos = "", [], 0
    for m in MARK.finditer(line):
        slot_type, value = m.group(1), m.group(2)
        if slot_type not in SLOT_TYPES:
            raise SourceError(f"{where}: unknown slot type {slot_type!r}")
        if not value.strip() or value != value.strip():
            raise SourceError(f"{where}: empty slot or slot with surrounding spaces: {m.group(0)!r}")
        if unicodedata.category(value[0])[0] == "P" or unicodedata.category(value[-1])[0] == "P":
            raise SourceError(f"{where}: slot value starts or ends with punctuation: {m.group(0)!r}")
        text += line[pos : m.start()]
        slots.append({"start": len(text), "end": len(text) + len(value), "type": slot_type})
        text += value
        pos = m.end()
    text += line[pos:]
    if not text.strip():
        raise SourceError(f"{where}: empty utterance")
    return Example(text=text, intent=intent, slots=slots, where=where)


def load_split(split: str) -> list[Example]:
    """Read every intent file of one split, in intent order."""
    examples: list[Example] = []
    for path in sorted((SOURCE / split).glob("*.txt")):
        if path.stem not in INTENTS:
            raise SourceError(f"{path}: unknown intent {path.stem!r}")
    for intent in INTENTS:
        path = SOURCE / split / f"{intent}.txt"
        if not path.exists():
            raise SourceError(f"{path}: missing")
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if line and not line.startswith("#"):
                examples.append(parse_line(line, intent, f"{split}/{intent}.txt:{n}"))
    return examples


def check_duplicates(splits: dict[str, list[Example]]) -> list[str]:
    """Same text twice anywhere (with conflicting or equal labels) is an error."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    for examples in splits.values():
        for ex in examples:
            key = ex.text.strip()
            if key in seen:
                errors.append(f"{ex.where}: duplicate of {seen[key]}")
            seen[key] = ex.where
    return errors


def check_leakage(
    train: list[Example], held_out: list[Example], threshold: float = NEAR
) -> tuple[list[str], list[str]]:
    """Dev/test skeletons equal to a train skeleton are errors; near copies (ratio >= threshold) are too."""
    by_skeleton = {ex.skeleton(): ex.where for ex in train}
    train_skeletons = list(by_skeleton)
    exact, near = [], []
    for ex in held_out:
        sk = ex.skeleton()
        if sk in by_skeleton:
            exact.append(f"{ex.where}: same as {by_skeleton[sk]} after removing slot values and punctuation")
            continue
        matcher = difflib.SequenceMatcher(None, "", sk, autojunk=False)  # seq2 is cached, seq1 varies
        for other in train_skeletons:
            matcher.set_seq1(other)
            if all(r() >= threshold for r in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)):
                near.append(f"{ex.where}: near copy of {by_skeleton[other]} ({ex.text!r})")
                break
    return exact, near


def fresh_value_report(train: list[Example], held_out: list[Example]) -> dict[str, str]:
    """Share of dev/test slot values (of the id/person/place types) that also occur in train."""
    report = {}
    for slot_type in FRESH_TYPES:
        seen = {v.lower().replace(" ", "") for ex in train for v in ex.values(slot_type)}
        values = [v.lower().replace(" ", "") for ex in held_out for v in ex.values(slot_type)]
        reused = sum(v in seen for v in values)
        report[slot_type] = f"{reused}/{len(values)} reused"
    return report


def to_json(ex: Example) -> str:
    return json.dumps({"text": ex.text, "intent": ex.intent, "slots": ex.slots}, ensure_ascii=False)


def counts(splits: dict[str, list[Example]]) -> str:
    rows = [f"{'intent':16} " + " ".join(f"{s:>6}" for s in SPLITS)]
    for intent in INTENTS:
        rows.append(
            f"{intent:16} " + " ".join(f"{sum(e.intent == intent for e in splits[s]):6}" for s in SPLITS)
        )
    rows.append(f"{'total':16} " + " ".join(f"{len(splits[s]):6}" for s in SPLITS))
    rows.append("")
    for slot_type in SLOT_TYPES:
        n = [sum(len(e.values(slot_type)) for e in splits[s]) for s in SPLITS]
        rows.append(f"{slot_type:16} " + " ".join(f"{x:6}" for x in n))
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    parser.add_argument("--near", type=float, default=NEAR, help="near-copy ratio (default %(default)s)")
    args = parser.parse_args()
    try:
        splits = {split: load_split(split) for split in SPLITS}
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    errors = check_duplicates(splits)
    held_out = splits["dev"] + splits["test"]
    exact, near = check_leakage(splits["train"], held_out, args.near)
    dev_test_exact, _ = check_leakage(splits["dev"], splits["test"])
    errors += exact + near + dev_test_exact
    print(counts(splits))
    print("\nheld-out slot values also in train:", fresh_value_report(splits["train"], held_out))
    print(f"leakage: {len(exact)} exact skeleton matches, {len(near)} near copies (ratio >= {args.near})")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    if not args.check:
        for split, examples in splits.items():
            lines = "".join(to_json(ex) + "\n" for ex in examples)
            (OUT / f"{split}.jsonl").write_text(lines, encoding="utf-8")
        print("wrote", ", ".join(f"{OUT / s}.jsonl" for s in SPLITS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
