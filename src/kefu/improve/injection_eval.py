"""How well the input filter (rules + injection classifier) catches attacks and spares customers.

Cases are JSONL lines `{"text": ..., "attack": true|false, "category": ...}`; lines without an
`attack` key (PII cases in the same file) are skipped. A message counts as caught when either
stage blocks or flags it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kefu.improve.cases import case_error, json_lines
from kefu.safety.classifier import InjectionClassifier
from kefu.safety.rules import RuleHit

MAX_LISTED = 50  # misses and false positives listed in the report


class Rules(Protocol):
    def check(self, text: str) -> list[RuleHit]: ...


@dataclass(frozen=True)
class InjectionCase:
    text: str
    attack: bool
    category: str


def load_injection_cases(path: Path, *, required: bool = True) -> list[InjectionCase]:
    """The injection cases of a JSONL file, validated line by line (none: an error if `required`)."""
    cases = []
    for number, raw in json_lines(path):
        if not isinstance(raw, dict) or "attack" not in raw:
            continue
        if not isinstance(raw.get("text"), str) or not isinstance(raw["attack"], bool):
            raise case_error(path, number, "needs a text and a boolean 'attack'")
        default = "attack" if raw["attack"] else "benign"
        cases.append(InjectionCase(raw["text"], raw["attack"], str(raw.get("category") or default)))
    if not cases and required:
        raise case_error(path, 0, "no injection cases (lines with an 'attack' key)")
    return cases


def injection_report(path: Path, rules: Rules, classifier: InjectionClassifier) -> dict[str, Any]:
    """Precision, recall, false-positive rate (combined and per stage), recall per category,
    latency of both stages together, and the misses and false positives themselves."""
    cases = load_injection_cases(path)
    latencies, rows = [], []
    for case in cases:
        started = time.perf_counter()
        hits = rules.check(case.text)
        score = classifier.score(case.text)
        action = classifier.action(score)
        latencies.append((time.perf_counter() - started) * 1000)
        rows.append((case, bool(hits), action is not None, score.attack_probability))
    attacks = [row for row in rows if row[0].attack]
    benign = [row for row in rows if not row[0].attack]
    caught = [row for row in rows if row[1] or row[2]]
    by_category: dict[str, list[bool]] = defaultdict(list)
    for case, by_rules, by_model, _ in attacks:
        by_category[case.category].append(by_rules or by_model)
    true_positives = sum(1 for row in caught if row[0].attack)
    return {
        "cases": len(rows),
        "attacks": len(attacks),
        "benign": len(benign),
        "precision": _ratio(true_positives, len(caught)),
        "recall": _ratio(true_positives, len(attacks)),
        "false_positive_rate": _ratio(len(caught) - true_positives, len(benign)),
        "rules_only": _stage(attacks, benign, 1),
        "classifier_only": _stage(attacks, benign, 2),
        "recall_by_category": {k: _ratio(sum(v), len(v)) for k, v in sorted(by_category.items())},
        "latency_ms_p50": round(float(np.percentile(latencies, 50)), 3),
        "latency_ms_p95": round(float(np.percentile(latencies, 95)), 3),
        "missed": [_listed(row) for row in attacks if not (row[1] or row[2])][:MAX_LISTED],
        "false_positives": [_listed(row) for row in benign if row[1] or row[2]][:MAX_LISTED],
    }


def _stage(attacks: list[Any], benign: list[Any], column: int) -> dict[str, float | None]:
    return {
        "recall": _ratio(sum(1 for row in attacks if row[column]), len(attacks)),
        "false_positive_rate": _ratio(sum(1 for row in benign if row[column]), len(benign)),
    }


def _listed(row: tuple[InjectionCase, bool, bool, float]) -> dict[str, Any]:
    case, by_rules, by_model, probability = row
    return {
        "text": case.text,
        "category": case.category,
        "rules": by_rules,
        "classifier": by_model,
        "attack_probability": round(probability, 4),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
