"""The `kefu` command with the real model (each call starts llama-server: a few seconds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kefu.config import Settings

pytestmark = pytest.mark.model


def kefu(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kefu", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ask_json_has_the_messages_endpoint_fields(tmp_path: Path) -> None:
    done = kefu("ask", "你们支持七天无理由退货吗？", "--json", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    turn = json.loads(done.stdout)
    assert {
        "conversation_id",
        "message_id",
        "reply",
        "route",
        "citations",
        "intent",
        "slots",
        "handoff",
        "latency_ms",
    } <= set(turn)
    assert turn["route"] == "faq" and "7天" in turn["reply"]


def test_ask_refuses_an_unknown_kb_and_empty_text(tmp_path: Path) -> None:
    unknown = kefu("ask", "你好", "--kb", "finance", data_dir=tmp_path)
    assert unknown.returncode == 1 and "kb_not_found" in unknown.stderr and "Traceback" not in unknown.stderr
    empty = kefu("ask", "  ", data_dir=tmp_path)
    assert empty.returncode == 1 and "empty_text" in empty.stderr


def test_chat_keeps_a_multi_turn_conversation(tmp_path: Path) -> None:
    done = kefu("chat", data_dir=tmp_path, stdin="你好\n满多少钱包邮？\n我要转人工\nexit\n")
    assert done.returncode == 0, done.stderr
    assert "99" in done.stdout and "(handoff" in done.stdout and "(chitchat" in done.stdout


def test_chat_debug_shows_route_intent_slots_and_state(tmp_path: Path) -> None:
    done = kefu("chat", "--debug", data_dir=tmp_path, stdin="帮我查下 XH202611220003 的快递\n转人工\nexit\n")
    assert done.returncode == 0, done.stderr
    assert "route=task intent=logistics" in done.stdout
    assert '"order_id": "XH202611220003"' in done.stdout and "task=logistics" in done.stdout
    assert "route=handoff intent=human_agent" in done.stdout and "handoff=explicit" in done.stdout
    assert "state: form=None failed_turns=" in done.stdout


def test_model_info_shows_name_quantization_context_hash_parameters(tmp_path: Path) -> None:
    done = kefu("model", "info", "--json", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["quantization"] == "Q4_K_M" and info["context_length"] == Settings().context_length
    assert info["sha256"] == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert info["name"].startswith("Qwen2.5") and info["parameters"]["parallel"] == 32
    assert 1.4e9 < info["parameters"]["parameters"] < 1.9e9
