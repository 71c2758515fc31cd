"""The read-only settings view: every setting is shown except secrets. Every setting whose type is
a secret or whose name looks secret gets a recognisable value here (a new one fails the test until
it does), and none of those values may come back, nor any field that looks secret unredacted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from pydantic import BaseModel, SecretStr

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.api.settings_view import REDACTED, looks_secret, redact_text, redacted_settings
from kefu.config import Settings, load_settings
from kefu.engine.fake import FakeEngine
from kefu.store.audit import write_signing_key
from tests.api.envelope import error_of
from tests.api.test_auth import AUDIENCE, SECRET, bearer
from tests.conftest import copy_demo_data, echo_facts

SETTINGS = "/v1/admin/settings"
# Broader than the code's rule on purpose: what a reviewer would call a secret by its name.
SECRET_NAME = re.compile(
    r"key|secret|passw|pwd|token(?!s)|credential|dsn|signing|private|cert", re.IGNORECASE
)
SENTINEL = "sentinel-"  # every secret value below contains it


def secret_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The dotted names of the settings that hold secrets, by type or by name."""
    found = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        types = {info.annotation, *get_args(info.annotation)}
        nested = [t for t in types if isinstance(t, type) and issubclass(t, BaseModel)]
        if nested:
            found |= secret_paths(nested[0], f"{path}.")
        elif SecretStr in types or SECRET_NAME.search(name):
            found.add(path)
    return found


@pytest.fixture(scope="module")
def secrets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A value for every secret setting, each containing SENTINEL (key files are real files)."""
    folder = tmp_path_factory.mktemp(SENTINEL + "keys")
    signing = folder / f"{SENTINEL}audit.pem"
    write_signing_key(signing)
    public = folder / f"{SENTINEL}public.pem"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    public.write_bytes(
        key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return {
        "secret_key": SECRET + SENTINEL,
        "openai.api_key": f"{SENTINEL}openai-key",
        "embedding.api_key": f"{SENTINEL}embedding-key",
        "milvus.token": f"{SENTINEL}milvus-token",
        "audit_signing_key": signing,
        "auth_public_key": public,
    }


@pytest.fixture(scope="module")
def http(
    secrets: dict[str, Any], demo_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, Settings]]:
    nested: dict[str, dict[str, Any]] = {}
    flat: dict[str, Any] = {}
    for path, value in secrets.items():
        group, dot, name = path.partition(".")
        if dot:
            nested.setdefault(group, {})[name] = value
        else:
            flat[path] = value
    nested["openai"]["base_url"] = f"http://kefu:{SENTINEL}pw@llm.internal:8000/v1"
    nested["milvus"]["uri"] = f"http://milvus.internal:19530/?token={SENTINEL}uri-token"
    settings = load_settings(
        auth_required=True,
        auth_audience=AUDIENCE,
        data_dir=copy_demo_data(demo_data, tmp_path_factory.mktemp("settings") / "data"),
        **flat,
        **nested,
    )
    with TestClient(
        create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False
    ) as client:
        yield client, settings


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from walk(inner, f"{path}.{key}" if path else key)
    else:
        yield path, value


def test_every_secret_setting_is_covered_by_this_test(secrets: dict[str, Any]) -> None:
    missing = secret_paths(Settings) - set(secrets)
    assert not missing, f"give these new secret settings a {SENTINEL} value in `secrets`: {sorted(missing)}"


def test_no_secret_comes_back(http: tuple[TestClient, Settings], secrets: dict[str, Any]) -> None:
    client, settings = http
    response = client.get(SETTINGS, headers=bearer(mint_token(settings, "ops", "admin", "default")))
    assert response.status_code == 200, response.text
    assert SENTINEL not in response.text
    body = response.json()
    view = body["settings"]
    for path, value in walk(view):
        if SECRET_NAME.search(path.rsplit(".", 1)[-1]):
            assert value in (None, REDACTED), f"{path} is shown unredacted: {value!r}"
    assert set(secrets) <= set(body["redacted"])
    assert view["openai"]["base_url"] == f"http://kefu:{REDACTED}@llm.internal:8000/v1"
    assert view["milvus"]["uri"] == f"http://milvus.internal:19530/?token={REDACTED}"
    # Everything else is shown as it is: the view is useful, not blank.
    assert set(view) == set(Settings.model_fields)
    assert view["max_batch_size"] == settings.max_batch_size and view["env"] == "dev"
    assert view["llamacpp"]["kv_cache_tokens"] == settings.llamacpp.kv_cache_tokens
    assert view["max_reply_tokens"] == settings.max_reply_tokens and view["auth_audience"] == AUDIENCE
    assert view["data_dir"] == str(settings.data_dir)


def test_only_admins_read_the_settings(http: tuple[TestClient, Settings]) -> None:
    client, settings = http
    for role in ("customer", "agent", "agent_privileged", "kb_editor", "auditor"):
        headers = bearer(mint_token(settings, "x", role, "default"))
        error_of(client.get(SETTINGS, headers=headers), 403, "insufficient_scope")
    error_of(client.get(SETTINGS), 401, "missing_credentials")
    narrowed = bearer(mint_token(settings, "ops", "admin", "default", scope="kb:read"))
    error_of(client.get(SETTINGS, headers=narrowed), 403, "insufficient_scope")


def test_database_urls_and_other_strings_lose_their_passwords(tmp_path: Path) -> None:
    dsn = f"postgresql+asyncpg://kefu:{SENTINEL}db@db.internal:5432/kefu"
    view, redacted = redacted_settings(
        load_settings(data_dir=tmp_path, database_url=dsn, otel_endpoint=f"https://u:{SENTINEL}@otel:4318")
    )
    assert view["database_url"] == f"postgresql+asyncpg://kefu:{REDACTED}@db.internal:5432/kefu"
    assert view["otel_endpoint"] == f"https://u:{REDACTED}@otel:4318"
    assert {"database_url", "otel_endpoint"} <= set(redacted) and SENTINEL not in repr(view)
    assert redact_text("sqlite+aiosqlite:///data/kefu.db") == "sqlite+aiosqlite:///data/kefu.db"
    assert redact_text("http://host/x?a=1&password=p&b=2") == f"http://host/x?a=1&password={REDACTED}&b=2"
    assert (
        redact_text("postgresql://kefu@db/kefu") == "postgresql://kefu@db/kefu"
    )  # no password: nothing to hide


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("secret_key", True),
        ("api_key", True),
        ("token", True),
        ("audit_signing_key", True),
        ("db_password", True),
        ("kv_cache_tokens", False),
        ("max_reply_tokens", False),
        ("chunk_overlap_tokens", False),
        ("keyword_boost", False),
        ("auth_jwks_url", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert looks_secret(name) is secret
