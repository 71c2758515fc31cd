"""`kefu eval safety`: the PII detector and the input filter on labelled cases.

One JSONL file may hold both kinds of line: PII cases (`text`, `pii`, `non_pii`) and
injection cases (`text`, `attack`, `category`); each part of the report covers its lines.
The English Presidio set is measured separately when given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kefu.config import Settings
from kefu.dialog.runtime import open_filters
from kefu.errors import InvalidInput
from kefu.improve.injection_eval import injection_report, load_injection_cases
from kefu.improve.pii_eval import PHONE_TYPES, evaluate_pii, load_cases, load_presidio


def safety_report(settings: Settings, cases: Path, presidio: Path | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {"cases_file": str(cases)}
    pii_cases = load_cases(cases)
    if pii_cases:
        report["pii"] = evaluate_pii(pii_cases).to_json()
    if load_injection_cases(cases, required=False):
        screen, _ = open_filters(settings)
        report["injection"] = injection_report(cases, screen.rules, screen.classifier)
    if "pii" not in report and "injection" not in report:
        raise InvalidInput(
            "no_cases",
            f"{cases}: no PII lines (with 'pii' or 'non_pii') and no injection lines (with 'attack')",
            f"{cases}：没有 PII 用例（含 pii/non_pii）也没有注入用例（含 attack）",
        )
    if presidio is not None:
        report["presidio_en"] = evaluate_pii(load_presidio(presidio), type_map=PHONE_TYPES).to_json()
    return report
