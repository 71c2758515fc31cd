"""Masking modes, the vault round trip, and configuration errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.config import load_settings
from kefu.errors import ConfigError, KefuError
from kefu.safety.masking import Masker, mask_value, normalise
from kefu.safety.vault import Vault, VaultError
from tests.safety.test_pii import VALID_CARD, VALID_ID, after_filler, before_filler, valid_pii

SECRET = "test-secret-key"
TEXT = f"我叫张伟，手机138-1234-5678，身份证{VALID_ID}，邮箱zhang.wei@example.com"


def test_default_masks_every_type_keeping_a_few_characters() -> None:
    masked = Masker().mask(TEXT)
    assert masked.text == "我叫张*，手机138-****-5678，身份证110***********002X，邮箱z***@example.com"
    assert [e.type for e in masked.entities] == ["person", "mobile", "id_number", "email"]
    assert all(TEXT[e.start : e.end] == e.value for e in masked.entities)  # offsets into the original
    assert masked.tokens == []


@pytest.mark.parametrize(
    ("entity_type", "value", "shown"),
    [
        ("mobile", "13812345678", "138****5678"),
        ("mobile", "+86 13812345678", "+86 138****5678"),
        ("id_number", "110105194912310021", "110***********0021"),
        ("bank_card", "6222 0212 3456 7890 128", "6222 **** **** ***0 128"),
        ("email", "zhang@example.com", "z***@example.com"),
        ("landline", "0755-88888888", "0755-****8888"),
        ("passport", "E12345678", "E******78"),
        ("ip", "192.168.1.10", "192.*.*.*"),
        ("person", "欧阳娜娜", "欧***"),
    ],
)
def test_mask_mode_renderings(entity_type: str, value: str, shown: str) -> None:
    assert mask_value(entity_type, value) == shown


def test_hash_mode_is_keyed_stable_and_links_spellings() -> None:
    masker = Masker({"mobile": "hash"}, secret=SECRET)
    first = masker.mask("手机13812345678").text
    assert re.fullmatch(r"手机\[mobile:[0-9a-f]{12}\]", first)
    assert masker.mask("电话 +86 138-1234-5678").text.endswith(first[2:])  # same number, other spelling
    assert masker.mask("手机13812345679").text != first
    assert Masker({"mobile": "hash"}, secret="another").mask("手机13812345678").text != first
    assert normalise("mobile", "+86 138-1234-5678") == "13812345678"


def test_token_mode_round_trips_through_the_vault() -> None:
    masker = Masker({"id_number": "token", "bank_card": "token"}, secret=SECRET)
    text = f"身份证{VALID_ID}，卡号{VALID_CARD}"
    masked = masker.mask(text)
    assert VALID_ID not in masked.text and VALID_CARD not in masked.text
    assert [t.type for t in masked.tokens] == ["id_number", "bank_card"]
    assert all(f"[{t.type}#{t.token_id}]" in masked.text for t in masked.tokens)
    stored = {t.token_id: t.ciphertext for t in masked.tokens}
    assert masker.reveal(masked.text, stored) == text
    assert masker.reveal(masked.text, {}) == masked.text  # unknown tokens stay as they are


def test_vault_wrong_key_and_tampering_are_clear_errors() -> None:
    sealed = Vault(SECRET).seal("13812345678")
    assert Vault(SECRET.encode()).open(sealed) == "13812345678"
    with pytest.raises(VaultError) as wrong_key:
        Vault("another-secret").open(sealed)
    assert isinstance(wrong_key.value, KefuError) and "secret key changed" in wrong_key.value.message
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(VaultError):
        Vault(SECRET).open(tampered)
    with pytest.raises(VaultError):
        Vault(SECRET).open("not a token at all ✓")


def test_unknown_types_and_modes_are_config_errors_listing_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known types: id_number, bank_card"):
        Masker({"phone": "mask"})
    with pytest.raises(ConfigError, match="known modes: mask, hash, token"):
        Masker({"mobile": "blur"})
    with pytest.raises(ConfigError, match="secret key"):
        Masker({"mobile": "token"})


def test_settings_validate_pii_modes_and_build_the_masker() -> None:
    settings = load_settings(pii_modes={"mobile": "hash"})
    masker = Masker.from_settings(settings)
    assert masker.mode("mobile") == "hash" and masker.mode("email") == "mask"
    with pytest.raises(ConfigError, match="unknown PII type"):
        load_settings(pii_modes={"phone": "hash"})
    with pytest.raises(ConfigError, match="KEFU_PII_MODES__MOBILE"):
        load_settings(pii_modes={"mobile": "blur"})


@settings(max_examples=150, deadline=None)
@given(
    before=before_filler,
    value=valid_pii(),
    after=after_filler,
    mode=st.sampled_from(["mask", "hash", "token"]),
)
def test_the_raw_value_never_survives_masking(before: str, value: str, after: str, mode: str) -> None:
    masker = Masker(dict.fromkeys(("id_number", "bank_card", "mobile"), mode), secret=SECRET)
    text = before + value + after
    masked = masker.mask(text)
    assert value not in masked.text
    for entity in masked.entities:
        assert text[entity.start : entity.end] == entity.value
