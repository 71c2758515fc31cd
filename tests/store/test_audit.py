"""The audit log on a real SQLite file: the chain holds, and every kind of tampering is named."""

from __future__ import annotations

import asyncio
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kefu.config import load_settings
from kefu.errors import ConfigError
from kefu.store.audit import (
    GENESIS_HASH,
    AuditError,
    AuditLog,
    AuditSigner,
    AuditVerifier,
    canonical,
    entry_hash,
    load_signer,
    open_audit_log,
)
from kefu.store.database import Database

pytestmark = pytest.mark.anyio

START = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A clock that moves one minute each time it is read."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def signer() -> AuditSigner:
    return AuditSigner.generate()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def audit(database: Database, signer: AuditSigner, clock: Clock) -> AuditLog:
    return AuditLog(database.sessions, signer, checkpoint_every=10, clock=clock)


async def fill(audit: AuditLog, count: int) -> None:
    for n in range(count):
        await audit.append(
            "turn",
            {"n": n, "text": f"第{n}条消息", "nested": {"b": 1, "a": [1, 2]}},
            tenant="shop-a",
            actor="user-1",
            actor_role="customer",
            request_id=f"req-{n}",
        )


async def sql(database: Database, statement: str, **params: object) -> None:
    async with database.engine.begin() as connection:
        await connection.execute(text(statement), params)


async def test_appended_entries_chain_and_verify(audit: AuditLog) -> None:
    first = await audit.append(
        "kb_change", {"kb": "default"}, tenant=None, actor="system", actor_role="system"
    )
    await fill(audit, 24)

    report = await audit.verify()

    assert first.seq == 1 and first.prev_hash == GENESIS_HASH
    assert report.ok and report.entries == 25 and report.last_seq == 25
    assert report.checkpoints == 2  # at 10 and 20
    assert report.first_bad_seq is None and report.problem is None


async def test_hash_is_reproducible_from_the_documented_formula(audit: AuditLog) -> None:
    entry = await audit.append(
        "setting_changed", {"名字": "值", "z": None}, tenant="t", actor="admin", actor_role="admin"
    )
    fields = {
        "seq": 1,
        "ts": entry.ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "tenant": "t",
        "actor": "admin",
        "actor_role": "admin",
        "kind": "setting_changed",
        "request_id": None,
        "record": {"z": None, "名字": "值"},
    }
    assert entry.record == '{"z":null,"名字":"值"}'
    assert entry.hash == entry_hash(GENESIS_HASH, fields)
    assert canonical(fields).startswith(b'{"actor":"admin","actor_role":"admin","kind"')


async def test_empty_log_verifies(audit: AuditLog) -> None:
    report = await audit.verify()
    assert report.ok and report.entries == 0 and report.last_seq is None
    assert await audit.checkpoint() is None


async def test_edited_record_is_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 15)
    await sql(database, "UPDATE audit_entries SET record = :r WHERE seq = 7", r='{"n":700}')

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 7 and report.code == "hash_mismatch"
    assert "entry 7" in (report.problem or "")


async def test_edited_field_with_recomputed_hash_breaks_the_next_link(
    audit: AuditLog, database: Database
) -> None:
    await fill(audit, 5)
    await sql(database, "UPDATE audit_entries SET actor = 'intruder', hash = :h WHERE seq = 3", h="f" * 64)

    report = await audit.verify()

    # Entry 3's own hash no longer matches its fields: it is the first bad one.
    assert report.first_bad_seq == 3 and report.code == "hash_mismatch"


async def test_deleted_entry_is_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 15)
    await sql(database, "DELETE FROM audit_entries WHERE seq = 4")

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 4 and report.code == "missing"
    assert report.entries == 3


async def test_deleted_first_entry_is_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 3)
    await sql(database, "DELETE FROM audit_entries WHERE seq = 1")

    report = await audit.verify()

    assert report.first_bad_seq == 1 and report.code == "missing"


async def test_swapped_entries_are_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 15)
    for old, new in ((3, -1), (8, 3), (-1, 8)):
        await sql(database, "UPDATE audit_entries SET seq = :new WHERE seq = :old", old=old, new=new)

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 3 and report.code == "chain_broken"


async def test_truncated_tail_after_a_checkpoint_is_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 25)  # checkpoints at 10 and 20
    await sql(database, "DELETE FROM audit_entries WHERE seq > 16")

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 17 and report.code == "truncated"
    assert "20" in (report.problem or "")


async def test_rewritten_chain_is_caught_by_the_checkpoint(audit: AuditLog, database: Database) -> None:
    """An intruder without the key rewrites entries 1..12 with a consistent chain."""
    await fill(audit, 12)
    forged = AuditLog(database.sessions, AuditSigner.generate(), checkpoint_every=10_000, clock=Clock())
    await sql(database, "DELETE FROM audit_entries")
    for n in range(12):
        await forged.append(
            "turn", {"n": n, "text": "nothing to see"}, tenant=None, actor="u", actor_role="c"
        )

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 10 and report.code == "checkpoint_mismatch"


async def test_forged_checkpoint_signature_is_refused(audit: AuditLog, database: Database) -> None:
    await fill(audit, 12)
    await sql(database, "UPDATE audit_checkpoints SET signature = :s WHERE seq = 10", s="AAAA" * 22)

    report = await audit.verify()

    assert not report.ok and report.first_bad_seq == 10 and report.code == "checkpoint_signature"


async def test_checkpoint_signed_with_another_key_is_refused(database: Database, clock: Clock) -> None:
    intruder = AuditLog(database.sessions, AuditSigner.generate(), checkpoint_every=5, clock=clock)
    await fill(intruder, 6)

    report = await AuditLog(database.sessions, AuditSigner.generate()).verify()

    assert not report.ok and report.first_bad_seq == 5 and report.code == "checkpoint_signature"
    assert "unknown key" in (report.problem or "")


async def test_verifier_with_only_the_public_key(
    audit: AuditLog, signer: AuditSigner, database: Database
) -> None:
    await fill(audit, 11)
    verifier = AuditVerifier.from_pem(signer.public_pem().encode())

    report = await AuditLog(database.sessions, None, verifier=verifier).verify()

    assert report.ok and report.entries == 11


async def test_on_demand_checkpoint_protects_the_tail(audit: AuditLog, database: Database) -> None:
    await fill(audit, 13)
    checkpoint = await audit.checkpoint()
    assert checkpoint is not None and checkpoint.seq == 13
    assert (await audit.checkpoint()).seq == 13  # type: ignore[union-attr]  # idempotent
    await sql(database, "DELETE FROM audit_entries WHERE seq = 13")

    report = await audit.verify()

    assert report.first_bad_seq == 13 and report.code == "truncated"


async def test_concurrent_appends_keep_one_chain(audit: AuditLog) -> None:
    entries = await asyncio.gather(
        *(audit.append("turn", {"n": n}, tenant="t", actor=f"u{n}", actor_role="customer") for n in range(50))
    )

    assert sorted(entry.seq for entry in entries) == list(range(1, 51))
    assert (await audit.verify()).ok


async def test_two_logs_on_one_database_do_not_fork(database: Database, signer: AuditSigner) -> None:
    """Two AuditLog objects (as in two processes) share only the database."""
    one, two = (AuditLog(database.sessions, signer, checkpoint_every=7) for _ in range(2))

    await asyncio.gather(
        *(
            log.append("turn", {"n": n}, tenant=None, actor="a", actor_role="r")
            for n in range(20)
            for log in (one, two)
        )
    )

    report = await one.verify()
    assert report.ok and report.entries == 40


async def test_export_by_date_range(audit: AuditLog) -> None:
    await fill(audit, 10)  # ts = 08:01 .. 08:10

    rows = [row async for row in audit.export(START + timedelta(minutes=3), START + timedelta(minutes=6))]
    naive = [row async for row in audit.export(datetime(2026, 1, 1, 8, 9), None)]

    assert [row["seq"] for row in rows] == [3, 4, 5]
    assert rows[0]["record"]["text"] == "第2条消息" and rows[0]["ts"] == "2026-01-01T08:03:00.000000Z"
    assert set(rows[0]) >= {"prev_hash", "hash", "tenant", "actor", "actor_role", "kind", "request_id"}
    assert [row["seq"] for row in naive] == [9, 10]
    assert len([row async for row in audit.export()]) == 10


async def test_exported_entries_can_be_checked_offline(audit: AuditLog) -> None:
    await fill(audit, 5)
    prev = GENESIS_HASH
    async for row in audit.export():
        hashed = {key: value for key, value in row.items() if key not in ("prev_hash", "hash")}
        assert row["prev_hash"] == prev
        assert entry_hash(prev, hashed) == row["hash"]
        prev = row["hash"]


async def test_retention_keeps_the_chain_verifiable(
    audit: AuditLog, clock: Clock, database: Database
) -> None:
    await fill(audit, 25)  # 08:01 .. 08:10, checkpoint at 08:11, then 08:12 (entry 11), 08:13 (entry 12) ...

    report = await audit.prune(START + timedelta(minutes=14), actor="admin-1", actor_role="admin")

    assert report.deleted == 12 and report.anchor_seq == 12
    assert report.entry is not None and report.entry.kind == "audit_pruned" and report.entry.seq == 26
    assert json.loads(report.entry.record)["anchor_seq"] == 12
    verified = await audit.verify()
    assert verified.ok and verified.entries == 14 and verified.anchor_seq == 12
    await fill(audit, 3)
    assert (await audit.verify()).ok
    remaining = [row["seq"] async for row in audit.export()]
    assert remaining[0] == 13 and remaining[-1] == 29

    await sql(database, "DELETE FROM audit_entries WHERE seq = 13")
    broken = await audit.verify()
    assert broken.first_bad_seq == 13 and broken.code == "missing"


async def test_pruning_everything_then_appending(audit: AuditLog) -> None:
    await fill(audit, 4)
    report = await audit.prune(START + timedelta(days=1))
    again = await audit.prune(START + timedelta(days=1))

    assert report.deleted == 4 and report.anchor_seq == 4
    assert again.deleted == 1 and again.anchor_seq == 5  # the first prune's own entry
    await fill(audit, 2)
    assert (await audit.verify()).ok


async def test_pruning_refuses_a_tampered_log(audit: AuditLog, database: Database) -> None:
    await fill(audit, 5)
    await sql(database, "DELETE FROM audit_entries WHERE seq = 2")

    with pytest.raises(AuditError, match="entry 2"):
        await audit.prune(START + timedelta(days=1))


async def test_nothing_old_enough_prunes_nothing(audit: AuditLog) -> None:
    await fill(audit, 3)
    report = await audit.prune(START)
    assert report.deleted == 0 and report.entry is None


async def test_records_hold_any_json_value(audit: AuditLog) -> None:
    entry = await audit.append(
        "key_issued", {"at": START, "path": Path("/x")}, tenant=None, actor="a", actor_role="admin"
    )
    assert json.loads(entry.record) == {"at": "2026-01-01 08:00:00+00:00", "path": "/x"}
    with pytest.raises(ValueError, match="longer than 32"):
        await audit.append("k" * 40, {}, tenant=None, actor="a", actor_role="admin")


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KEFU_ENV", "KEFU_AUDIT_SIGNING_KEY", "KEFU_DATA_DIR", "KEFU_DEMO_KB"):
        monkeypatch.delenv(name, raising=False)


def test_dev_generates_a_private_key_file(tmp_path: Path, no_env: None) -> None:
    settings = load_settings(data_dir=tmp_path)

    signer = load_signer(settings)
    again = load_signer(settings)

    key_file = tmp_path / "audit-signing-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert signer.key_id == again.key_id and len(signer.key_id) == 16


def test_outside_dev_the_key_file_is_required(tmp_path: Path, no_env: None) -> None:
    settings = load_settings(
        data_dir=tmp_path, env="staging", secret_key="s3cret-of-our-own-" + "x" * 16, demo_kb=False
    )
    with pytest.raises(ConfigError, match="KEFU_AUDIT_SIGNING_KEY"):
        load_signer(settings)
    with pytest.raises(ConfigError, match="KEFU_AUDIT_SIGNING_KEY"):
        load_signer(settings.model_copy(update={"audit_signing_key": tmp_path / "missing.pem"}))
    (tmp_path / "bad.pem").write_text("not a key")
    with pytest.raises(ConfigError, match="Ed25519"):
        load_signer(settings.model_copy(update={"audit_signing_key": tmp_path / "bad.pem"}))

    key = tmp_path / "key.pem"
    key.write_bytes(AuditSigner.generate().private_pem())
    assert load_signer(settings.model_copy(update={"audit_signing_key": key})).key_id


async def test_open_audit_log_from_settings(tmp_path: Path, database: Database, no_env: None) -> None:
    settings = load_settings(data_dir=tmp_path, audit_checkpoint_every=2)
    audit = open_audit_log(settings, database)

    await fill(audit, 3)

    assert audit.checkpoint_every == 2 and (await audit.verify()).checkpoints == 1


async def test_a_tampered_anchor_is_named(audit: AuditLog, database: Database) -> None:
    await fill(audit, 6)
    await audit.prune(START + timedelta(minutes=4))  # anchor at entry 3
    await sql(database, "UPDATE audit_checkpoints SET hash = :h WHERE seq = 3", h="0" * 64)
    forged = await audit.verify()
    await sql(database, "DELETE FROM audit_checkpoints WHERE seq = 3")
    missing = await audit.verify()

    assert forged.first_bad_seq == 3 and forged.code == "checkpoint_signature"
    assert missing.first_bad_seq == 3 and missing.code == "checkpoint_missing"
