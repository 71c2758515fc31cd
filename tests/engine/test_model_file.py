from __future__ import annotations

from pathlib import Path

import pytest

from kefu.config import Settings
from kefu.engine.model_file import file_sha256, inspect_gguf
from kefu.errors import ModelFileError


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="model file not found"):
        inspect_gguf(tmp_path / "absent.gguf")


def test_not_gguf(tmp_path: Path) -> None:
    path = tmp_path / "x.gguf"
    path.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelFileError, match="not GGUF"):
        inspect_gguf(path)


def test_truncated_real_model(tmp_path: Path) -> None:
    model = Settings().model_path
    if not model.is_file():
        pytest.fail(f"run `make install` first: {model} is missing")
    path = tmp_path / "truncated.gguf"
    with model.open("rb") as f:
        path.write_bytes(f.read(8_000_000))
    with pytest.raises(ModelFileError, match=r"corrupt or truncated|truncated"):
        inspect_gguf(path)


def test_real_model_summary() -> None:
    summary = inspect_gguf(Settings().model_path)
    assert summary.architecture == "qwen2"
    assert summary.quantization == "Q4_K_M"
    assert summary.precision == "int4"
    assert summary.has_chat_template
    assert 1.4e9 < summary.parameters < 1.9e9


def test_sha256_of_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    assert file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
