"""`kefu auth ...`: keys made on the command line open (and, once revoked, close) the API."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kefu.api.app import create_app
from kefu.cli import app
from kefu.config import load_settings
from kefu.engine.fake import FakeEngine
from tests.conftest import echo_facts

SECRET = "cli-test-secret-of-at-least-32-characters"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "KEFU_DATA_DIR": str(tmp_path / "data"),
        "KEFU_DEMO_KB": "false",
        "KEFU_SECRET_KEY": SECRET,
        "KEFU_AUTH_REQUIRED": "true",
    }


def kefu(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_keys_from_the_cli_open_and_close_the_api(env: dict[str, str], tmp_path: Path) -> None:
    code, out = kefu(
        env, "auth", "create-key", "--role", "kb_editor", "--tenant", "acme", "--name", "ci", "--json"
    )
    assert code == 0, out
    created = json.loads(out)
    assert created["key"].startswith(f"kefu_{created['id']}_") and created["tenant"] == "acme"

    code, out = kefu(env, "auth", "list-keys", "--json")
    listed = json.loads(out)
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]
    assert created["key"] not in kefu(env, "auth", "list-keys")[1]

    settings = load_settings(data_dir=tmp_path / "data", demo_kb=False, secret_key=SECRET, auth_required=True)
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts))) as http:
        headers = {"X-API-Key": created["key"]}
        assert http.get("/v1/kb", headers=headers).status_code == 200
        code, out = kefu(env, "auth", "revoke-key", created["id"])
        assert code == 0 and "revoked" in out
        assert http.get("/v1/kb", headers=headers).status_code == 401
    assert json.loads(kefu(env, "auth", "list-keys", "--json")[1])[0]["revoked_at"] is not None


def test_token_is_a_signed_jwt_the_api_accepts(env: dict[str, str], tmp_path: Path) -> None:
    code, out = kefu(
        env, "auth", "token", "--role", "agent", "--tenant", "acme", "--sub", "ada", "--ttl", "60"
    )
    assert code == 0, out
    minted = out.strip()
    claims = jwt.decode(minted, SECRET, algorithms=["HS256"])
    assert (claims["sub"], claims["role"], claims["tenant"]) == ("ada", "agent", "acme")
    assert claims["exp"] - claims["iat"] == 60
    settings = load_settings(data_dir=tmp_path / "data", demo_kb=False, secret_key=SECRET, auth_required=True)
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts))) as http:
        me = http.get("/v1/auth/whoami", headers={"Authorization": f"Bearer {minted}"}).json()
    assert (me["subject"], me["tenant"]) == ("ada", "acme")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-key", "--role", "root", "--tenant", "acme"], "Unknown role"),
        (["create-key", "--role", "agent", "--tenant", "a/b"], "Invalid tenant"),
        (["create-key", "--role", "customer", "--scope", "kb:write"], "belongs to role"),
        (["token", "--role", "wizard", "--sub", "x"], "Unknown role"),
        (["token", "--role", "agent", "--tenant", "-x", "--sub", "x"], "Invalid tenant"),
    ],
)
def test_bad_roles_and_tenants_exit_2(env: dict[str, str], args: list[str], message: str) -> None:
    code, out = kefu(env, "auth", *args)
    assert code == 2
    assert message in out


def test_revoking_an_unknown_key_fails(env: dict[str, str]) -> None:
    code, out = kefu(env, "auth", "revoke-key", "nope")
    assert code == 1 and "key_not_found" in out
