"""The tamper-evident audit log: an append-only SHA-256 hash chain with Ed25519-signed checkpoints.

Each entry's hash covers the hash before it and the entry's own fields:

    hash = SHA-256(prev_hash_hex || canonical({"seq", "ts", "tenant", "actor", "actor_role",
                                               "kind", "request_id", "record"}))

where `canonical` is JSON with sorted keys, no spaces, UTF-8 (not \\u-escaped), and `ts` is UTC
written `YYYY-MM-DDTHH:MM:SS.ffffffZ`. The first entry's prev_hash is 64 zeros. Every
`checkpoint_every` entries (and on demand) the chain's hash at that seq is signed with an
Ed25519 key that lives outside the database, so rewriting the log needs the key as well as
write access to the database. Retention deletes entries only up to a checkpoint, which stays as
the chain's new anchor (its seq is kept in `kefu_meta`); see docs/security.md.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kefu.config import Settings
from kefu.errors import ConfigError, KefuError
from kefu.store.audit_models import AuditCheckpoint, AuditEntry, Meta
from kefu.store.database import Database
from kefu.store.models import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

GENESIS_HASH = "0" * 64
ANCHOR_KEY = "audit.anchor_seq"
DEV_KEY_FILE = "audit-signing-key.pem"
BATCH = 1000
APPEND_ATTEMPTS = 20

# Kinds the rest of kefu records (free text is allowed; these keep the names consistent).
TURN = "turn"
SAFETY_BLOCK = "safety_block"
KB_CHANGE = "kb_change"
KEY_ISSUED = "key_issued"
KEY_REVOKED = "key_revoked"
SETTING_CHANGED = "setting_changed"
AGENT_TAKEOVER = "agent_takeover"
HANDOFF = "handoff"
AUDIT_PRUNED = "audit_pruned"
SYSTEM = "system"


class AuditError(KefuError):
    """The audit log cannot do what was asked (for example, prune a log that fails verification)."""

    code = "audit_error"


def canonical(value: Any) -> bytes:
    """The one byte form that is hashed and signed: sorted keys, no spaces, UTF-8."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def canonical_record(record: Mapping[str, Any]) -> str:
    """The record as stored; values JSON cannot hold (datetimes, UUIDs, paths) become strings."""
    normalised = json.loads(json.dumps(record, default=str, allow_nan=False))
    return canonical(normalised).decode("utf-8")


def as_utc(ts: datetime) -> datetime:
    """UTC, trusting that a naive value (SQLite returns those) is already UTC."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def format_ts(ts: datetime) -> str:
    return as_utc(ts).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The chain hash of one entry; `fields` as in `hashed_fields`."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(dict(fields))).hexdigest()


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    """What an entry's hash covers; raises ValueError when the stored record is not JSON."""
    return _fields(entry, json.loads(entry.record))


def _fields(entry: AuditEntry, record: Any) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "ts": format_ts(entry.ts),
        "tenant": entry.tenant,
        "actor": entry.actor,
        "actor_role": entry.actor_role,
        "kind": entry.kind,
        "request_id": entry.request_id,
        "record": record,
    }


def checkpoint_message(seq: int, chain_hash: str, ts: datetime, key_id: str) -> bytes:
    """The bytes an Ed25519 checkpoint signature covers."""
    return canonical({"seq": seq, "hash": chain_hash, "ts": format_ts(ts), "key_id": key_id})


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint: the first 16 hex digits of SHA-256 over the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class AuditVerifier:
    """Checks checkpoint signatures with one or more public keys (old keys after a rotation)."""

    def __init__(self, public_keys: Iterable[Ed25519PublicKey]) -> None:
        self.keys = {key_id_of(key): key for key in public_keys}

    @classmethod
    def from_pem(cls, data: bytes) -> AuditVerifier:
        """From a PEM public key, or a private key (its public half is used)."""
        if b"PRIVATE KEY" in data:
            return cls([_private_from_pem(data).public_key()])
        key = serialization.load_pem_public_key(data)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return cls([key])

    def problem(self, checkpoint: AuditCheckpoint) -> str | None:
        """None when the checkpoint's signature is good, else why not."""
        key = self.keys.get(checkpoint.key_id)
        if key is None:
            return f"checkpoint {checkpoint.seq} is signed by unknown key {checkpoint.key_id!r}"
        message = checkpoint_message(checkpoint.seq, checkpoint.hash, checkpoint.ts, checkpoint.key_id)
        try:
            key.verify(base64.b64decode(checkpoint.signature, validate=True), message)
        except (InvalidSignature, ValueError):
            return f"checkpoint {checkpoint.seq} has an invalid signature"
        return None


class AuditSigner:
    """The Ed25519 private key that signs checkpoints; kept in a PEM file, never in the database."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.key_id = key_id_of(private_key.public_key())

    @classmethod
    def generate(cls) -> AuditSigner:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self._key.sign(message)).decode("ascii")

    @property
    def verifier(self) -> AuditVerifier:
        return AuditVerifier([self._key.public_key()])

    def public_pem(self) -> str:
        """The public key an auditor needs (`kefu audit public-key`)."""
        return (
            self._key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode("ascii")
        )

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _private_from_pem(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def load_signer(settings: Settings) -> AuditSigner:
    """The signing key of `settings.audit_signing_key`; in dev, one generated in data_dir if unset."""
    path = settings.audit_signing_key
    if path is None:
        if settings.env != "dev":
            raise ConfigError(
                f"KEFU_AUDIT_SIGNING_KEY must name an Ed25519 PEM key file in {settings.env} "
                "(create one: openssl genpkey -algorithm ed25519 -out audit-signing-key.pem)",
                f"{settings.env} 环境必须设置 KEFU_AUDIT_SIGNING_KEY"
                "（Ed25519 PEM 私钥文件，存放在数据库之外）",
            )
        path = settings.data_dir / DEV_KEY_FILE
        if not path.exists():
            write_signing_key(path)
    try:
        return AuditSigner(_private_from_pem(path.read_bytes()))
    except OSError as exc:
        raise ConfigError(
            f"KEFU_AUDIT_SIGNING_KEY={path}: cannot read the audit signing key ({exc.strerror})",
            f"无法读取审计签名密钥 KEFU_AUDIT_SIGNING_KEY={path}（{exc.strerror}）",
        ) from None
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"KEFU_AUDIT_SIGNING_KEY={path}: not an unencrypted Ed25519 PEM private key ({exc})",
            f"KEFU_AUDIT_SIGNING_KEY={path} 不是未加密的 Ed25519 PEM 私钥",
        ) from None


def write_signing_key(path: Path) -> None:
    """Create the dev key with mode 0600; if another process wins the race, keep its key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    signer = AuditSigner.generate()
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(signer.private_pem())
        os.link(partial, path)
        log.warning(
            "generated audit signing key %s (key id %s); outside dev set KEFU_AUDIT_SIGNING_KEY "
            "to a key kept away from the database",
            path,
            signer.key_id,
        )
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of `AuditLog.verify`: `first_bad_seq` and `problem` say where and why it broke."""

    ok: bool
    entries: int  # entries checked (all of them when ok)
    first_bad_seq: int | None = None
    problem: str | None = None
    code: str | None = None  # missing | chain_broken | hash_mismatch | record_invalid | checkpoint_*
    checkpoints: int = 0
    anchor_seq: int = 0  # entries up to here were pruned
    last_seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PruneReport:
    deleted: int
    anchor_seq: int
    entry: AuditEntry | None  # the `audit_pruned` entry, when something was pruned


class AuditLog:
    """Appends to, verifies, exports and prunes the audit log.

    One per process: appends serialise on an asyncio lock, and across processes on the seq
    primary key (a conflicting insert is retried on the new tail), so the chain never forks.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        signer: AuditSigner | None,
        *,
        checkpoint_every: int = 1000,
        verifier: AuditVerifier | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if signer is None and verifier is None:
            raise ValueError("an AuditLog needs a signer, a verifier, or both")
        self._sessions = sessions
        self._signer = signer
        self._verifier = verifier or (signer.verifier if signer else None)
        self.checkpoint_every = checkpoint_every
        self._clock = clock
        self._lock = asyncio.Lock()

    async def append(
        self,
        kind: str,
        record: Mapping[str, Any],
        *,
        tenant: str | None,
        actor: str,
        actor_role: str,
        request_id: str | None = None,
    ) -> AuditEntry:
        """Add one entry at the end of the chain (and a checkpoint when one is due)."""
        _check_lengths(kind=(kind, 32), actor=(actor, 128), actor_role=(actor_role, 32))
        _check_lengths(tenant=(tenant or "", 64), request_id=(request_id or "", 64))
        text = canonical_record(record)
        fields = {"tenant": tenant, "actor": actor, "actor_role": actor_role, "kind": kind}
        return await self._write(lambda session: self._insert(session, text, request_id, fields))

    async def checkpoint(self) -> AuditCheckpoint | None:
        """Sign the chain's current tail now; None when the log is empty."""
        return await self._write(self._checkpoint_tail)

    async def verify(self) -> VerifyReport:
        """Walk the whole chain and every checkpoint; report the first entry that is wrong."""
        if self._verifier is None:
            raise ValueError("verify needs a verifier")
        async with self._sessions() as session:
            anchor = await _anchor_seq(session)
            rows = await session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq))
            checkpoints = {cp.seq: cp for cp in rows if cp.seq >= anchor}
            walk = _ChainWalk(self._verifier, anchor, checkpoints)
            failure = walk.start()
            if failure:
                return failure
            async for entry in _entries(session, AuditEntry.seq > anchor):
                failure = walk.step(entry)
                if failure:
                    return failure
            return walk.finish()

    async def export(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Entries with start <= ts < end (naive datetimes are UTC), oldest first, as JSON-ready dicts."""
        conditions = []
        if start is not None:
            conditions.append(AuditEntry.ts >= as_utc(start))
        if end is not None:
            conditions.append(AuditEntry.ts < as_utc(end))
        async with self._sessions() as session:
            async for entry in _entries(session, *conditions):
                yield entry_dict(entry)

    async def prune(
        self, older_than: datetime, *, actor: str = SYSTEM, actor_role: str = SYSTEM
    ) -> PruneReport:
        """Delete entries before `older_than`, keeping the chain verifiable.

        The log is verified first (pruning must not destroy the evidence of tampering); then
        the last old entry is checkpointed, entries up to it and older checkpoints are deleted,
        that checkpoint becomes the anchor, and an `audit_pruned` entry records all this.
        """
        report = await self.verify()
        if not report.ok:
            raise AuditError(
                f"the audit log fails verification at entry {report.first_bad_seq} ({report.problem}); "
                "nothing was pruned",
                f"审计日志校验失败（第 {report.first_bad_seq} 条：{report.problem}），未删除任何记录",
            )
        cutoff = as_utc(older_than)
        return await self._write(lambda session: self._prune(session, cutoff, actor, actor_role))

    async def _write(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` in a transaction under the lock, retrying when another writer got there first."""
        async with self._lock:
            for attempt in range(APPEND_ATTEMPTS):
                try:
                    async with self._sessions() as session, session.begin():
                        result = await work(session)
                    return result
                except (IntegrityError, OperationalError):
                    # Another process took this seq (or SQLite's snapshot went stale): read the tail again.
                    if attempt == APPEND_ATTEMPTS - 1:
                        raise
                    await asyncio.sleep(0.005 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _insert(
        self, session: AsyncSession, record: str, request_id: str | None, fields: dict[str, Any]
    ) -> AuditEntry:
        last_seq, last_hash = await _tail(session)
        entry = AuditEntry(
            seq=last_seq + 1, ts=as_utc(self._clock()), request_id=request_id, record=record, **fields
        )
        entry.prev_hash = last_hash
        entry.hash = entry_hash(last_hash, hashed_fields(entry))
        session.add(entry)
        await session.flush()
        if entry.seq % self.checkpoint_every == 0:
            session.add(self._sign(entry.seq, entry.hash))
        return entry

    async def _checkpoint_tail(self, session: AsyncSession) -> AuditCheckpoint | None:
        last = await session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        if last is None:
            return None
        return await self._checkpoint_at(session, last.seq, last.hash)

    async def _checkpoint_at(self, session: AsyncSession, seq: int, chain_hash: str) -> AuditCheckpoint:
        existing = await session.get(AuditCheckpoint, seq)
        if existing is not None:
            return existing
        checkpoint = self._sign(seq, chain_hash)
        session.add(checkpoint)
        await session.flush()
        return checkpoint

    def _sign(self, seq: int, chain_hash: str) -> AuditCheckpoint:
        if self._signer is None:
            raise ConfigError(
                "the audit log was opened without its signing key (KEFU_AUDIT_SIGNING_KEY)",
                "审计日志未加载签名密钥（KEFU_AUDIT_SIGNING_KEY）",
            )
        ts = as_utc(self._clock())
        signature = self._signer.sign(checkpoint_message(seq, chain_hash, ts, self._signer.key_id))
        return AuditCheckpoint(
            seq=seq, hash=chain_hash, ts=ts, signature=signature, key_id=self._signer.key_id
        )

    async def _prune(self, session: AsyncSession, cutoff: datetime, actor: str, role: str) -> PruneReport:
        anchor = await _anchor_seq(session)
        last_old = await session.scalar(
            select(AuditEntry).where(AuditEntry.ts < cutoff).order_by(AuditEntry.seq.desc()).limit(1)
        )
        if last_old is None or last_old.seq <= anchor:
            return PruneReport(deleted=0, anchor_seq=anchor, entry=None)
        checkpoint = await self._checkpoint_at(session, last_old.seq, last_old.hash)
        deleted = await session.execute(delete(AuditEntry).where(AuditEntry.seq <= last_old.seq))
        await session.execute(delete(AuditCheckpoint).where(AuditCheckpoint.seq < last_old.seq))
        await _set_meta(session, ANCHOR_KEY, str(last_old.seq))
        count = int(getattr(deleted, "rowcount", 0) or 0)
        record = {
            "before": format_ts(cutoff),
            "deleted": count,
            "anchor_seq": checkpoint.seq,
            "anchor_hash": checkpoint.hash,
        }
        fields = {"tenant": None, "actor": actor, "actor_role": role, "kind": AUDIT_PRUNED}
        entry = await self._insert(session, canonical_record(record), None, fields)
        return PruneReport(deleted=count, anchor_seq=last_old.seq, entry=entry)


class _ChainWalk:
    """The checks of `verify`, one entry at a time, in seq order."""

    def __init__(self, verifier: AuditVerifier, anchor: int, checkpoints: dict[int, AuditCheckpoint]) -> None:
        self.verifier = verifier
        self.anchor = anchor
        self.checkpoints = checkpoints
        self.expected = anchor + 1
        self.prev_hash = GENESIS_HASH
        self.count = 0

    def fail(self, seq: int, code: str, problem: str) -> VerifyReport:
        return VerifyReport(
            ok=False,
            entries=self.count,
            first_bad_seq=seq,
            problem=problem,
            code=code,
            checkpoints=len(self.checkpoints),
            anchor_seq=self.anchor,
            last_seq=self.expected - 1 if self.count else None,
        )

    def start(self) -> VerifyReport | None:
        if self.anchor == 0:
            return None
        anchor = self.checkpoints.get(self.anchor)
        if anchor is None:
            return self.fail(
                self.anchor, "checkpoint_missing", f"the anchor checkpoint {self.anchor} is missing"
            )
        problem = self.verifier.problem(anchor)
        if problem:
            return self.fail(self.anchor, "checkpoint_signature", problem)
        self.prev_hash = anchor.hash
        return None

    def step(self, entry: AuditEntry) -> VerifyReport | None:
        seq = entry.seq
        if seq != self.expected:
            return self.fail(
                self.expected, "missing", f"entry {self.expected} is missing (the next stored entry is {seq})"
            )
        if entry.prev_hash != self.prev_hash:
            return self.fail(
                seq,
                "chain_broken",
                f"entry {seq} does not follow entry {seq - 1} (prev_hash differs): "
                "entries were removed, reordered or rewritten",
            )
        try:
            computed = entry_hash(entry.prev_hash, hashed_fields(entry))
        except ValueError:
            return self.fail(seq, "record_invalid", f"entry {seq}'s record is not valid JSON: it was edited")
        if computed != entry.hash:
            return self.fail(
                seq, "hash_mismatch", f"entry {seq} was modified: its hash does not match its fields"
            )
        checkpoint = self.checkpoints.get(seq)
        if checkpoint is not None and seq != self.anchor:
            failure = self._check_checkpoint(checkpoint, entry.hash)
            if failure:
                return failure
        self.prev_hash = entry.hash
        self.expected += 1
        self.count += 1
        return None

    def _check_checkpoint(self, checkpoint: AuditCheckpoint, chain_hash: str) -> VerifyReport | None:
        problem = self.verifier.problem(checkpoint)
        if problem:
            return self.fail(checkpoint.seq, "checkpoint_signature", problem)
        if checkpoint.hash != chain_hash:
            return self.fail(
                checkpoint.seq,
                "checkpoint_mismatch",
                f"the chain at entry {checkpoint.seq} differs from its signed checkpoint: "
                "the log was rewritten up to there",
            )
        return None

    def finish(self) -> VerifyReport:
        beyond = sorted(seq for seq in self.checkpoints if seq >= self.expected)
        if beyond:
            checkpoint = self.checkpoints[beyond[0]]
            problem = self.verifier.problem(checkpoint)
            if problem:
                return self.fail(checkpoint.seq, "checkpoint_signature", problem)
            return self.fail(
                self.expected,
                "truncated",
                f"entries {self.expected} to {checkpoint.seq} are missing: the log ends before its signed "
                f"checkpoint {checkpoint.seq}",
            )
        return VerifyReport(
            ok=True,
            entries=self.count,
            checkpoints=len(self.checkpoints),
            anchor_seq=self.anchor,
            last_seq=self.expected - 1 if self.expected - 1 > self.anchor else None,
        )


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    """One exported entry: the hashed fields (record as JSON) plus prev_hash and hash."""
    try:
        record: Any = json.loads(entry.record)
    except ValueError:
        record = entry.record
    return {**_fields(entry, record), "prev_hash": entry.prev_hash, "hash": entry.hash}


def open_audit_log(settings: Settings, database: Database) -> AuditLog:
    """The audit log of a running kefu, signing with the configured key."""
    return AuditLog(
        database.sessions, load_signer(settings), checkpoint_every=settings.audit_checkpoint_every
    )


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return as_utc(now or utcnow()) - timedelta(days=days)


async def _tail(session: AsyncSession) -> tuple[int, str]:
    """The seq and hash the next entry chains to: the last entry, else the anchor, else genesis."""
    last = await session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    )
    row = last.first()
    if row is not None:
        return int(row.seq), str(row.hash)
    anchor = await _anchor_seq(session)
    checkpoint = await session.get(AuditCheckpoint, anchor) if anchor else None
    return (anchor, checkpoint.hash) if checkpoint else (0, GENESIS_HASH)


async def _entries(session: AsyncSession, *conditions: Any) -> AsyncIterator[AuditEntry]:
    """Entries in seq order, read in batches so a long log never sits in memory."""
    after: int | None = None
    while True:
        query = select(AuditEntry).where(*conditions).order_by(AuditEntry.seq).limit(BATCH)
        if after is not None:
            query = query.where(AuditEntry.seq > after)
        batch = list(await session.scalars(query))
        for entry in batch:
            yield entry
        if len(batch) < BATCH:
            return
        after = batch[-1].seq
        session.expunge_all()


async def _anchor_seq(session: AsyncSession) -> int:
    value = await session.scalar(select(Meta.value).where(Meta.key == ANCHOR_KEY))
    return int(value) if value else 0


async def _set_meta(session: AsyncSession, key: str, value: str) -> None:
    row = await session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value, updated_at=utcnow()))
    else:
        row.value = value
        row.updated_at = utcnow()
    await session.flush()


def _check_lengths(**values: tuple[str, int]) -> None:
    for name, (value, limit) in values.items():
        if len(value) > limit:
            raise ValueError(f"audit {name} is longer than {limit} characters: {value[:40]!r}...")


__all__ = [
    "AuditError",
    "AuditLog",
    "AuditSigner",
    "AuditVerifier",
    "PruneReport",
    "VerifyReport",
    "canonical",
    "entry_hash",
    "load_signer",
    "open_audit_log",
]
