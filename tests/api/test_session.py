"""Browser sessions (`/v1/auth/session`, the `kefu_session` cookie and its CSRF rule), the page
routes' access rules, and CORS for the widget on other sites; in-process over a fake engine."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.api.auth import mint_token
from kefu.config import Settings, load_settings
from kefu.engine.fake import FakeEngine
from kefu.store.audit import write_signing_key
from tests.api.envelope import error_of
from tests.conftest import copy_demo_data, echo_facts

SECRET = "a-session-secret-of-at-least-32-characters"
SITE = "https://shop.example.com"


@pytest.fixture(scope="module")
def secured(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Authentication on, one site allowed to embed the widget."""
    data = copy_demo_data(demo_data, tmp_path_factory.mktemp("session") / "data")
    return load_settings(data_dir=data, auth_required=True, secret_key=SECRET, cors_origins=[SITE])


@pytest.fixture(scope="module")
def app_client(secured: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(secured, engine=FakeEngine(echo_facts)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def dev(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Dev defaults: no authentication, no CORS origins configured."""
    settings = load_settings(data_dir=copy_demo_data(demo_data, tmp_path_factory.mktemp("dev") / "data"))
    assert not settings.auth_enabled and settings.cors_origins == []
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def http(app_client: TestClient) -> TestClient:
    app_client.cookies.clear()
    return app_client


def cookie_of(response: Any) -> SimpleCookie:
    cookie: SimpleCookie = SimpleCookie()
    cookie.load(response.headers["set-cookie"])
    return cookie


def sign_in(http: TestClient, credential: str) -> Any:
    response = http.post("/v1/auth/session", json={"token": credential})
    assert response.status_code == 200, response.text
    return response


def test_a_token_becomes_an_httponly_strict_cookie_no_longer_than_the_token(
    http: TestClient, secured: Settings
) -> None:
    credential = mint_token(secured, "ann", "customer", "default", ttl_s=600)
    response = sign_in(http, credential)
    assert response.json()["subject"] == "ann" and response.json()["role"] == "customer"
    morsel = cookie_of(response)["kefu_session"]
    assert morsel.value == credential
    assert morsel["httponly"] and morsel["samesite"] == "strict" and morsel["path"] == "/"
    assert not morsel["secure"]  # dev: plain http on loopback
    assert 590 <= int(morsel["max-age"]) <= 600
    me = http.get("/v1/auth/whoami")  # the cookie alone authenticates
    assert me.status_code == 200 and me.json()["subject"] == "ann"


def test_an_api_key_session_lasts_the_configured_time(http: TestClient, secured: Settings) -> None:
    admin = {"Authorization": f"Bearer {mint_token(secured, 'ops', 'admin', 'default')}"}
    key = http.post("/v1/auth/keys", json={"role": "agent"}, headers=admin).json()["key"]
    morsel = cookie_of(sign_in(http, key))["kefu_session"]
    assert int(morsel["max-age"]) == secured.session_max_age_s
    assert http.get("/v1/agent/queue").status_code == 200


@pytest.mark.parametrize("credential", ["not-a-token", "kefu_000000000000_guess"])
def test_a_bad_token_gets_no_cookie(http: TestClient, credential: str) -> None:
    response = http.post("/v1/auth/session", json={"token": credential})
    assert response.status_code == 401 and "set-cookie" not in response.headers
    error_of(http.get("/v1/auth/whoami"), 401, "missing_credentials")


@pytest.mark.parametrize("credential", ["令牌", "a b", "x;Path=/evil", " padded "])
def test_a_token_that_could_not_be_a_cookie_is_422(dev: TestClient, credential: str) -> None:
    response = dev.post("/v1/auth/session", json={"token": credential})  # even in dev, where any token goes
    error_of(response, 422, "validation_error")
    assert "set-cookie" not in response.headers


def test_an_expired_token_gets_no_cookie(http: TestClient, secured: Settings) -> None:
    expired = mint_token(secured, "ann", "customer", "default", ttl_s=-120)
    error_of(http.post("/v1/auth/session", json={"token": expired}), 401, "token_expired")


def test_signing_out_clears_the_cookie(http: TestClient, secured: Settings) -> None:
    sign_in(http, mint_token(secured, "ann", "customer", "default"))
    response = http.delete("/v1/auth/session")
    assert response.status_code == 204
    assert int(cookie_of(response)["kefu_session"]["max-age"]) == 0
    error_of(http.get("/v1/auth/whoami"), 401, "missing_credentials")


def test_cookie_requests_that_change_things_must_come_from_kefus_own_origin(
    http: TestClient, secured: Settings
) -> None:
    sign_in(http, mint_token(secured, "ann", "customer", "default"))
    forged = http.post("/v1/conversations", json={}, headers={"Origin": "https://evil.example"})
    error_of(forged, 403, "cross_origin_forbidden")
    assert http.post("/v1/conversations", json={}, headers={"Origin": "http://testserver"}).status_code == 201
    assert http.post("/v1/conversations", json={}).status_code == 201  # no Origin: not a browser's cross-site form
    assert http.get("/v1/auth/whoami", headers={"Origin": "https://evil.example"}).status_code == 200  # reads
    # A bearer token is not sent by browsers on their own: no origin rule for it.
    bearer = {"Authorization": f"Bearer {mint_token(secured, 'ben', 'customer', 'default')}", "Origin": SITE}
    http.cookies.clear()
    assert http.post("/v1/conversations", json={}, headers=bearer).status_code == 201


def test_another_site_cannot_sign_a_browser_in(http: TestClient, secured: Settings) -> None:
    credential = mint_token(secured, "mallory", "customer", "default")
    response = http.post("/v1/auth/session", json={"token": credential}, headers={"Origin": "https://evil.example"})
    error_of(response, 403, "cross_origin_forbidden")
    assert "set-cookie" not in response.headers


def test_the_cookie_is_secure_outside_dev(tmp_path: Path) -> None:
    write_signing_key(tmp_path / "keys" / "audit.pem")
    settings = load_settings(
        env="staging",
        secret_key=SECRET,
        data_dir=tmp_path / "data",
        demo_kb=False,
        audit_signing_key=tmp_path / "keys" / "audit.pem",
    )
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts)), base_url="https://testserver") as http:
        response = sign_in(http, mint_token(settings, "ann", "customer", "default", ttl_s=60))
        assert cookie_of(response)["kefu_session"]["secure"]


# -- pages --------------------------------------------------------------------------------------

PAGES = {
    "customer": {"/chat": 200, "/agent": 403, "/admin": 403},
    "agent": {"/chat": 403, "/agent": 200, "/admin": 403},
    "agent_privileged": {"/chat": 403, "/agent": 200, "/admin": 403},
    "kb_editor": {"/chat": 403, "/agent": 403, "/admin": 200},
    "auditor": {"/chat": 403, "/agent": 403, "/admin": 200},
    "admin": {"/chat": 200, "/agent": 200, "/admin": 200},
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_each_role_opens_its_own_pages_only(http: TestClient, secured: Settings, role: str) -> None:
    sign_in(http, mint_token(secured, f"{role}-1", role, "default"))
    for path, status in PAGES[role].items():
        response = http.get(path)
        assert response.status_code == status, f"{role} {path}"
        assert response.headers["content-type"].startswith("text/html")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        if status == 403:
            assert role in response.text and "无权访问" in http.get(path, headers={"Accept-Language": "zh"}).text


def test_without_a_session_pages_send_the_browser_to_login(http: TestClient) -> None:
    for path in ("/chat", "/agent", "/admin?tab=kb"):
        response = http.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=" + path.replace("?", "%3F").replace("=", "%3D")
    login = http.get("/login?next=//evil.example/x")
    assert login.status_code == 200 and 'data-next="/chat"' in login.text  # only paths of this server
    assert http.get("/v1/kb", headers={"Authorization": "Bearer x"}).status_code == 401  # the API is unchanged


def test_without_authentication_every_page_is_open(dev: TestClient) -> None:
    for path in ("/chat", "/agent", "/admin", "/login"):
        response = dev.get(path, follow_redirects=False)
        assert response.status_code == 200 and "<main" in response.text, path
    script = dev.get("/widget.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "mountFloating" in script.text
    vendored = dev.get("/static/vendor/dompurify/purify.es.js")
    assert vendored.status_code == 200 and "javascript" in vendored.headers["content-type"]


# -- CORS ---------------------------------------------------------------------------------------


def preflight(http: TestClient, origin: str) -> Any:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    return http.options("/v1/conversations", headers=headers)


def test_the_configured_site_may_call_the_api_from_a_browser(http: TestClient) -> None:
    allowed = preflight(http, SITE)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in allowed.headers  # cookies never cross origins
    refused = preflight(http, "https://evil.example")
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    answered = http.get("/healthz", headers={"Origin": SITE})
    assert answered.headers["access-control-allow-origin"] == SITE


def test_dev_allows_local_pages_by_default(dev: TestClient) -> None:
    local = "http://localhost:5173"
    assert preflight(dev, local).headers["access-control-allow-origin"] == local
    assert "access-control-allow-origin" not in preflight(dev, "https://shop.example.com").headers


@pytest.mark.parametrize("origins", [["shop.example.com"], ["https://shop.example.com/path"], ["ftp://x"]])
def test_cors_origins_must_be_origins(origins: list[str]) -> None:
    with pytest.raises(Exception, match="KEFU_CORS_ORIGINS"):
        load_settings(cors_origins=origins)


def test_the_fake_engine_is_for_dev_only() -> None:
    assert load_settings(engine="fake").engine == "fake"
    with pytest.raises(Exception, match="dev only"):
        load_settings(engine="fake", env="staging", secret_key=SECRET, demo_kb=False)


def test_session_expiry_is_reported(http: TestClient, secured: Settings) -> None:
    body = sign_in(http, mint_token(secured, "ann", "customer", "default", ttl_s=300)).json()
    expires = datetime.fromisoformat(body["expires_at"]).timestamp()
    assert abs(expires - (time.time() + 300)) < 30
