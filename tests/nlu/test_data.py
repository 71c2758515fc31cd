"""Both data formats, slot offsets → BIO tags, and bad inputs named by file and line."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kefu.errors import InvalidInput
from kefu.nlu.data import detect_format, load_split, spans_of


def jointbert(
    folder: Path, words: list[str], tags: list[str], labels: list[str], split: str = "train"
) -> Path:
    (folder / split).mkdir(parents=True, exist_ok=True)
    for name, lines in (("seq.in", words), ("seq.out", tags), ("label", labels)):
        (folder / split / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_jointbert_format(tmp_path: Path) -> None:
    jointbert(
        tmp_path,
        ["play the beatles ", "book a table for 2"],
        ["O B-artist I-artist ", "O O O O B-party_size"],
        ["PlayMusic", "atis_flight#atis_airfare"],
    )
    assert detect_format(tmp_path) == "jointbert"
    first, second = load_split(tmp_path, "train")
    assert first.text == "play the beatles" and first.intent == "PlayMusic"
    assert spans_of(first) == [(5, 16, "artist")]
    assert second.intent == "atis_flight#atis_airfare"  # ATIS multi-intents: one label
    assert [t.text for t in second.tokens][-1] == "2" and second.tags[-1] == "B-party_size"


def test_jsonl_format_maps_character_offsets_to_tokens(tmp_path: Path) -> None:
    text = "订单XH202611250001改到北京市朝阳区"
    record = {
        "text": text,
        "intent": "change_address",
        "slots": [{"start": 2, "end": 16, "type": "order_id"}, {"start": 18, "end": 24, "type": "address"}],
    }
    (tmp_path / "dev.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert detect_format(tmp_path) == "jsonl"
    (example,) = load_split(tmp_path, "dev")
    assert example.tags[:4] == ("O", "O", "B-order_id", "O")  # the order id is one token
    assert [(text[s:e], kind) for s, e, kind in spans_of(example)] == [
        ("XH202611250001", "order_id"),
        ("北京市朝阳区", "address"),
    ]


def test_a_slot_cutting_a_word_grows_to_the_word_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    record = {"text": "买iPhone15", "intent": "buy", "slots": [{"start": 1, "end": 7, "type": "product"}]}
    (tmp_path / "train.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kefu.nlu.data"):
        (example,) = load_split(tmp_path, "train")
    assert spans_of(example) == [(1, 9, "product")]
    assert "train.jsonl:1" in caplog.text and "extended" in caplog.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"text": "你好", "intent": "chitchat"', "train.jsonl:2: bad JSON"),
        ('["你好"]', "train.jsonl:2: expected a JSON object"),
        ('{"text": "", "intent": "chitchat"}', "train.jsonl:2: 'text' must be"),
        ('{"text": "你好"}', "train.jsonl:2: 'intent' must be"),
        (
            '{"text": "你好", "intent": "a", "slots": [{"start": 1, "end": 5, "type": "x"}]}',
            "0 <= start < end <= 2",
        ),
        (
            '{"text": "你好呀", "intent": "a", "slots": [{"start": 0, "end": 2, "type": "x"}, {"start": 1, "end": 3, "type": "y"}]}',
            "overlaps",
        ),
    ],
)
def test_bad_jsonl_lines_are_named(tmp_path: Path, line: str, expected: str) -> None:
    (tmp_path / "train.jsonl").write_text('{"text": "好", "intent": "a"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_split(tmp_path, "train")
    assert caught.value.code == "nlu_data_invalid" and expected in caught.value.message


def test_mismatched_jointbert_files(tmp_path: Path) -> None:
    jointbert(tmp_path, ["a b", "c"], ["O O", "O O"], ["x", "y"])
    with pytest.raises(InvalidInput) as caught:
        load_split(tmp_path, "train")
    assert caught.value.message.endswith("seq.out:2: 2 tags for 1 tokens in seq.in")
    jointbert(tmp_path, ["a b", "c"], ["O O"], ["x", "y"], split="dev")
    with pytest.raises(InvalidInput, match="different line counts"):
        load_split(tmp_path, "dev")
    jointbert(tmp_path, ["a"], ["X-foo"], ["x"], split="test")
    with pytest.raises(InvalidInput, match="is not a BIO tag"):
        load_split(tmp_path, "test")


def test_missing_folders_and_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist") as caught:
        load_split(tmp_path / "nowhere", "train")
    assert caught.value.code == "nlu_data_missing"
    with pytest.raises(InvalidInput, match="no NLU data"):
        load_split(tmp_path, "train")
    jointbert(tmp_path, ["a"], ["O"], ["x"])
    (tmp_path / "train" / "label").unlink()
    with pytest.raises(InvalidInput, match=r"missing NLU data file .*label"):
        load_split(tmp_path, "train")
    (tmp_path / "train.jsonl").write_text('{"text": "a", "intent": "x"}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"missing NLU data file .*test\.jsonl"):
        load_split(tmp_path, "test")
