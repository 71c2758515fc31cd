"""PII evaluation: the matching rule, the non-PII rate, both loaders, and the shipped set's targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kefu.improve.pii_eval import (
    PHONE_TYPES,
    Detector,
    PiiCase,
    Span,
    evaluate_pii,
    load_cases,
    load_presidio,
    pii_report,
)
from kefu.safety.pii import Entity

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "evals" / "safety" / "pii.jsonl"
PRESIDIO = ROOT.parent / "shared" / "data" / "pii_presidio_synth_en" / "synth_dataset_v2.json"


def fixed(*entities: Entity) -> Detector:
    return lambda text: list(entities)


def test_overlap_of_half_the_gold_span_and_the_type_decide_a_hit() -> None:
    case = PiiCase(
        "x" * 40, pii=[Span("mobile", 0, 10), Span("email", 20, 30)], non_pii=[Span("order_no", 32, 40)]
    )
    detector = fixed(
        Entity("mobile", 5, 12, ""),  # overlaps 5 of 10: a hit
        Entity("landline", 20, 30, ""),  # right place, wrong type: a miss and a spurious one
        Entity("ip", 35, 38, ""),  # inside a non-PII span: masked, and spurious
    )
    report = evaluate_pii([case], detector).to_json()
    assert report["per_type"]["mobile"] == {
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert report["per_type"]["email"]["fn"] == 1 and report["per_type"]["landline"]["fp"] == 1
    assert report["overall"]["tp"] == 1 and report["overall"]["fp"] == 2 and report["overall"]["fn"] == 1
    assert report["non_pii"] == {"total": 1, "masked": 1, "rate": 1.0}
    assert {e["kind"] for e in report["errors"]} == {"missed", "spurious", "non_pii_masked"}


def test_less_than_half_an_overlap_is_a_miss() -> None:
    case = PiiCase("x" * 20, pii=[Span("address", 0, 20)])
    report = evaluate_pii([case], fixed(Entity("address", 0, 9, ""))).to_json()
    assert report["overall"]["tp"] == 0 and report["overall"]["fn"] == 1


def test_type_map_and_ignored_spans() -> None:
    case = PiiCase("x" * 30, pii=[Span("phone", 0, 11)], ignored=[Span("US_SSN", 15, 26)])
    detector = fixed(Entity("mobile", 0, 11, ""), Entity("id_number", 15, 26, ""))
    report = evaluate_pii([case], detector, type_map=PHONE_TYPES).to_json()
    assert report["overall"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_load_cases_reads_the_jsonl_format(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    row = {
        "text": "手机13812345678 订单XH202611220003",
        "pii": [{"type": "mobile", "start": 2, "end": 13}],
        "non_pii": [{"type": "order_no", "start": 16, "end": 30}],
    }
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (case,) = load_cases(path)
    assert case.pii == [Span("mobile", 2, 13)] and case.non_pii == [Span("order_no", 16, 30)]
    report = pii_report(path)["zh_set"]
    assert report["overall"]["recall"] == 1.0 and report["non_pii"]["masked"] == 0


def test_the_shipped_set_meets_the_project_targets() -> None:
    report = pii_report(CASES)["zh_set"]
    assert report["cases"] >= 250
    for kind in ("id_number", "bank_card"):
        assert report["per_type"][kind]["recall"] >= 0.99
    assert report["overall"]["recall"] >= 0.95
    assert report["non_pii"]["rate"] <= 0.02


@pytest.mark.skipif(not PRESIDIO.exists(), reason="shared Presidio set not present")
def test_presidio_labels_are_mapped_and_reported_separately() -> None:
    cases = load_presidio(PRESIDIO)
    assert len(cases) == 1500
    kinds = {span.type for case in cases for span in case.pii}
    assert kinds == {"person", "address", "bank_card", "phone", "email", "ip"}
    report = pii_report(CASES, PRESIDIO)
    assert set(report) == {"zh_set", "presidio_en"}
    assert report["presidio_en"]["per_type"]["email"]["recall"] == 1.0
