"""The environment tag of the database, and the settings refused in prod."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kefu.config import load_settings
from kefu.dialog.runtime import open_database
from kefu.errors import ConfigError
from kefu.store.audit import write_signing_key
from kefu.store.database import Database
from kefu.store.environment import check_environment, database_environment

pytestmark = pytest.mark.anyio

SECRET = "s3cret-of-our-own-" + "x" * 16


async def test_first_start_tags_the_database(database: Database) -> None:
    assert await database_environment(database.sessions) is None

    await check_environment(database.sessions, "staging")
    await check_environment(database.sessions, "staging")

    assert await database_environment(database.sessions) == "staging"


async def test_another_environment_is_refused_in_both_languages(database: Database) -> None:
    await check_environment(database.sessions, "prod")

    with pytest.raises(ConfigError) as caught:
        await check_environment(database.sessions, "dev")

    assert "'prod'" in caught.value.message and "KEFU_ENV='dev'" in caught.value.message
    assert "'prod'" in caught.value.message_zh and "环境" in caught.value.message_zh


async def test_open_database_checks_the_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEFU_ENV", raising=False)
    async with open_database(load_settings(data_dir=tmp_path)) as database:
        assert await database_environment(database.sessions) == "dev"

    staging = load_settings(data_dir=tmp_path, env="staging", secret_key=SECRET, demo_kb=False)
    with pytest.raises(ConfigError, match="belongs to environment 'dev'"):
        async with open_database(staging):
            pass


def test_prod_refuses_the_demo_knowledge_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEFU_DEMO_KB", raising=False)
    with pytest.raises(ConfigError, match="KEFU_DEMO_KB"):
        load_settings(env="prod", secret_key=SECRET)

    assert load_settings(env="prod", secret_key=SECRET, demo_kb=False).env == "prod"
    assert load_settings(env="staging", secret_key=SECRET).demo_kb  # trials on staging are fine


def serve(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`kefu serve` as an operator starts it; these starts fail before anything listens."""
    command = [sys.executable, "-m", "kefu", "serve", "--port", "1"]
    return subprocess.run(
        command, env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_a_prod_process_refuses_a_weak_secret_and_a_test_tagged_database(tmp_path: Path) -> None:
    write_signing_key(tmp_path / "keys" / "audit.pem")
    prod = {
        "KEFU_ENV": "prod",
        "KEFU_DATA_DIR": str(tmp_path / "data"),
        "KEFU_DEMO_KB": "false",
        "KEFU_AUDIT_SIGNING_KEY": str(tmp_path / "keys" / "audit.pem"),
        "KEFU_SECRET_KEY": "short-secret",
    }
    weak = serve(prod, tmp_path)
    assert weak.returncode != 0 and "KEFU_SECRET_KEY" in weak.stderr + weak.stdout
    assert "Traceback" not in weak.stderr

    async def tag_as_staging() -> None:  # a test database, left where production looks
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'kefu.db'}")
        await database.migrate()
        await check_environment(database.sessions, "staging")
        await database.aclose()

    (tmp_path / "data").mkdir()
    asyncio.run(tag_as_staging())
    tagged = serve({**prod, "KEFU_SECRET_KEY": "a-production-secret-of-more-than-32-characters"}, tmp_path)
    output = tagged.stderr + tagged.stdout
    assert tagged.returncode != 0 and "staging" in output and "prod" in output
    assert "Traceback" not in output
