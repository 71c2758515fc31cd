"""`kefu audit ...` as an operator runs it, on a real SQLite file in a temporary data dir."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from kefu.cli import app
from kefu.config import load_settings
from kefu.dialog.runtime import open_database
from kefu.store.audit import AuditSigner, open_audit_log

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("KEFU_ENV", "KEFU_AUDIT_SIGNING_KEY", "KEFU_AUDIT_RETENTION_DAYS", "KEFU_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KEFU_AUDIT_CHECKPOINT_EVERY", "5")
    return tmp_path / "data"


def seed(data_dir: Path, count: int, *, statement: str | None = None) -> None:
    """Append `count` entries through the real log, then run one tampering SQL statement."""

    async def main() -> None:
        settings = load_settings(data_dir=data_dir, audit_checkpoint_every=5)
        async with open_database(settings) as database:
            audit = open_audit_log(settings, database)
            for n in range(count):
                await audit.append(
                    "turn", {"n": n, "问": "退货"}, tenant="t1", actor="u1", actor_role="customer"
                )
            if statement:
                async with database.engine.begin() as connection:
                    await connection.execute(text(statement))

    asyncio.run(main())


def test_verify_intact_log(data_dir: Path) -> None:
    seed(data_dir, 12)

    human = runner.invoke(app, ["audit", "verify"])
    machine = runner.invoke(app, ["audit", "verify", "--json"])

    assert human.exit_code == 0, human.output
    assert "intact" in human.output and "12 entries" in human.output
    assert machine.exit_code == 0
    assert json.loads(machine.output) | {"ok": True, "entries": 12, "checkpoints": 2} == json.loads(
        machine.output
    )


def test_verify_names_the_first_bad_entry(data_dir: Path) -> None:
    seed(data_dir, 12, statement="UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 6")

    human = runner.invoke(app, ["audit", "verify"])
    machine = runner.invoke(app, ["audit", "verify", "--json"])

    assert human.exit_code == 1
    assert "entry 6" in human.output and "hash_mismatch" in human.output
    assert machine.exit_code == 1
    report = json.loads(machine.output)
    assert report["ok"] is False and report["first_bad_seq"] == 6 and report["code"] == "hash_mismatch"


def test_verify_with_the_auditors_public_key(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, 6)
    exported = runner.invoke(app, ["audit", "public-key"])
    mine = tmp_path / "audit.pub"
    mine.write_text(exported.output)
    other = tmp_path / "other.pub"
    other.write_text(AuditSigner.generate().public_pem())

    assert "BEGIN PUBLIC KEY" in exported.output
    assert runner.invoke(app, ["audit", "verify", "--public-key", str(mine)]).exit_code == 0
    wrong = runner.invoke(app, ["audit", "verify", "--public-key", str(other)])
    assert wrong.exit_code == 1 and "unknown key" in wrong.output


def test_export_to_a_file_and_stdout(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, 3)
    today = datetime.now(UTC).date()
    out = tmp_path / "audit.jsonl"

    to_file = runner.invoke(
        app, ["audit", "export", "--from", today.isoformat(), "--to", today.isoformat(), "--out", str(out)]
    )
    later = runner.invoke(app, ["audit", "export", "--from", (today + timedelta(days=1)).isoformat()])

    assert to_file.exit_code == 0, to_file.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["seq"] for row in rows] == [1, 2, 3] and rows[0]["record"]["问"] == "退货"
    assert later.exit_code == 0 and later.stdout == ""
    everything = runner.invoke(app, ["audit", "export"])
    assert len(everything.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    "args", [["--from", "yesterday"], ["--to", "2026-13-01"], ["--from", "2026-02-01", "--to", "2026-01-01"]]
)
def test_export_refuses_bad_dates(data_dir: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["audit", "export", *args])

    assert result.exit_code == 2
    assert "--from" in result.output or "--to" in result.output


def test_checkpoint_and_prune(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir, 7)

    made = runner.invoke(app, ["audit", "checkpoint", "--json"])
    off = runner.invoke(app, ["audit", "prune"])
    monkeypatch.setenv("KEFU_AUDIT_RETENTION_DAYS", "30")
    kept = runner.invoke(app, ["audit", "prune", "--json"])

    assert made.exit_code == 0 and json.loads(made.output)["seq"] == 7
    assert off.exit_code == 0 and "retention is off" in off.output
    assert kept.exit_code == 0 and json.loads(kept.output)["deleted"] == 0
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_env_mismatch_stops_the_command(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seed(data_dir, 1)  # tags the database "dev"
    key = tmp_path / "key.pem"
    key.write_bytes(AuditSigner.generate().private_pem())
    monkeypatch.setenv("KEFU_ENV", "staging")
    monkeypatch.setenv("KEFU_SECRET_KEY", "s3cret-of-our-own-" + "x" * 16)
    monkeypatch.setenv("KEFU_AUDIT_SIGNING_KEY", str(key))

    result = runner.invoke(app, ["audit", "verify"])

    assert result.exit_code == 1 and "belongs to environment 'dev'" in result.output


def test_admin_actions_on_the_command_line_are_audited(tmp_path: Path) -> None:
    """Keys issued and revoked, and a KB ingested and deleted with the CLI, in the audit export."""
    env = {**os.environ, "KEFU_DATA_DIR": str(tmp_path / "data"), "KEFU_DEMO_KB": "false"}

    def kefu(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kefu", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)

    faq = tmp_path / "faq.csv"
    faq.write_text("id,question,answer\nq1,运费谁出,我们出\n", encoding="utf-8")
    created = kefu("auth", "create-key", "--role", "agent", "--tenant", "default", "--json")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)
    assert kefu("auth", "revoke-key", key["id"]).returncode == 0
    assert kefu("kb", "ingest", str(faq), "--kb", "shop", "--json").returncode == 0
    assert kefu("kb", "delete", "shop", "--yes").returncode == 0
    exported = kefu("audit", "export")
    entries = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [e["kind"] for e in entries] == ["key_issued", "key_revoked", "kb_change", "kb_change"]
    assert all(e["actor"].startswith("cli:") and e["actor_role"] == "operator" for e in entries)
    assert key["key"] not in exported.stdout  # the secret itself is never recorded
    assert kefu("audit", "verify").returncode == 0


def test_thresholds_calibrated_on_the_command_line_are_audited(tmp_path: Path) -> None:
    env = {**os.environ, "KEFU_DATA_DIR": str(tmp_path / "data")}
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"question": "满多少包邮", "expected_source": "faq.csv"},
        {"question": "你们卖不卖二手车", "expected_faq": None},
    ]
    cases.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    command = [sys.executable, "-m", "kefu", "eval", "calibrate", "--cases", str(cases), "--json"]
    calibrated = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert calibrated.returncode == 0, calibrated.stderr
    export = [sys.executable, "-m", "kefu", "audit", "export"]
    exported = subprocess.run(export, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    [entry] = [json.loads(line) for line in exported.stdout.splitlines()]
    assert entry["kind"] == "setting_changed" and entry["record"]["kb"] == "default"
    assert entry["record"]["retrieval"] == json.loads(calibrated.stdout)["after"]["settings"]
