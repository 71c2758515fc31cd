"""Authentication and authorisation over HTTP: every route has a decision (public or a scope),
every role is allowed or refused accordingly, and bad tokens and revoked keys get 401."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from kefu.api.app import create_app
from kefu.api.auth import TokenVerifier, Unauthorized, current_principal, mint_token
from kefu.config import Settings, load_settings
from kefu.engine.fake import FakeEngine
from kefu.errors import ConfigError
from kefu.store.audit import write_signing_key
from kefu.store.auth_models import (
    AGENT,
    ANNOTATE,
    AUDIT_READ,
    CHAT,
    CONVERSATIONS_READ,
    KB_READ,
    KB_WRITE,
    KEYS_MANAGE,
    PII_READ,
    ROLE_SCOPES,
    SETTINGS_READ,
)
from tests.api.envelope import error_of
from tests.conftest import copy_demo_data, echo_facts

SECRET = "a-test-secret-of-at-least-32-characters!"
AUDIENCE = "kefu-api"
PUBLIC = "public"
AUTHENTICATED = "authenticated"  # any valid credential, no scope

# Every route of the app and what it needs. A new route fails `test_every_route_has_a_decision`
# until it is added here: nobody ships an endpoint without deciding who may call it.
DECISIONS: dict[tuple[str, str], str] = {
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    # Prometheus scrapes without a credential, as scrapers usually do; the route itself serves only
    # clients in KEFU_METRICS_ALLOWED_NETWORKS (loopback and private ranges by default), since the
    # numbers (volumes, rates, hosts) are for operators, not customers (docs/monitoring.md).
    ("GET", "/metrics"): PUBLIC,
    ("POST", "/generate"): CHAT,
    ("POST", "/v1/conversations"): CHAT,
    ("POST", "/v1/conversations/{conversation_id}/messages"): CHAT,
    ("GET", "/v1/conversations/{conversation_id}"): CHAT,
    ("GET", "/v1/conversations/{conversation_id}/events"): CHAT,
    ("POST", "/v1/conversations/{conversation_id}/callback"): CHAT,
    ("GET", "/v1/conversations/{conversation_id}/handoff"): CHAT,
    ("POST", "/v1/conversations/{conversation_id}/messages/{message_id}/feedback"): CHAT,
    ("POST", "/v1/conversations/{conversation_id}/attachments"): CHAT,
    ("GET", "/v1/conversations/{conversation_id}/attachments/{attachment_id}"): CHAT,
    ("GET", "/v1/agent/conversations/{conversation_id}/attachments/{attachment_id}"): AGENT,
    ("GET", "/v1/agent/queue"): AGENT,
    ("GET", "/v1/agent/callbacks"): AGENT,
    ("GET", "/v1/agent/conversations/{conversation_id}"): AGENT,
    ("GET", "/v1/agent/conversations/{conversation_id}/events"): AGENT,
    ("POST", "/v1/agent/conversations/{conversation_id}/claim"): AGENT,
    ("POST", "/v1/agent/conversations/{conversation_id}/messages"): AGENT,
    ("POST", "/v1/agent/conversations/{conversation_id}/release"): AGENT,
    ("POST", "/v1/agent/conversations/{conversation_id}/close"): AGENT,
    ("GET", "/v1/agent/conversations/{conversation_id}/revealed"): f"{AGENT} {PII_READ}",  # both scopes
    ("POST", "/v1/agent/conversations/{conversation_id}/suggest"): AGENT,
    ("GET", "/v1/kb"): KB_READ,
    ("POST", "/v1/kb"): KB_WRITE,
    ("GET", "/v1/kb/{name}"): KB_READ,
    ("DELETE", "/v1/kb/{name}"): KB_WRITE,
    ("POST", "/v1/kb/{name}/documents"): KB_WRITE,
    ("DELETE", "/v1/kb/{name}/documents/{file_name}"): KB_WRITE,
    ("POST", "/v1/kb/{name}/search"): KB_READ,
    ("GET", "/v1/kb/{name}/export"): KB_READ,
    ("GET", "/v1/kb/{name}/faqs"): KB_READ,
    ("GET", "/v1/kb/{name}/faqs/{faq_id}"): KB_READ,
    ("PUT", "/v1/kb/{name}/faqs/{faq_id}"): KB_WRITE,
    ("POST", "/v1/kb/{name}/faqs/{faq_id}/versions/{version}/approve"): KB_WRITE,
    ("POST", "/v1/kb/{name}/faqs/{faq_id}/versions/{version}/retire"): KB_WRITE,
    ("GET", "/v1/models"): CHAT,
    ("POST", "/v1/chat/completions"): CHAT,
    ("GET", "/v1/auth/whoami"): AUTHENTICATED,
    # The body's token is checked as the Authorization header would be (401, rate limits).
    ("POST", "/v1/auth/session"): PUBLIC,
    ("DELETE", "/v1/auth/session"): PUBLIC,
    # Pages and the widget's loader. A page checks the session cookie and the role itself
    # (kefu.web.pages): no session → 303 to /login, a role it is not for → a 403 page.
    ("GET", "/"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("GET", "/chat"): PUBLIC,
    ("GET", "/agent"): PUBLIC,
    ("GET", "/admin"): PUBLIC,
    ("GET", "/admin/kb"): PUBLIC,
    ("GET", "/admin/faqs"): PUBLIC,
    ("GET", "/admin/conversations"): PUBLIC,
    ("GET", "/admin/annotations"): PUBLIC,
    ("GET", "/admin/analytics"): PUBLIC,
    ("GET", "/admin/audit"): PUBLIC,
    ("GET", "/admin/settings"): PUBLIC,
    ("GET", "/widget.js"): PUBLIC,
    ("GET", "/v1/auth/keys"): KEYS_MANAGE,
    ("POST", "/v1/auth/keys"): KEYS_MANAGE,
    ("DELETE", "/v1/auth/keys/{key_id}"): KEYS_MANAGE,
    ("POST", "/v1/safety/check"): AUTHENTICATED,
    ("GET", "/v1/audit/verify"): AUDIT_READ,
    ("GET", "/v1/audit/export"): AUDIT_READ,
    ("GET", "/v1/audit/entries"): AUDIT_READ,
    ("GET", "/v1/admin/conversations"): CONVERSATIONS_READ,
    ("GET", "/v1/admin/conversations/{conversation_id}"): CONVERSATIONS_READ,
    ("GET", "/v1/admin/analytics"): CONVERSATIONS_READ,
    ("GET", "/v1/admin/settings"): SETTINGS_READ,
    ("GET", "/v1/admin/annotations"): CONVERSATIONS_READ,
    # Changing the queue needs both: the answers it shows are conversation text.
    ("POST", "/v1/admin/annotations"): f"{ANNOTATE} {CONVERSATIONS_READ}",
    ("POST", "/v1/admin/annotations/collect"): f"{ANNOTATE} {CONVERSATIONS_READ}",
    ("PUT", "/v1/admin/annotations/{annotation_id}"): f"{ANNOTATE} {CONVERSATIONS_READ}",
}


def secured_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Authentication on, as in staging (the demo data is tagged as a dev database, so dev it is)."""
    return load_settings(
        auth_required=True, secret_key=SECRET, auth_audience=AUDIENCE, data_dir=data_dir, **overrides
    )


def token(
    settings: Settings, role: str, tenant: str = "default", sub: str | None = None, /, **claims: Any
) -> str:
    """A valid token of `role`, or one with `claims` changed (to break it)."""
    if not claims:
        return mint_token(settings, sub or f"{role}-1", role, tenant)
    now = int(time.time())
    body = {"sub": sub or f"{role}-1", "role": role, "tenant": tenant, "aud": AUDIENCE, "exp": now + 600}
    return jwt.encode({**body, **claims}, SECRET, algorithm="HS256")


def bearer(credential: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"}


@pytest.fixture(scope="module")
def settings(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return secured_settings(copy_demo_data(demo_data, tmp_path_factory.mktemp("auth") / "data"))


@pytest.fixture(scope="module")
def http(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False) as c:
        yield c


def as_role(settings: Settings, role: str, tenant: str = "default", sub: str | None = None) -> dict[str, str]:
    return bearer(token(settings, role, tenant, sub))


def route_table(app: FastAPI) -> dict[tuple[str, str], str]:
    """(method, path) → what the code demands: public, authenticated, or the scopes it declares."""
    table: dict[tuple[str, str], str] = {}
    for context in iter_route_contexts(app.routes):  # included routers flattened
        route = context.original_route
        path = (context.path or "").replace(":path}", "}")
        for method in sorted(context.methods or ()):
            if method == "HEAD":
                continue
            needed = _declared_scopes(route) if isinstance(route, APIRoute) else None
            if needed is None:
                table[(method, path)] = PUBLIC
            else:
                table[(method, path)] = " ".join(sorted(needed)) or AUTHENTICATED
    return table


def _declared_scopes(route: APIRoute) -> set[str] | None:
    found: set[str] | None = None

    def walk(dependant: Any) -> None:
        nonlocal found
        for dep in dependant.dependencies:
            if dep.call is current_principal:
                found = (found or set()) | set(
                    getattr(dep, "oauth_scopes", None) or dep.own_oauth_scopes or []
                )
            walk(dep)

    walk(route.dependant)
    return found


def test_every_route_has_a_decision(http: TestClient) -> None:
    """The table above is exactly the app's routes, and says what the code enforces."""
    assert isinstance(http.app, FastAPI)
    assert route_table(http.app) == DECISIONS


def concrete(path: str) -> str:
    return (
        path.replace("{conversation_id}", "nope")
        .replace("{name}", "nokb")
        .replace("{file_name}", "a.md")
        .replace("{faq_id}", "q1")
        .replace("{version}", "1")
        .replace("{key_id}", "nokey")
        .replace("{message_id}", "nomessage")
        .replace("{attachment_id}", "noattachment")
        .replace("{annotation_id}", "noannotation")
    )


def call(http: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    body = {"json": {}} if method in ("POST", "PUT") and "/documents" not in path else {}
    return http.request(method, concrete(path), headers=headers, **body)


@pytest.mark.parametrize("role", sorted(ROLE_SCOPES))
def test_role_permission_matrix(http: TestClient, settings: Settings, role: str) -> None:
    headers = as_role(settings, role)
    for (method, path), needed in DECISIONS.items():
        response = call(http, method, path, headers)
        allowed = needed in (PUBLIC, AUTHENTICATED) or set(needed.split()) <= ROLE_SCOPES[role]
        where = f"{role} {method} {path}: {response.status_code} {response.text[:200]}"
        if allowed:
            assert response.status_code not in (401, 403) or response.json()["error"]["code"] not in (
                "insufficient_scope",
                "missing_credentials",
                "invalid_token",
            ), where
        else:
            assert response.status_code == 403, where
            assert response.json()["error"]["code"] == "insufficient_scope", where
            assert "insufficient_scope" in response.headers["WWW-Authenticate"]


def test_no_credentials_is_401_everywhere_but_public_routes(http: TestClient) -> None:
    for (method, path), needed in DECISIONS.items():
        response = call(http, method, path, {})
        if needed == PUBLIC:
            assert response.status_code != 401, path
            continue
        error_of(response, 401, "missing_credentials")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_staging_requires_authentication_by_default(tmp_path: Path) -> None:
    write_signing_key(tmp_path / "keys" / "audit.pem")  # staging wants one, outside the data dir
    settings = load_settings(
        env="staging",
        secret_key=SECRET,
        data_dir=tmp_path / "data",
        demo_kb=False,
        audit_signing_key=tmp_path / "keys" / "audit.pem",
    )
    assert settings.auth_enabled
    with TestClient(
        create_app(settings, engine=FakeEngine(echo_facts)), raise_server_exceptions=False
    ) as http:
        error_of(http.get("/v1/kb"), 401, "missing_credentials")
        admin = bearer(mint_token(settings, "ops", "admin", "default"))
        assert http.get("/v1/kb", headers=admin).json() == []
        assert http.get("/healthz").status_code == 200


def test_auditor_exists_with_audit_scope_only() -> None:
    assert ROLE_SCOPES["auditor"] == frozenset({"audit:read"})
    assert "audit:read" in ROLE_SCOPES["admin"]


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"exp": int(time.time()) - 3600}, "token_expired"),
        ({"nbf": int(time.time()) + 3600}, "token_not_yet_valid"),
        ({"aud": "someone-else"}, "invalid_token"),
        ({"iss": "x", "role": "superuser"}, "invalid_token"),
        ({"tenant": None}, "invalid_token"),
        ({"tenant": "../etc"}, "invalid_token"),
    ],
    ids=["expired", "not-yet-valid", "wrong-audience", "unknown-role", "no-tenant", "bad-tenant"],
)
def test_bad_tokens_are_401(http: TestClient, settings: Settings, claims: dict[str, Any], code: str) -> None:
    response = http.get("/v1/kb", headers=bearer(token(settings, "admin", **claims)))
    message = error_of(response, 401, code)
    assert message.startswith("Invalid token")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_forged_and_malformed_tokens_are_401(http: TestClient, settings: Settings) -> None:
    now = int(time.time())
    claims = {"sub": "mallory", "role": "admin", "tenant": "default", "aud": AUDIENCE, "exp": now + 60}
    forged = jwt.encode(claims, "another-secret-that-is-also-32-chars-long", algorithm="HS256")
    error_of(http.get("/v1/kb", headers=bearer(forged)), 401, "invalid_token")
    unsigned = jwt.encode(claims, None, algorithm="none")
    error_of(http.get("/v1/kb", headers=bearer(unsigned)), 401, "invalid_token")
    error_of(http.get("/v1/kb", headers=bearer("not.a.jwt")), 401, "invalid_token")
    no_exp = jwt.encode({k: v for k, v in claims.items() if k != "exp"}, SECRET, algorithm="HS256")
    error_of(http.get("/v1/kb", headers=bearer(no_exp)), 401, "invalid_token")


def test_chinese_clients_get_chinese_auth_errors(http: TestClient) -> None:
    response = http.get("/v1/kb", headers={"Accept-Language": "zh-CN"})
    assert "需要身份认证" in error_of(response, 401, "missing_credentials")


def test_token_scope_narrows_the_role(http: TestClient, settings: Settings) -> None:
    narrow = token(settings, "admin", scope="kb:read")
    assert http.get("/v1/kb", headers=bearer(narrow)).status_code == 200
    error_of(http.post("/v1/kb", json={"name": "x"}, headers=bearer(narrow)), 403, "insufficient_scope")
    widened = token(settings, "customer", scope="chat kb:write")  # a token never gains scopes
    error_of(http.post("/v1/kb", json={"name": "x"}, headers=bearer(widened)), 403, "insufficient_scope")


def test_api_keys_work_until_revoked(http: TestClient, settings: Settings) -> None:
    admin = as_role(settings, "admin")
    created = http.post("/v1/auth/keys", json={"role": "kb_editor", "name": "ingest bot"}, headers=admin)
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    assert key.startswith(f"kefu_{created.json()['id']}_")
    me = http.get("/v1/auth/whoami", headers={"X-API-Key": key}).json()
    assert (me["role"], me["tenant"], me["key_id"]) == ("kb_editor", "default", created.json()["id"])
    assert http.get("/v1/kb", headers=bearer(key)).status_code == 200
    listed = http.get("/v1/auth/keys", headers=admin).json()
    assert "key" not in listed[0] and any(k["id"] == created.json()["id"] for k in listed)
    assert next(k for k in listed if k["id"] == created.json()["id"])["last_used_at"] is not None

    assert http.delete(f"/v1/auth/keys/{created.json()['id']}", headers=admin).status_code == 200
    error_of(http.get("/v1/kb", headers={"X-API-Key": key}), 401, "invalid_api_key")
    error_of(http.get("/v1/kb", headers=bearer(key[:-2] + "xx")), 401, "invalid_api_key")
    error_of(http.get("/v1/kb", headers=bearer("kefu_000000000000_guess")), 401, "invalid_api_key")


def test_key_requests_are_checked(http: TestClient, settings: Settings) -> None:
    admin = as_role(settings, "admin")
    error_of(http.post("/v1/auth/keys", json={"role": "root"}, headers=admin), 400, "invalid_role")
    narrow = http.post("/v1/auth/keys", json={"role": "admin", "scopes": ["kb:read"]}, headers=admin).json()
    assert narrow["scopes"] == ["kb:read"]
    error_of(
        http.post("/v1/kb", json={"name": "z"}, headers=bearer(narrow["key"])), 403, "insufficient_scope"
    )


def test_agents_are_their_token_subject(http: TestClient, settings: Settings) -> None:
    """With auth on, X-Agent-Id cannot impersonate another agent: the subject is the agent."""
    customer = as_role(settings, "customer", sub="c-agent-test")
    conversation = http.post("/v1/conversations", json={}, headers=customer).json()["id"]
    assert http.post(
        f"/v1/conversations/{conversation}/messages", json={"text": "转人工"}, headers=customer
    ).json()["handoff"]
    alice = {**as_role(settings, "agent", sub="alice"), "X-Agent-Id": "bob"}
    claimed = http.post(f"/v1/agent/conversations/{conversation}/claim", headers=alice)
    assert claimed.json()["agent_id"] == "alice"
    bob = as_role(settings, "agent", sub="bob")
    error_of(
        http.post(f"/v1/agent/conversations/{conversation}/messages", json={"text": "hi"}, headers=bob),
        403,
        "handoff_not_yours",
    )
    # bob neither holds it nor sees it in the queue: for him it does not exist
    error_of(http.get(f"/v1/agent/conversations/{conversation}", headers=bob), 404, "conversation_not_found")
    assert http.get(f"/v1/agent/conversations/{conversation}", headers=alice).status_code == 200


def test_customers_see_only_their_own_conversations(http: TestClient, settings: Settings) -> None:
    ann, ben = as_role(settings, "customer", sub="ann"), as_role(settings, "customer", sub="ben")
    mine = http.post("/v1/conversations", json={}, headers=ann).json()["id"]
    assert http.get(f"/v1/conversations/{mine}", headers=ann).status_code == 200
    for method, path, body in (
        ("GET", f"/v1/conversations/{mine}", None),
        ("POST", f"/v1/conversations/{mine}/messages", {"text": "你好"}),
        ("GET", f"/v1/conversations/{mine}/events", None),
        ("GET", f"/v1/conversations/{mine}/handoff", None),
        ("POST", f"/v1/conversations/{mine}/callback", {}),
    ):
        error_of(http.request(method, path, json=body, headers=ben), 404, "conversation_not_found")
    assert http.get(f"/v1/conversations/{mine}", headers=as_role(settings, "admin")).status_code == 200


# -- start-up rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_dev_without_auth_refuses_a_non_loopback_host(host: str) -> None:
    with pytest.raises(ConfigError, match="KEFU_HOST"):
        load_settings(host=host)
    assert load_settings(host=host, auth_required=True).auth_enabled
    assert not load_settings(host="::1").auth_enabled


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_staging_and_prod_refuse_weak_secrets_and_auth_off(env: str) -> None:
    strong = {"secret_key": SECRET, "demo_kb": False}
    with pytest.raises(ConfigError, match="KEFU_SECRET_KEY"):
        load_settings(env=env, demo_kb=False)  # the development default
    with pytest.raises(ConfigError, match="at least 32"):
        load_settings(env=env, secret_key="x" * 31, demo_kb=False)
    with pytest.raises(ConfigError, match="KEFU_AUTH_REQUIRED"):
        load_settings(env=env, auth_required=False, **strong)
    settings = load_settings(env=env, host="0.0.0.0", **strong)
    assert settings.auth_enabled and settings.ip_rate_limit == 600


def test_rs256_needs_a_public_key() -> None:
    with pytest.raises(ConfigError, match="KEFU_AUTH_PUBLIC_KEY"):
        load_settings(auth_algorithms=["RS256"])


# -- RS256: PEM public key, JWKS file, JWKS URL ---------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def rs256(private: rsa.RSAPrivateKey, kid: str = "k1", **claims: Any) -> str:
    now = int(time.time())
    body = {"sub": "svc", "role": "agent", "tenant": "acme", "exp": now + 60, "iss": "https://idp.example"}
    return jwt.encode({**body, **claims}, private, algorithm="RS256", headers={"kid": kid})


def public_pem(private: rsa.RSAPrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def jwks(private: rsa.RSAPrivateKey, kid: str = "k1") -> str:
    jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    return json.dumps({"keys": [{**jwk, "kid": kid, "use": "sig", "alg": "RS256"}]})


@pytest.mark.anyio
async def test_rs256_with_a_pem_public_key(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> None:
    (tmp_path / "idp.pem").write_bytes(public_pem(rsa_key))
    settings = load_settings(
        auth_required=True,
        auth_algorithms=["RS256", "HS256"],
        auth_public_key=tmp_path / "idp.pem",
        auth_issuer="https://idp.example",
    )
    verifier = TokenVerifier(settings)
    principal = await verifier.verify(rs256(rsa_key))
    assert (principal.subject, principal.role, principal.tenant) == ("svc", "agent", "acme")
    with pytest.raises(Unauthorized, match="issuer"):
        await verifier.verify(rs256(rsa_key, iss="https://evil.example"))
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Unauthorized, match="signature"):
        await verifier.verify(rs256(other))
    # algorithm confusion: an HS256 token "signed" with the public key must not pass
    confused = jwt.encode(
        {
            "sub": "x",
            "role": "admin",
            "tenant": "acme",
            "exp": int(time.time()) + 60,
            "iss": "https://idp.example",
        },
        SECRET,
        algorithm="HS256",
    )
    with pytest.raises(Unauthorized):
        await TokenVerifier(load_settings(**{**settings.model_dump(), "auth_algorithms": ["RS256"]})).verify(
            confused
        )


@pytest.mark.anyio
async def test_rs256_with_a_jwks_file(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> None:
    (tmp_path / "jwks.json").write_text(jwks(rsa_key))
    settings = load_settings(
        auth_required=True, auth_algorithms=["RS256"], auth_jwks_url=str(tmp_path / "jwks.json")
    )
    verifier = TokenVerifier(settings)
    assert (await verifier.verify(rs256(rsa_key))).tenant == "acme"
    with pytest.raises(Unauthorized, match="no key"):
        await verifier.verify(rs256(rsa_key, kid="rotated-away"))


@pytest.mark.anyio
async def test_rs256_with_a_jwks_url_fetched_off_the_event_loop(rsa_key: rsa.RSAPrivateKey) -> None:
    body = jwks(rsa_key).encode()
    fetched_on: list[threading.Thread] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
        verifier = TokenVerifier(
            load_settings(auth_required=True, auth_algorithms=["RS256"], auth_jwks_url=url)
        )
        client = verifier._jwks_client
        assert client is not None
        fetch = client.fetch_data

        def spy() -> Any:
            fetched_on.append(threading.current_thread())
            return fetch()

        client.fetch_data = spy  # type: ignore[method-assign]
        for _ in range(3):
            assert (await verifier.verify(rs256(rsa_key))).subject == "svc"
        assert len(fetched_on) == 1  # then cached
        assert fetched_on[0] is not threading.main_thread()  # never on the event loop's thread
    finally:
        server.shutdown()


def test_an_agent_key_serves_the_queue_as_its_own_agent(http: TestClient, settings: Settings) -> None:
    created = http.post("/v1/auth/keys", json={"role": "agent"}, headers=as_role(settings, "admin")).json()
    queue = http.get("/v1/agent/queue", headers={"X-API-Key": created["key"]})
    assert queue.status_code == 200, queue.text
    me = http.get("/v1/auth/whoami", headers={"X-API-Key": created["key"]}).json()
    assert me["subject"] == f"key-{created['id']}"


def test_only_admins_reach_the_raw_model(http: TestClient, settings: Settings) -> None:
    raw = http.get("/v1/models", headers=as_role(settings, "customer")).json()["data"][1]["id"]
    body = {"model": raw, "messages": [{"role": "user", "content": "hi"}]}
    customer = http.post("/v1/chat/completions", json=body, headers=as_role(settings, "customer"))
    error_of(customer, 403, "insufficient_scope")
    assert http.post("/v1/chat/completions", json=body, headers=as_role(settings, "admin")).status_code == 200
    assistant = {**body, "model": "kefu"}
    assert (
        http.post("/v1/chat/completions", json=assistant, headers=as_role(settings, "customer")).status_code
        == 200
    )


def test_an_unreadable_verification_key_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "jwks.json").write_text("{not json")
    for options in (
        {"auth_public_key": tmp_path / "missing.pem"},
        {"auth_jwks_url": str(tmp_path / "jwks.json")},
    ):
        with pytest.raises(ConfigError, match="KEFU_AUTH"):
            TokenVerifier(load_settings(auth_required=True, auth_algorithms=["RS256"], **options))
