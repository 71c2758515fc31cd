"""Who is calling, and may they: JWTs and API keys become a `Principal`; routes ask for scopes.

Credentials come as `Authorization: Bearer <jwt or key>`, `X-API-Key: <key>`, or the browser
session cookie `kefu_session` that `POST /v1/auth/session` sets (kefu's own pages); a request
authenticated by the cookie that changes something must come from kefu's own origin. A JWT is
HS256 (signed with `KEFU_SECRET_KEY`) or RS256 (a PEM public key, or a JWKS file or URL);
its `exp` is required, `nbf`, `iss` and `aud` are checked, and it carries `sub`, `role`,
`tenant` and optionally `scope` (space-separated: narrows the role's scopes). A key
(`kefu_<id>_<secret>`) is looked up by its id and compared by hash.

Without authentication (dev only, on loopback) every request is `DEV_PRINCIPAL`, an admin of
the default tenant. What each role may do: `kefu.store.auth_models.ROLE_SCOPES`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import jwt
from fastapi import APIRouter, Depends, Request, Security
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from kefu.api.errors import error_body, request_language
from kefu.api.ratelimit import Limiter, MemoryLimiter, RateLimited, check
from kefu.api.schemas import ErrorResponse
from kefu.config import Settings
from kefu.errors import ConfigError, InvalidInput, KefuError
from kefu.ops.context import Caller, bind_caller
from kefu.store.auth_models import (
    AGENT,
    AUDIT_READ,
    CHAT,
    KB_READ,
    KB_WRITE,
    KEYS_MANAGE,
    PII_READ,
    ROLE_SCOPES,
    TENANT_NAME,
    scopes_for,
)
from kefu.store.key_repository import KEY_PREFIX, KeyRepository
from kefu.store.models import DEFAULT_TENANT

log = logging.getLogger(__name__)
REALM = 'Bearer realm="kefu"'


@dataclass(frozen=True)
class Principal:
    """The caller: who (`subject`), in which `tenant`, allowed what (`scopes`), by which key."""

    subject: str
    role: str
    tenant: str
    scopes: frozenset[str]
    key_id: str | None = None
    expires_at: float | None = None  # the JWT's `exp` (Unix time); None: a key, or dev

    def can(self, scope: str) -> bool:
        return scope in self.scopes


DEV_PRINCIPAL = Principal("dev", "admin", DEFAULT_TENANT, ROLE_SCOPES["admin"])


class Unauthorized(KefuError):
    """401: no credentials, or ones that do not check out."""

    status = 401

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh)
        self.code = code

    @property
    def challenge(self) -> str:
        if self.code == "missing_credentials":
            return REALM
        description = self.message.replace('"', "'")
        return f'{REALM}, error="invalid_token", error_description="{description}"'


class Forbidden(KefuError):
    """403: authenticated, but without the scope the endpoint needs."""

    code = "insufficient_scope"
    status = 403

    def __init__(self, scopes: list[str]) -> None:
        needed = " ".join(scopes)
        super().__init__(f"This needs the scope {needed!r}.", f"此操作需要权限 {needed!r}。")
        self.scopes = needed


def invalid_token(reason: str, reason_zh: str, code: str = "invalid_token") -> Unauthorized:
    return Unauthorized(code, f"Invalid token: {reason}.", f"令牌无效：{reason_zh}。")


def principal_from_claims(claims: dict[str, Any], key_id: str | None = None) -> Principal:
    """The principal a verified token (or key) describes; a claim out of shape is a 401."""
    subject, role, tenant = claims.get("sub"), claims.get("role"), claims.get("tenant")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 256:
        raise invalid_token("claim 'sub' is missing or invalid", "缺少或无效的 sub 声明")
    if not isinstance(role, str) or role not in ROLE_SCOPES:
        raise invalid_token(f"unknown role {role!r}", f"未知角色 {role!r}")
    if not isinstance(tenant, str) or not TENANT_NAME.fullmatch(tenant):
        raise invalid_token("claim 'tenant' is missing or invalid", "缺少或无效的 tenant 声明")
    scope = claims.get("scope")
    if scope is not None and not isinstance(scope, str | list):
        raise invalid_token("claim 'scope' must be a string", "scope 声明必须是字符串")
    expires = claims.get("exp")
    expires_at = float(expires) if isinstance(expires, int | float) else None
    return Principal(subject, role, tenant, scopes_for(role, scope), key_id, expires_at)


class TokenVerifier:
    """Checks JWTs against the configured algorithms, keys, issuer and audience."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.algorithms = list(settings.auth_algorithms)
        self._public_key: str | None = None
        self._jwks_client: jwt.PyJWKClient | None = None
        self._jwks_set: jwt.PyJWKSet | None = None
        source = settings.auth_jwks_url
        try:
            if settings.auth_public_key:
                self._public_key = settings.auth_public_key.read_text()
            if source and source.startswith(("https://", "http://")):
                self._jwks_client = jwt.PyJWKClient(source, cache_keys=True, lifespan=300)
            elif source:
                path = Path(source.removeprefix("file://"))
                self._jwks_set = jwt.PyJWKSet.from_dict(json.loads(path.read_text()))
        except (OSError, ValueError, jwt.PyJWTError) as exc:
            raise ConfigError(
                f"cannot read the token verification key (KEFU_AUTH_PUBLIC_KEY / KEFU_AUTH_JWKS_URL): {exc}",
                f"无法读取令牌验证公钥（KEFU_AUTH_PUBLIC_KEY / KEFU_AUTH_JWKS_URL）：{exc}",
            ) from None

    async def verify(self, token: str) -> Principal:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            if algorithm not in self.algorithms:
                raise invalid_token(f"algorithm {algorithm!r} is not accepted", f"不接受算法 {algorithm!r}")
            key = await self._key(token, algorithm)
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.settings.auth_audience,
                issuer=self.settings.auth_issuer,
                leeway=self.settings.auth_leeway_s,
                options={"require": ["exp", "sub"], "verify_aud": self.settings.auth_audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise invalid_token("it has expired", "已过期", "token_expired") from None
        except jwt.ImmatureSignatureError:
            raise invalid_token("not valid yet (nbf)", "尚未生效", "token_not_yet_valid") from None
        except jwt.InvalidAudienceError:
            raise invalid_token("wrong audience", "受众（aud）不符") from None
        except jwt.InvalidIssuerError:
            raise invalid_token("wrong issuer", "签发者（iss）不符") from None
        except jwt.InvalidSignatureError:
            raise invalid_token("bad signature", "签名无效") from None
        except jwt.PyJWTError as exc:
            raise invalid_token(str(exc).rstrip("."), "格式或声明无效") from None
        return principal_from_claims(claims)

    async def _key(self, token: str, algorithm: str) -> Any:
        if algorithm == "HS256":
            return self.settings.secret_key.get_secret_value()
        if self._jwks_client is not None:  # may fetch the JWKS: off the event loop
            return (await asyncio.to_thread(self._jwks_client.get_signing_key_from_jwt, token)).key
        if self._jwks_set is not None:
            kid = jwt.get_unverified_header(token).get("kid")
            keys = [k for k in self._jwks_set.keys if kid is None or k.key_id == kid]
            if not keys:
                raise invalid_token(f"no key {kid!r} in the JWKS", f"JWKS 中没有密钥 {kid!r}")
            return keys[0].key
        if self._public_key is not None:
            return self._public_key
        raise invalid_token("no RS256 key is configured", "未配置 RS256 公钥")


def mint_token(
    settings: Settings, subject: str, role: str, tenant: str, ttl_s: int = 3600, scope: str | None = None
) -> str:
    """An HS256 token signed with `KEFU_SECRET_KEY` (for tests and scripts: `kefu auth token`)."""
    issued = int(time.time())
    claims: dict[str, Any] = {"sub": subject, "role": role, "tenant": tenant, "iat": issued, "nbf": issued}
    claims["exp"] = issued + ttl_s
    if scope:
        claims["scope"] = scope
    if settings.auth_issuer:
        claims["iss"] = settings.auth_issuer
    if settings.auth_audience:
        claims["aud"] = settings.auth_audience
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm="HS256")


class Auth:
    """The app's gatekeeper: rate limits, then credentials, then scopes."""

    def __init__(self, settings: Settings, limiter: Limiter | None = None) -> None:
        self.settings = settings
        self.tokens = TokenVerifier(settings) if settings.auth_enabled else None
        self.limiter = limiter or MemoryLimiter()

    async def authorize(
        self, request: Request, keys: KeyRepository, credential: str | None, needed: list[str]
    ) -> Principal:
        client = request.client.host if request.client else "unknown"
        check(self.limiter, f"ip:{client}", self.settings.ip_rate_limit)
        principal = await self.authenticate(keys, credential)
        caller = principal.key_id or f"{principal.tenant}/{principal.subject}"
        check(self.limiter, f"caller:{caller}", self.settings.rate_limit_per_minute)
        missing = [s for s in needed if not principal.can(s)]
        if missing:
            raise Forbidden(missing)
        return principal

    async def authenticate(self, keys: KeyRepository, credential: str | None) -> Principal:
        if self.tokens is None:
            return DEV_PRINCIPAL
        if not credential:
            raise Unauthorized(
                "missing_credentials",
                "Authentication required: send 'Authorization: Bearer <token or API key>' or 'X-API-Key'.",
                "需要身份认证：请携带 Authorization: Bearer <令牌或 API 密钥> 或 X-API-Key 请求头。",
            )
        if credential.startswith(KEY_PREFIX):
            row = await keys.verify(credential)
            if row is None:
                raise Unauthorized(
                    "invalid_api_key", "The API key is unknown or revoked.", "API 密钥无效或已被吊销。"
                )
            claims = {"sub": f"key-{row.id}", "role": row.role, "tenant": row.tenant, "scope": row.scopes}
            return principal_from_claims(claims, row.id)
        return await self.tokens.verify(credential)


SESSION_COOKIE = "kefu_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def own_origin(request: Request) -> str:
    """This server's origin as the browser addressed it (behind a proxy, uvicorn's proxy headers)."""
    return f"{request.url.scheme}://{request.url.netloc}"


def check_same_origin(request: Request) -> None:
    """CSRF defence for cookie sessions: a change sent with an `Origin` other than ours is a 403."""
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        raise InvalidInput(
            "cross_origin_forbidden",
            "This request carries kefu's session cookie but comes from another origin; "
            "send an Authorization header instead.",
            "该请求携带了 kefu 的会话 Cookie，却来自其他来源；请改用 Authorization 请求头。",
            status=403,
        )


def session_credential(request: Request) -> str | None:
    """The token in the session cookie, once a changing request has passed the origin check."""
    credential = request.cookies.get(SESSION_COOKIE)
    if credential and request.method not in SAFE_METHODS:
        check_same_origin(request)
    return credential or None


async def session_principal(request: Request) -> Principal | None:
    """The caller of a page: the session cookie's principal (any principal in dev without
    authentication); None when there is no valid session."""
    auth: Auth = request.app.state.auth
    keys = KeyRepository(request.app.state.runtime.database.sessions)
    try:
        return await auth.authenticate(keys, request.cookies.get(SESSION_COOKIE))
    except Unauthorized:
        return None


_bearer = HTTPBearer(auto_error=False, description="a JWT, or an API key (kefu_...)")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key (kefu_...)")


async def current_principal(
    security_scopes: SecurityScopes,
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """The authenticated caller, holding every scope the endpoint declares (else 401/403/429)."""
    auth: Auth = request.app.state.auth
    keys = KeyRepository(request.app.state.runtime.database.sessions)
    credential = bearer.credentials if bearer else api_key
    if credential is None:
        credential = session_credential(request)
    principal = await auth.authorize(request, keys, credential, security_scopes.scopes)
    request.state.principal = principal  # for logging and auditing further down
    request_id = getattr(request.state, "request_id", None)
    bind_caller(Caller(request_id, principal.tenant, principal.subject, principal.role))
    return principal


async def auth_error(request: Request, exc: Exception) -> JSONResponse:
    """The error envelope, with `WWW-Authenticate` (401, 403) or `Retry-After` (429)."""
    assert isinstance(exc, KefuError)
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = exc.challenge
    elif isinstance(exc, Forbidden):
        headers["WWW-Authenticate"] = f'{REALM}, error="insufficient_scope", scope="{exc.scopes}"'
    elif isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after_s)
    body = error_body(exc.code, exc.message_for(request_language(request)))
    return JSONResponse(body, status_code=exc.status, headers=headers)


def document_auth_errors(router: APIRouter) -> None:
    """Add 401, 403 and 429 to the documented responses of the router's endpoints behind
    `current_principal` (call it before including the router)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and _guarded(route.dependant):
            for status in (401, 403, 429):
                route.responses.setdefault(status, {"model": ErrorResponse})


def _guarded(dependant: Dependant) -> bool:
    return any(d.call is current_principal or _guarded(d) for d in dependant.dependencies)


AUTH_ERRORS: tuple[type[KefuError], ...] = (Unauthorized, Forbidden, RateLimited)
Chat = Annotated[Principal, Security(current_principal, scopes=[CHAT])]
AgentPrincipal = Annotated[Principal, Security(current_principal, scopes=[AGENT])]
KbReader = Annotated[Principal, Security(current_principal, scopes=[KB_READ])]
KbWriter = Annotated[Principal, Security(current_principal, scopes=[KB_WRITE])]
KeyManager = Annotated[Principal, Security(current_principal, scopes=[KEYS_MANAGE])]
Auditor = Annotated[Principal, Security(current_principal, scopes=[AUDIT_READ])]
PiiReader = Annotated[Principal, Security(current_principal, scopes=[AGENT, PII_READ])]
Anyone = Annotated[Principal, Security(current_principal)]
