from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from kefu.knowledge.chunking import Chunk, chunk_blocks
from kefu.knowledge.readers import Block, read_file
from tests.knowledge.files import make_docx_with_merged_table

_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+|[^\sA-Za-z0-9\u4e00-\u9fff]")


def count(text: str) -> int:
    """A stand-in tokenizer: one token per Chinese character, Latin word, number or symbol."""
    return len(_TOKEN.findall(text))


SENTENCES = [f"第{i}条：签收后{i + 3}天内可以申请退货{'，' * (i % 3)}请保留好包装。" for i in range(20)]
PARAGRAPH = "".join(SENTENCES)


def section(*blocks: Block, path: tuple[str, ...] = ("政策",)) -> list[Block]:
    heading = Block(path[-1], "heading", path[:-1], None, len(path))
    return [heading, *(Block(b.text, b.kind, path, b.page) for b in blocks)]


def test_chunks_respect_the_size_and_end_at_sentence_ends() -> None:
    chunks = chunk_blocks(section(Block(PARAGRAPH, "paragraph")), count, size=60, overlap=0)
    assert len(chunks) > 3
    assert all(count(c.text) <= 60 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    assert "".join(c.text for c in chunks) == PARAGRAPH  # no overlap: the sentences, each once, in order
    assert [c.position for c in chunks] == list(range(len(chunks)))


@pytest.mark.parametrize("overlap", [20, 40])
def test_consecutive_chunks_overlap_by_whole_sentences(overlap: int) -> None:
    # The sentences are 23 to 25 tokens: overlap 20 repeats one sentence, overlap 40 two.
    chunks = chunk_blocks(section(Block(PARAGRAPH, "paragraph")), count, size=80, overlap=overlap)
    assert len(chunks) > 3 and all(count(c.text) <= 80 for c in chunks)
    for previous, following in pairwise(chunks):
        ends = [s for s in SENTENCES if s in previous.text][-(overlap // 20) :]
        assert following.text.startswith("".join(ends))
    assert all(s in "".join(c.text for c in chunks) for s in SENTENCES)


def test_chinese_and_english_sentence_ends() -> None:
    text = "价格是3.5元。真的吗？是的！另外；还有……最后 Version 2.1 is out. It costs 3.5 dollars! Done?"
    chunks = chunk_blocks([Block(text, "paragraph")], count, size=10, overlap=0)
    assert [c.text for c in chunks] == [
        "价格是3.5元。",  # 8 tokens; with the next sentence it would be 12
        "真的吗？是的！另外；",
        "还有……",
        "最后 Version 2.1 is out.",
        "It costs 3.5 dollars! Done?",
    ]


def test_a_sentence_longer_than_the_size_is_cut_hard() -> None:
    sentence = "这是一句没有任何标点而且非常非常长的句子" * 5 + "。"
    chunks = chunk_blocks([Block(sentence, "paragraph")], count, size=30, overlap=0)
    assert len(chunks) == 4 and all(count(c.text) <= 30 for c in chunks)
    assert "".join(c.text for c in chunks) == sentence


def test_long_english_sentence_is_cut_between_words() -> None:
    sentence = " ".join(f"word{i}" for i in range(50))
    chunks = chunk_blocks([Block(sentence, "paragraph")], count, size=12, overlap=0)
    assert all(count(c.text) <= 12 for c in chunks)
    assert " ".join(c.text for c in chunks) == sentence  # every cut fell on a space


def test_a_chunk_never_spans_two_sections() -> None:
    blocks = [
        *section(Block("退货需在七天内申请。", "paragraph"), path=("售后", "退货")),
        *section(Block("换货需在十五天内申请。", "paragraph"), path=("售后", "换货")),
        Block("发票", "heading", (), None, 1),
        Block("电子发票在订单页申请。", "paragraph", ("发票",)),
    ]
    assert chunk_blocks(blocks, count, size=256, overlap=32) == [
        Chunk("退货需在七天内申请。", ("售后", "退货"), None, 0),
        Chunk("换货需在十五天内申请。", ("售后", "换货"), None, 1),
        Chunk("电子发票在订单页申请。", ("发票",), None, 2),
    ]


def test_overlap_does_not_cross_sections() -> None:
    blocks = [
        *section(Block(PARAGRAPH, "paragraph"), path=("一",)),
        *section(Block("另一节。", "paragraph"), path=("二",)),
    ]
    chunks = chunk_blocks(blocks, count, size=60, overlap=30)
    assert chunks[-1] == Chunk("另一节。", ("二",), None, len(chunks) - 1)


TABLE = "| 地区 | 运费 |\n|---|---|\n" + "\n".join(f"| 地区{i} | {i * 2}元 |" for i in range(30))


def test_a_table_that_fits_is_kept_whole_in_its_own_chunk() -> None:
    small_table = "\n".join(TABLE.splitlines()[:6])  # header + 4 rows: 34 tokens
    blocks = section(Block("".join(SENTENCES[:3]), "paragraph"), Block(small_table, "table"))
    chunks = chunk_blocks(blocks, count, size=50, overlap=10)
    assert chunks[-1].text == small_table
    assert all(small_table not in c.text for c in chunks[:-1])


def test_a_large_table_is_split_by_rows_repeating_the_header() -> None:
    chunks = chunk_blocks(section(Block(TABLE, "table")), count, size=50, overlap=10)
    assert len(chunks) > 2 and all(count(c.text) <= 50 for c in chunks)
    header = "| 地区 | 运费 |\n|---|---|\n"
    assert all(c.text.startswith(header) for c in chunks)
    rows = [line for c in chunks for line in c.text.splitlines()[2:]]
    assert rows == TABLE.splitlines()[2:]  # every row once, in order: no overlap inside tables


def test_a_list_that_fits_is_kept_whole_and_a_long_one_is_split_by_items() -> None:
    items = "\n".join(f"- 第{i}项注意事项。" for i in range(12))
    [whole] = chunk_blocks([Block(items, "list")], count, size=200, overlap=0)
    assert whole.text == items
    parts = chunk_blocks([Block(items, "list")], count, size=30, overlap=0)
    assert len(parts) > 1 and all(count(p.text) <= 30 for p in parts)
    assert "\n".join(p.text for p in parts) == items


def test_chunks_carry_the_page_where_they_start() -> None:
    blocks = [Block("第一页的内容。", "paragraph", page=1), Block("第二页的内容。", "paragraph", page=2)]
    assert [(c.text, c.page) for c in chunk_blocks(blocks, count, size=8, overlap=0)] == [
        ("第一页的内容。", 1),
        ("第二页的内容。", 2),
    ]


def test_nothing_is_prefixed_and_output_is_deterministic() -> None:
    blocks = section(Block(PARAGRAPH, "paragraph"), Block(TABLE, "table"))
    first = chunk_blocks(blocks, count, size=64, overlap=16)
    assert first == chunk_blocks(blocks, count, size=64, overlap=16)
    assert all("政策" not in c.text for c in first)


def test_chunks_from_a_real_document(tmp_path: Path) -> None:
    blocks = read_file(make_docx_with_merged_table(tmp_path / "policy.docx")).blocks
    chunks = chunk_blocks(blocks, count)
    assert [(c.heading_path, c.text.splitlines()[0]) for c in chunks] == [
        (("退换货政策",), "本政策适用于所有线上订单。"),
        (("退换货政策", "运费"), "以下为各地区运费："),
    ]
    assert "| 华东 | 2公斤以上 | 18元 |" in chunks[1].text


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (10, -1), (10, 10)])
def test_invalid_sizes(size: int, overlap: int) -> None:
    with pytest.raises(ValueError, match="size"):
        chunk_blocks([Block("x", "paragraph")], count, size=size, overlap=overlap)
