"""A real model trained on the tiny data set: it learns, it round-trips through its directory, it
predicts exact spans, it says `none` out of scope, and its directory is written whole or not at all."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import torch

from kefu.config import load_settings
from kefu.errors import NotFound
from kefu.nlu import DEMO_MODEL_DIR, NluModel, NluModelError, resolve_model_dir
from kefu.nlu.evaluate import evaluate_split
from kefu.nlu.train import calibrate_keep_share, calibrate_with_oos, train
from tests.nlu.conftest import TINY_OPTIONS


def test_the_model_learns_the_tiny_set(tiny_model_dir: Path, tiny_data: Path) -> None:
    report = evaluate_split(tiny_model_dir, tiny_data, "test")
    assert report["intent_accuracy"] >= 0.85
    assert report["slot_f1"] is not None and report["slot_f1"] >= 0.8
    assert report["utterances"] == 12 and report["oos_utterances"] == 1


def test_model_directory_contents(tiny_model_dir: Path) -> None:
    assert sorted(p.name for p in tiny_model_dir.iterdir()) == [
        "config.json",
        "labels.json",
        "model.pt",
        "vocab.json",
    ]
    config = json.loads((tiny_model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["oos_label"] == "oos" and 0.0 <= config["threshold"] <= 1.0
    assert config["training"]["seed"] == TINY_OPTIONS.seed and config["training"]["best_epoch"] >= 1
    labels = json.loads((tiny_model_dir / "labels.json").read_text(encoding="utf-8"))
    assert labels["tags"][0] == "O" and "B-order_id" in labels["tags"]
    assert isinstance(torch.load(tiny_model_dir / "model.pt", weights_only=True), dict)


def test_predict_gives_exact_spans_of_unseen_values(tiny_model: NluModel) -> None:
    text = "帮我查下 xh202699990001 的物流"
    prediction = tiny_model.predict(text)
    assert prediction.intent == "logistics" and 0.0 < prediction.confidence <= 1.0
    assert [(s.type, s.value) for s in prediction.slots] == [("order_id", "xh202699990001")]
    assert all(text[s.start : s.end] == s.value for s in prediction.slots)
    record = prediction.record()
    assert set(record) == {"intent", "confidence", "slots"}
    assert set(record["slots"][0]) == {"type", "value", "start", "end"}
    assert prediction.scores[0][0] == "logistics"


def test_out_of_scope_and_low_confidence_become_none(tiny_model: NluModel, tiny_model_dir: Path) -> None:
    assert tiny_model.predict("明天天气怎么样").intent == "none"  # the oos class
    assert tiny_model.predict("   ").intent == "none"
    strict = NluModel.load(tiny_model_dir)
    strict.threshold = 1.01
    assert strict.predict("我的订单XH202611250001到哪了").intent == "none"


def test_concurrent_predictions_equal_sequential_ones(tiny_model: NluModel) -> None:
    texts = ["订单XH202611250001到哪了", "地址改成上海市浦东新区世纪大道100号", "你好", "讲个笑话"] * 10
    expected = [tiny_model.predict(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tiny_model.predict, texts)) == expected


def test_training_is_reproducible_with_a_seed(tiny_data: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    train(tiny_data, tmp_path / "again", TINY_OPTIONS)
    first = torch.load(tiny_model_dir / "model.pt", weights_only=True)
    second = torch.load(tmp_path / "again" / "model.pt", weights_only=True)
    assert first.keys() == second.keys() and all(torch.equal(first[k], second[k]) for k in first)


def test_a_failed_save_leaves_the_old_model_and_no_debris(
    tiny_model: NluModel, tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "model"
    shutil.copytree(tiny_model_dir, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        tiny_model.save(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["model"]
    monkeypatch.undo()
    tiny_model.save(target)  # and a good save replaces it
    assert [p.name for p in tmp_path.iterdir()] == ["model"] and NluModel.load(target).predict("你好").intent


def test_loading_a_missing_or_broken_model_is_a_clear_error(tiny_model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="not found"):
        NluModel.load(tmp_path / "nowhere")
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "vocab.json").unlink()
    with pytest.raises(NluModelError, match=r"incomplete: missing vocab\.json"):
        NluModel.load(broken)
    shutil.copy(tiny_model_dir / "vocab.json", broken)
    (broken / "model.pt").write_bytes(b"not a torch file")
    with pytest.raises(NluModelError, match="corrupt"):
        NluModel.load(broken)
    shutil.copy(tiny_model_dir / "model.pt", broken)
    (broken / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(NluModelError, match="corrupt: JSONDecodeError"):
        NluModel.load(broken)


def test_the_settings_choose_the_model() -> None:
    assert resolve_model_dir(load_settings()) == DEMO_MODEL_DIR
    assert resolve_model_dir(load_settings(nlu_model=Path("/models/nlu"))) == Path("/models/nlu")


def test_calibration_by_kept_share() -> None:
    confidences = [0.2, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99]
    assert calibrate_keep_share(confidences, 0.9) == 0.5  # 9 of 10 at or above
    assert calibrate_keep_share(confidences, 1.0) == 0.2


def test_calibration_with_an_out_of_scope_label() -> None:
    gold = ["a", "a", "b", "oos", "oos"]
    predicted = ["a", "a", "b", "a", "oos"]
    confidences = [0.9, 0.8, 0.6, 0.5, 0.7]
    # 0.6 keeps every in-scope answer and sends the wrong 'a' (0.5) to none: both scores perfect
    assert calibrate_with_oos(gold, predicted, confidences, "oos") == 0.6
