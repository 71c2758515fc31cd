"""The name model: Chinese names that no cue word announces, and ordinary words left alone."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kefu.errors import ConfigError
from kefu.safety.names import DEFAULT_MODEL_DIR, NameModel, candidates, lexicon, shipped_model
from kefu.safety.pii import detect_pii


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("请转告范思远明天来取货", "范思远"),
        ("刚才丁浩然打电话说快递到了", "丁浩然"),
        ("这单是柯雨萱帮我下的，能退吗", "柯雨萱"),
    ],
)
def test_a_name_without_a_cue_word_is_found(text: str, name: str) -> None:
    assert [e.value for e in detect_pii(text) if e.type == "person"] == [name]
    assert not [e for e in detect_pii(text, model_names=False) if e.type == "person"]  # the cue rules miss it


@pytest.mark.parametrize(
    "text",
    ["我很高兴，方便的话明天送", "王府井那家店还开吗", "周末能送到江苏吗", "黄金多少钱一克", "马上要用，白色那款有货吗"],
)
def test_words_that_start_with_a_surname_are_not_names(text: str) -> None:
    assert detect_pii(text) == []


def test_candidates_are_a_surname_and_one_or_two_chinese_characters() -> None:
    lex = lexicon()
    found = {("".join((c.surname, c.given))) for c in candidates("欧阳明说，请找王芳B座", lex)}
    assert {"欧阳明", "欧阳明说", "王芳"} <= found
    assert not any(name.startswith("王芳B") for name in found)  # Chinese characters only
    assert "明天" not in {c.surname + c.given for c in candidates("明天到", lex)}  # a common word


def test_the_shipped_model_is_small_plain_data_and_versioned() -> None:
    files = {path.name: path for path in DEFAULT_MODEL_DIR.iterdir()}
    assert set(files) == {"model.json", "weights.npz"}
    assert sum(path.stat().st_size for path in files.values()) < 1024 * 1024
    meta = json.loads(files["model.json"].read_text(encoding="utf-8"))
    assert meta["format"] == "kefu-name-model" and meta["version"] == 1 and 0.5 <= meta["threshold"] < 1
    with zipfile.ZipFile(files["weights.npz"]) as archive:
        assert sorted(archive.namelist()) == ["coef.npy", "intercept.npy"]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    shipped_model().save(tmp_path)
    again = NameModel.load(tmp_path)
    assert again.threshold == shipped_model().threshold
    assert again.find("让邹丽欢给我回个电话", []) == shipped_model().find("让邹丽欢给我回个电话", [])


def test_a_broken_model_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be loaded"):
        NameModel.load(tmp_path)
    (tmp_path / "model.json").write_text('{"format": "kefu-name-model", "version": 1, "threshold": 0.5}')
    np.savez(tmp_path / "weights.npz", coef=np.zeros(3), intercept=np.float32(0))
    with pytest.raises(ConfigError, match="coefficients"):
        NameModel.load(tmp_path)
