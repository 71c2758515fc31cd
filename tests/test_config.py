from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kefu.config import load_settings
from kefu.engine.registry import create_engine, engine_arguments
from kefu.errors import ConfigError


def test_defaults_are_the_seeds() -> None:
    settings = load_settings()
    assert (settings.max_batch_size, settings.gpu_memory_fraction) == (32, 0.85)
    assert (settings.inter_op_parallelism, settings.intra_op_parallelism) == (4, 8)
    assert settings.data_dir == Path("./data")
    assert settings.sqlalchemy_url.startswith("sqlite+aiosqlite:///")


def test_environment_and_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kefu.toml"
    config.write_text('precision = "int8"\nmax_batch_size = 4\n[openai]\nmodel = "qwen"\n')
    monkeypatch.setenv("KEFU_CONFIG", str(config))
    monkeypatch.setenv("KEFU_MAX_BATCH_SIZE", "16")  # the environment wins over the file
    settings = load_settings()
    assert (settings.precision, settings.max_batch_size, settings.openai.model) == ("int8", 16, "qwen")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "KEFU_PRECISION",
            "fp8",
            "invalid setting KEFU_PRECISION='fp8': Input should be 'bf16', 'fp16', 'int8' or 'int4'",
        ),
        ("KEFU_GPU_MEMORY_FRACTION", "1.5", "KEFU_GPU_MEMORY_FRACTION='1.5'"),
        ("KEFU_MAX_BATCH_SIZE", "zero", "KEFU_MAX_BATCH_SIZE='zero'"),
    ],
)
def test_invalid_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert expected in error.value.message
    assert "\n" not in error.value.message


def test_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known: fake, llamacpp, openai"):
        create_engine(load_settings(engine="tgi"))


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ConfigError, match="KEFU_SECRET_KEY"):
        load_settings(env="prod", demo_kb=False)
    assert load_settings(env="prod", secret_key="s3cret-of-our-own-" + "x" * 16, demo_kb=False).env == "prod"


def test_parameters_map_onto_llama_server_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kefu.engine.llamacpp.available_cores", lambda: 2)
    flags = engine_arguments(
        load_settings(
            max_batch_size=6,
            intra_op_parallelism=8,
            inter_op_parallelism=1,
            gpu_memory_fraction=0.0,
            context_length=2048,
        )
    )
    assert flags["--parallel"] == 6
    assert flags["--threads"] == 2  # clamped to the cores this process may use
    assert flags["--threads-batch"] == 1
    assert flags["--n-gpu-layers"] == 0
    assert flags["--ctx-size"] == 6 * 2048
    assert flags["--kv-unified-per-slot"] == 2048


def test_parameters_map_onto_vllm_flags() -> None:
    flags = engine_arguments(load_settings(engine="openai", precision="bf16", max_batch_size=64))
    assert flags["--max-num-seqs"] == 64
    assert flags["--dtype"] == "bfloat16"
    assert flags["--gpu-memory-utilization"] == 0.85


def test_cli_config_show_hides_secrets_and_rejects_bad_values(tmp_path: Path) -> None:
    env = {"KEFU_SECRET_KEY": "hunter2-very-secret", "KEFU_OPENAI__API_KEY": "sk-abc", "PATH": ""}
    shown = subprocess.run(
        [sys.executable, "-m", "kefu", "config", "show", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "hunter2" not in shown.stdout and "sk-abc" not in shown.stdout
    assert '"secret_key": "**********"' in shown.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "kefu", "config", "show"],
        env={"KEFU_PRECISION": "fp8"},
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "invalid setting KEFU_PRECISION='fp8': Input should be 'bf16', 'fp16', 'int8' or 'int4'"
    ]
