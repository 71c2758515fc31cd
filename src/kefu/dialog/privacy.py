"""What is kept of a turn: personal data masked in every stored text, sealed in the slots.

A conversation's texts (messages, history, handoff summaries, events, audit records) are
stored masked. The slots are different: a form that asked for a new address or a phone
number needs the real value at its next turn, to call the business system. Slot values
that hold personal data are therefore stored sealed (encrypted with the vault key) and
opened only in memory when the state is loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kefu.config import Settings
from kefu.dialog.state import DialogState
from kefu.safety.masking import Masker, VaultEntry
from kefu.safety.pii import detect_pii
from kefu.safety.vault import Vault, VaultError

SEALED = "sealed:v1:"
log = logging.getLogger(__name__)


class Privacy:
    def __init__(self, masker: Masker, vault: Vault) -> None:
        self.masker = masker
        self.vault = vault

    @classmethod
    def from_settings(cls, settings: Settings) -> Privacy:
        """The configured PII modes, sealed under `KEFU_SECRET_KEY`."""
        return cls(Masker.from_settings(settings), Vault(settings.secret_key.get_secret_value()))

    def mask_with_tokens(self, text: str) -> tuple[str, list[VaultEntry]]:
        """The masked text and the sealed originals of its `token`-mode values, which the
        caller stores (`kefu.store.vault_repository`) before the text."""
        masked = self.masker.mask(text)
        return masked.text, masked.tokens

    def mask_values_with_tokens(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[VaultEntry]]:
        """Slot values as people may see them (an agent's queue item, a summary), with the
        sealed originals of their `token`-mode values."""
        masked: dict[str, Any] = {}
        tokens: list[VaultEntry] = []
        for key, value in values.items():
            if isinstance(value, str):
                value, sealed = self.mask_with_tokens(value)
                tokens += sealed
            masked[key] = value
        return masked, tokens

    def seal(self, state: DialogState) -> dict[str, Any]:
        """The state as stored: slot values holding personal data encrypted."""
        stored = state.model_dump()
        stored["slots"] = self._map(stored["slots"], self._seal_value)
        if stored.get("active_form"):
            stored["active_form"]["slots"] = self._map(stored["active_form"]["slots"], self._seal_value)
        return stored

    def open(self, stored: dict[str, Any] | None) -> DialogState:
        """The stored state with its sealed slot values opened again."""
        state = DialogState.load(stored)
        state.slots = self._map(state.slots, self._open_value)
        if state.active_form is not None:
            state.active_form.slots = self._map(state.active_form.slots, self._open_value)
        return state

    @staticmethod
    def _map(values: dict[str, Any], change: Callable[[str], str | None]) -> dict[str, Any]:
        """`change` applied to the string values; a value it turns into None is dropped."""
        changed = {k: change(v) if isinstance(v, str) else v for k, v in values.items()}
        return {k: v for k, v in changed.items() if v is not None}

    def _seal_value(self, value: str) -> str:
        return SEALED + self.vault.seal(value) if detect_pii(value) else value

    def _open_value(self, value: str) -> str | None:
        if not value.startswith(SEALED):
            return value
        try:
            return self.vault.open(value.removeprefix(SEALED))
        except VaultError:  # sealed under another key: the form asks for the value again
            log.warning("a sealed slot value could not be opened (was KEFU_SECRET_KEY changed?)")
            return None
