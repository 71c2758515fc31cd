"""How well PII detection does on labelled cases: precision, recall and F1 per type, and how
many non-PII numbers (order and tracking numbers, models, prices) it wrongly masks.

Matching rule: a detected entity is a true positive for a gold span when its type matches
(after `type_map`) and the two overlap by at least half of the gold span's length. Each gold
span and each detection count at most once. A detection that overlaps a gold span of a type
the detector does not support (`ignored` spans, e.g. an SSN in the Presidio set) is neither
right nor wrong. A `non_pii` span counts as masked when any detection overlaps it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kefu.improve.cases import case_error, json_lines
from kefu.safety.pii import Entity, detect_pii

Detector = Callable[[str], list[Entity]]

# Presidio synthetic set (English) → kefu types. PHONE_NUMBER → `phone`, which a `mobile` or a
# `landline` detection satisfies; the other labels (SSN, IBAN, dates, places, organisations...)
# are not types kefu masks and are ignored.
PRESIDIO_LABELS = {
    "PERSON": "person",
    "STREET_ADDRESS": "address",
    "CREDIT_CARD": "bank_card",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "IP_ADDRESS": "ip",
}
PHONE_TYPES = {"mobile": "phone", "landline": "phone"}
DEFAULT_CASES = Path("evals/safety/pii.jsonl")
PRESIDIO_SET = Path("../shared/data/pii_presidio_synth_en/synth_dataset_v2.json")


@dataclass(frozen=True, slots=True)
class Span:
    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PiiCase:
    """One labelled text: `pii` must be found, `non_pii` must stay unmasked."""

    text: str
    pii: list[Span] = field(default_factory=list)
    non_pii: list[Span] = field(default_factory=list)
    ignored: list[Span] = field(default_factory=list)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_json(self) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }


@dataclass
class PiiReport:
    """Per-type and overall counts, the non-PII masking rate, and the misses to read."""

    per_type: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    non_pii_total: int = 0
    non_pii_masked: int = 0
    cases: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, max_errors: int = 50) -> dict[str, Any]:
        rate = self.non_pii_masked / self.non_pii_total if self.non_pii_total else 0.0
        return {
            "cases": self.cases,
            "overall": self.overall.to_json(),
            "per_type": {name: counts.to_json() for name, counts in sorted(self.per_type.items())},
            "non_pii": {"total": self.non_pii_total, "masked": self.non_pii_masked, "rate": round(rate, 4)},
            "errors": self.errors[:max_errors],
        }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def evaluate_pii(
    cases: Iterable[PiiCase], detector: Detector = detect_pii, type_map: Mapping[str, str] | None = None
) -> PiiReport:
    """Score `detector` on `cases`; `type_map` renames detected types (e.g. mobile → phone)."""
    rename = type_map or {}
    report = PiiReport()
    for case in cases:
        report.cases += 1
        found = [Span(rename.get(e.type, e.type), e.start, e.end) for e in detector(case.text)]
        _score_case(case, found, report)
    return report


def _score_case(case: PiiCase, found: list[Span], report: PiiReport) -> None:
    used: set[int] = set()
    for gold in case.pii:
        counts = report.per_type.setdefault(gold.type, Counts())
        need = max(1, (gold.end - gold.start + 1) // 2)
        hit = next(
            (
                i
                for i, det in enumerate(found)
                if i not in used
                and det.type == gold.type
                and _overlap(det.start, det.end, gold.start, gold.end) >= need
            ),
            None,
        )
        if hit is None:
            counts.fn += 1
            report.overall.fn += 1
            report.errors.append(
                {
                    "kind": "missed",
                    "type": gold.type,
                    "value": case.text[gold.start : gold.end],
                    "text": case.text,
                }
            )
        else:
            used.add(hit)
            counts.tp += 1
            report.overall.tp += 1
    for i, det in enumerate(found):
        if i in used or any(_overlap(det.start, det.end, s.start, s.end) for s in case.ignored):
            continue
        report.per_type.setdefault(det.type, Counts()).fp += 1
        report.overall.fp += 1
        report.errors.append(
            {"kind": "spurious", "type": det.type, "value": case.text[det.start : det.end], "text": case.text}
        )
    for span in case.non_pii:
        report.non_pii_total += 1
        if any(_overlap(det.start, det.end, span.start, span.end) for det in found):
            report.non_pii_masked += 1
            report.errors.append(
                {
                    "kind": "non_pii_masked",
                    "type": span.type,
                    "value": case.text[span.start : span.end],
                    "text": case.text,
                }
            )


def _spans(items: Iterable[Mapping[str, Any]]) -> list[Span]:
    return [Span(str(item["type"]), int(item["start"]), int(item["end"])) for item in items]


def load_cases(path: Path) -> list[PiiCase]:
    """The JSONL case format: `{"text", "pii": [{"type","start","end"}], "non_pii": [...]}`.

    Lines with neither `pii` nor `non_pii` are not PII cases (one file may also hold
    injection cases) and are skipped; a malformed line is an error naming it.
    """
    cases = []
    for number, row in json_lines(path):
        if not isinstance(row, dict) or not ({"pii", "non_pii"} & set(row)):
            continue
        try:
            text = row["text"]
            pii, non_pii = _spans(row.get("pii", [])), _spans(row.get("non_pii", []))
        except (KeyError, TypeError, ValueError):
            raise case_error(path, number, "needs a text and spans of {type, start, end}") from None
        if not isinstance(text, str) or any(not 0 <= s.start < s.end <= len(text) for s in pii + non_pii):
            raise case_error(path, number, "a span lies outside the text (start < end <= length)")
        cases.append(PiiCase(text, pii, non_pii))
    return cases


def load_presidio(path: Path) -> list[PiiCase]:
    """The Presidio synthetic set, its labels mapped by `PRESIDIO_LABELS`; the rest ignored."""
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        pii: list[Span] = []
        ignored: list[Span] = []
        for span in item["spans"]:
            mapped = PRESIDIO_LABELS.get(span["entity_type"])
            target = Span(mapped or span["entity_type"], span["start_position"], span["end_position"])
            (pii if mapped else ignored).append(target)
        cases.append(PiiCase(item["full_text"], pii, ignored=ignored))
    return cases


def pii_report(path: Path | str = DEFAULT_CASES, presidio: Path | str | None = None) -> dict[str, Any]:
    """The report the CLI prints: the JSONL set at `path`, and the Presidio set when given."""
    report: dict[str, Any] = {"zh_set": evaluate_pii(load_cases(Path(path))).to_json()}
    if presidio is not None:
        presidio_cases = load_presidio(Path(presidio))
        report["presidio_en"] = evaluate_pii(presidio_cases, type_map=PHONE_TYPES).to_json()
    return report
