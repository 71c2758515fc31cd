"""`kefu kb ...` and `kefu eval ...` as a user runs them, on files that are not the demo's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_demo_data
from tests.knowledge import files


def kefu(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kefu", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def data_dir(tmp_path: Path, demo_data: Path) -> Path:
    return copy_demo_data(demo_data, tmp_path / "data")


def write_shop(folder: Path) -> Path:
    """A small shop of a kind the demo does not know: a bakery."""
    folder.mkdir()
    files.make_faq_csv(
        folder / "faq.csv",
        [
            ["id", "question", "answer"],
            ["b-1", "蛋糕可以提前几天预订？", "生日蛋糕最早可提前14天预订，最晚提前1天。"],
            ["b-2", "蛋糕能送到家吗？", "5公里内免费配送，超出部分每公里加收3元。"],
            ["b-3", "有无糖的面包吗？", "有，全麦无糖吐司每天上午十点出炉。"],
        ],
    )
    (folder / "storage.md").write_text(
        "# 保存方法\n\n## 奶油蛋糕\n\n奶油蛋糕需冷藏保存，最好在24小时内食用。\n\n## 面包\n\n面包常温保存2天，冷冻可保存一个月。\n",
        encoding="utf-8",
    )
    return folder


def test_ingest_search_eval_export_delete_on_any_kb(tmp_path: Path, data_dir: Path) -> None:
    shop = write_shop(tmp_path / "bakery")
    ingested = kefu("kb", "ingest", str(shop), "--kb", "bakery", "--json", data_dir=data_dir)
    assert ingested.returncode == 0, ingested.stderr
    report = json.loads(ingested.stdout)
    assert {f["name"]: f["status"] for f in report["files"]} == {"faq.csv": "added", "storage.md": "added"}

    listed = json.loads(kefu("kb", "list", "--json", data_dir=data_dir).stdout)
    assert {k["name"] for k in listed} == {"default", "bakery"}

    searched = kefu(
        "kb", "search", "奶油蛋糕怎么保存", "--kb", "bakery", "--top-k", "2", "--json", data_dir=data_dir
    )
    hits = json.loads(searched.stdout)
    assert len(hits) == 2 and {"id", "kb", "source", "title", "text", "score"} <= set(hits[0])
    assert hits[0]["source"] == "storage.md" and hits[0]["kb"] == "bakery"

    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c, ensure_ascii=False)
            for c in (
                {"question": "生日蛋糕要提前多久订啊", "expected_faq": "b-1", "facts": ["14天"]},
                {"question": "奶油的蛋糕放多久要吃掉", "expected_source": "storage.md"},
                {"question": "你们卖不卖汽车轮胎", "expected_faq": None},
                {"question": "转人工", "expected_faq": None, "handoff": True},
            )
        ),
        encoding="utf-8",
    )
    evaluated = kefu(
        "eval",
        "answers",
        "--kb",
        "bakery",
        "--cases",
        str(cases),
        "--no-generate",
        "--json",
        data_dir=data_dir,
    )
    assert evaluated.returncode == 0, evaluated.stderr
    result = json.loads(evaluated.stdout)
    assert [c["correct"] for c in result["cases"]] == [True, True, True, True], result["cases"]
    assert result["summary"]["correct_citation_rate"] == 1.0 and result["summary"]["refusal_rate"] == 1.0
    assert result["cases"][0]["citations"][0]["source"] == "faq.csv"

    retrieval = json.loads(
        kefu("eval", "retrieval", "--kb", "bakery", "--cases", str(cases), "--json", data_dir=data_dir).stdout
    )
    assert retrieval["recall@1"] == 1.0 and retrieval["questions"] == 2

    exported = tmp_path / "bakery.json"
    assert kefu("kb", "export", "bakery", "--out", str(exported), data_dir=data_dir).returncode == 0
    assert {f["id"] for f in json.loads(exported.read_text(encoding="utf-8"))["faqs"]} == {
        "b-1",
        "b-2",
        "b-3",
    }

    assert kefu("kb", "delete", "bakery", "--yes", data_dir=data_dir).returncode == 0
    gone = kefu("kb", "search", "蛋糕", "--kb", "bakery", data_dir=data_dir)
    assert gone.returncode == 1 and "kb_not_found" in gone.stderr


def test_a_failed_file_makes_the_exit_code_non_zero(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    files.make_broken_pdf(folder / "manual.pdf")
    (folder / "ok.md").write_text("# 营业时间\n\n每天8点到22点营业。\n", encoding="utf-8")
    done = kefu("kb", "ingest", str(folder), "--kb", "shop", data_dir=data_dir)
    assert done.returncode == 1
    assert "manual.pdf" in done.stdout and "failed" in done.stdout and "added" in done.stdout
    assert "Traceback" not in done.stderr


def test_bad_cases_file_is_one_clear_line(tmp_path: Path, data_dir: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"question": "ok"}\n{"question": \n', encoding="utf-8")
    done = kefu("eval", "answers", "--cases", str(cases), "--no-generate", data_dir=data_dir)
    assert done.returncode == 2 and "cases.jsonl:2" in done.stderr and "Traceback" not in done.stderr
