"""Replace the personal data `kefu.safety.pii` finds, per type, in one of three modes.

- `mask`: keep a few characters, star the rest (`138****5678`, `z***@example.com`). Default.
- `hash`: `[mobile:3f9a2c1b0d4e]`, a keyed HMAC-SHA256 of the normalised value: the same
  number links across messages and conversations without being revealed.
- `token`: `[mobile#<token id>]`; the value is sealed by `kefu.safety.vault.Vault` and
  returned in `Masked.tokens` for the caller to store; `Masker.reveal` puts it back.

Pure and synchronous: no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kefu.config import PII_TYPES
from kefu.errors import ConfigError
from kefu.safety.pii import Entity, detect_pii
from kefu.safety.vault import Vault, derive_key

if TYPE_CHECKING:
    from kefu.config import Settings

MODES = ("mask", "hash", "token")
DEFAULT_MODE = "mask"
_HASH_INFO = b"kefu pii hash v1"
_HASH_HEX = 12  # 48 bits: collisions stay unlikely across millions of values of one type
_TOKEN_RE = re.compile(r"\[(?P<type>[a-z_]+)#(?P<id>[0-9a-f]{16})\]")


def token_ids(text: str) -> set[str]:
    """The ids of the `[type#id]` tokens in a masked text."""
    return {match.group("id") for match in _TOKEN_RE.finditer(text)}


@dataclass(frozen=True, slots=True)
class VaultEntry:
    """A sealed value the caller must store to reveal `[type#token_id]` later."""

    token_id: str
    type: str
    ciphertext: str


@dataclass(frozen=True, slots=True)
class Masked:
    """The masked text; `entities` carry offsets into the ORIGINAL text."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    tokens: list[VaultEntry] = field(default_factory=list)


class Masker:
    """Mask personal data in text according to a per-type `policy` (type → mode)."""

    def __init__(
        self,
        policy: Mapping[str, str] | None = None,
        *,
        secret: bytes | str | None = None,
        detect: Callable[[str], list[Entity]] = detect_pii,
    ) -> None:
        self.policy = _validated(policy or {})
        self._detect = detect
        needs_key = {"hash", "token"} & set(self.policy.values())
        if needs_key and not secret:
            raise ConfigError(
                f"PII modes {', '.join(sorted(needs_key))} need a secret key (KEFU_SECRET_KEY).",
                f"PII 模式 {', '.join(sorted(needs_key))} 需要密钥（KEFU_SECRET_KEY）。",
            )
        self._hash_key = derive_key(secret, _HASH_INFO) if secret else b""
        self._vault = Vault(secret) if secret else None

    @classmethod
    def from_settings(cls, settings: Settings) -> Masker:
        """The masker configured by `settings.pii_modes`, keyed by `settings.secret_key`."""
        return cls(settings.pii_modes, secret=settings.secret_key.get_secret_value())

    def mode(self, entity_type: str) -> str:
        return self.policy.get(entity_type, DEFAULT_MODE)

    def mask(self, text: str) -> Masked:
        """`text` with every detected entity replaced according to its type's mode."""
        entities = self._detect(text)
        parts: list[str] = []
        tokens: list[VaultEntry] = []
        position = 0
        for entity in entities:
            parts.append(text[position : entity.start])
            parts.append(self._replace(entity, tokens))
            position = entity.end
        parts.append(text[position:])
        return Masked("".join(parts), entities, tokens)

    def reveal(self, text: str, ciphertexts: Mapping[str, str]) -> str:
        """Put tokenised values back: `ciphertexts` maps token id → ciphertext (from storage).
        Tokens whose id is unknown stay as they are."""
        vault = self._vault
        if vault is None:
            return text

        def original(match: re.Match[str]) -> str:
            sealed = ciphertexts.get(match.group("id"))
            return vault.open(sealed) if sealed is not None else match.group()

        return _TOKEN_RE.sub(original, text)

    def _replace(self, entity: Entity, tokens: list[VaultEntry]) -> str:
        mode = self.mode(entity.type)
        if mode == "hash":
            normal = normalise(entity.type, entity.value).encode()
            digest = hmac.new(self._hash_key, entity.type.encode() + b":" + normal, hashlib.sha256)
            return f"[{entity.type}:{digest.hexdigest()[:_HASH_HEX]}]"
        if mode == "token":
            assert self._vault is not None  # checked in __init__
            token_id = secrets.token_hex(8)
            tokens.append(VaultEntry(token_id, entity.type, self._vault.seal(entity.value)))
            return f"[{entity.type}#{token_id}]"
        return mask_value(entity.type, entity.value)


def _validated(policy: Mapping[str, str]) -> dict[str, str]:
    for entity_type, mode in policy.items():
        if entity_type not in PII_TYPES:
            raise ConfigError(
                f"Unknown PII type {entity_type!r}; known types: {', '.join(PII_TYPES)}.",
                f"未知的 PII 类型 {entity_type!r}；可用类型：{', '.join(PII_TYPES)}。",
            )
        if mode not in MODES:
            raise ConfigError(
                f"Unknown PII mode {mode!r} for {entity_type}; known modes: {', '.join(MODES)}.",
                f"{entity_type} 的 PII 模式 {mode!r} 无效；可用模式：{', '.join(MODES)}。",
            )
    return dict(policy)


# --- normalising (for hash) and partial masking ---------------------------------------------

_SEPARATORS = re.compile(r"[\s\-().·•・]")
_NUMERIC_TYPES = frozenset({"id_number", "bank_card", "mobile", "landline", "passport", "license_plate"})


def normalise(entity_type: str, value: str) -> str:
    """The form two spellings of one value share: `138-1234-5678` and `+86 13812345678` alike."""
    folded = value.translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
    if entity_type in _NUMERIC_TYPES:
        compact = _SEPARATORS.sub("", folded).upper()
        if entity_type == "mobile":
            compact = re.sub(r"^(?:\+86|0086|86)(?=1\d{10}$)", "", compact)
        return compact
    if entity_type in ("email", "ip"):
        return folded.strip().lower()
    return " ".join(folded.split())


# (leading, trailing) characters kept in `mask` mode; separators are kept and never counted.
_KEEP = {
    "id_number": (3, 4),
    "bank_card": (4, 4),
    "mobile": (3, 4),
    "landline": (4, 4),
    "passport": (1, 2),
    "license_plate": (2, 1),
}


def mask_value(entity_type: str, value: str) -> str:
    """The `mask`-mode rendering of one value."""
    if entity_type == "email":
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if entity_type == "ip":
        sep = "." if "." in value else ":"
        first = value.split(sep)[0]
        return f"{first}.*.*.*" if sep == "." else f"{first}:****"
    if entity_type == "person":
        return " ".join(word[:1] + "*" * max(1, len(word) - 1) for word in value.split())
    if entity_type == "address":
        return value[: min(6, len(value) // 3)] + "****"
    head, tail = _KEEP.get(entity_type, (0, 0))
    if entity_type == "mobile":
        # Keep a +86 / 0086 prefix as written and count the kept digits in the number itself.
        prefix = re.match(r"^(?:\+|00)?86[ -]?(?=1)", value)
        if prefix:
            return value[: prefix.end()] + _star(value[prefix.end() :], head, tail)
    return _star(value, head, tail)


def _star(value: str, head: int, tail: int) -> str:
    """Star the letters and digits of `value` except the first `head` and last `tail`;
    at least a third of them (and at least 4) are starred whatever the numbers say."""
    positions = [i for i, char in enumerate(value) if char.isalnum()]
    while head + tail > len(positions) - max(4, len(positions) // 3) and (head or tail):
        head, tail = (head - 1, tail) if head >= tail else (head, tail - 1)
    hidden = set(positions[head : len(positions) - tail])
    return "".join("*" if i in hidden else char for i, char in enumerate(value))
