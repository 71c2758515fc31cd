"""The PII vault table: idempotent puts, reads confined to a tenant, forgetting a conversation,
and a migration that upgrades and downgrades."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from kefu.safety.masking import Masker
from kefu.store.database import MIGRATIONS, Database
from kefu.store.vault_repository import SealedValue, VaultRepository

pytestmark = pytest.mark.anyio


@pytest.fixture
def vault(database: Database) -> VaultRepository:
    return VaultRepository(database.sessions)


async def test_put_then_get_within_the_tenant(vault: VaultRepository) -> None:
    entries = [SealedValue("a" * 16, "mobile", "c1"), SealedValue("b" * 16, "email", "c2")]
    assert await vault.put(entries, tenant="acme", conversation_id="conv1") == 2
    assert await vault.get(["a" * 16, "b" * 16, "f" * 16], tenant="acme") == {"a" * 16: "c1", "b" * 16: "c2"}
    assert await vault.get(["a" * 16], tenant="globex") == {}
    assert await vault.get([], tenant="acme") == {}


async def test_put_is_idempotent_on_token_id(vault: VaultRepository) -> None:
    entry = SealedValue("0123456789abcdef", "mobile", "first")
    assert await vault.put([entry, entry], tenant="acme", conversation_id=None) == 1
    again = SealedValue("0123456789abcdef", "mobile", "second")
    assert await vault.put([again], tenant="acme", conversation_id="conv1") == 0
    assert await vault.get([entry.token_id], tenant="acme") == {entry.token_id: "first"}
    assert await vault.put([], tenant="acme", conversation_id=None) == 0


async def test_masker_entries_are_stored_as_they_are(vault: VaultRepository) -> None:
    masker = Masker({"mobile": "token"}, secret="a-test-secret")
    masked = masker.mask("电话 13812345678，备用 13987654321")
    assert len(masked.tokens) == 2
    await vault.put(masked.tokens, tenant="default", conversation_id="conv1")
    stored = await vault.get([t.token_id for t in masked.tokens], tenant="default")
    assert masker.reveal(masked.text, stored) == "电话 13812345678，备用 13987654321"


async def test_many_ids_are_read_in_chunks(vault: VaultRepository) -> None:
    entries = [SealedValue(f"{i:016x}", "mobile", f"c{i}") for i in range(1200)]
    assert await vault.put(entries, tenant="acme", conversation_id="conv1") == 1200
    found = await vault.get([e.token_id for e in entries], tenant="acme")
    assert len(found) == 1200 and found[f"{1199:016x}"] == "c1199"


async def test_forget_conversation_deletes_only_its_rows(vault: VaultRepository) -> None:
    await vault.put([SealedValue("1" * 16, "mobile", "x")], tenant="acme", conversation_id="conv1")
    await vault.put([SealedValue("2" * 16, "mobile", "y")], tenant="acme", conversation_id="conv2")
    await vault.put([SealedValue("3" * 16, "mobile", "z")], tenant="globex", conversation_id="conv1")
    assert await vault.forget_conversation("conv1", tenant="acme") == 1
    assert await vault.get(["1" * 16, "2" * 16], tenant="acme") == {"2" * 16: "y"}
    assert await vault.get(["3" * 16], tenant="globex") == {"3" * 16: "z"}


def _revision(connection: Connection, target: str, down: bool) -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, target)
    return set(inspect(connection).get_table_names())


async def test_migration_0006_upgrades_and_downgrades(database: Database) -> None:
    async with database.engine.begin() as connection:
        assert "pii_vault" in await connection.run_sync(_revision, "head", False)
        assert "pii_vault" not in await connection.run_sync(_revision, "0005", True)
        assert "pii_vault" in await connection.run_sync(_revision, "head", False)
