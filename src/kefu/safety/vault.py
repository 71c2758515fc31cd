"""Reversible encryption of masked values (`token` mode of `kefu.safety.masking`).

`Vault(secret)` derives a Fernet key (AES-128-CBC + HMAC-SHA256) from the deployment secret
with HKDF-SHA256, so rotating `KEFU_SECRET_KEY` makes old ciphertexts unreadable by design.
Pure: storing the ciphertexts is the caller's job.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kefu.errors import KefuError

_VAULT_INFO = b"kefu pii vault v1"


class VaultError(KefuError):
    """A token cannot be opened: another secret sealed it, or it was altered."""

    code = "pii_vault_error"
    status = 500


def derive_key(secret: bytes | str, info: bytes, length: int = 32) -> bytes:
    """A `length`-byte key for one purpose (`info`) from the deployment secret (HKDF-SHA256)."""
    raw = secret.encode() if isinstance(secret, str) else secret
    if not raw:
        raise VaultError("The PII vault needs a non-empty secret key.", "PII 加密需要非空的密钥。")
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(raw)


class Vault:
    """Seal and open values with a key derived from `secret` (e.g. `settings.secret_key`)."""

    def __init__(self, secret: bytes | str) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret, _VAULT_INFO)))

    def seal(self, value: str) -> str:
        """The ciphertext of `value` (URL-safe text; different on every call)."""
        return self._fernet.encrypt(value.encode()).decode("ascii")

    def open(self, ciphertext: str) -> str:
        """The value sealed in `ciphertext`; `VaultError` if the key differs or it was altered."""
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode()
        except (InvalidToken, UnicodeError, ValueError):
            raise VaultError(
                "A masked value cannot be decrypted: the secret key changed or the stored token was altered.",
                "无法解密脱敏数据：密钥已更换，或存储的令牌被篡改。",
            ) from None
