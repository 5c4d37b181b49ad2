"""The audit trail: who created, changed, viewed, finalised, exported or imported what, and when.

Each entry carries the hash of the one before it, and its own hash covers its sequence number,
time, OS user, action, record id, detail and that previous hash. Editing, deleting or reordering
any entry therefore breaks the chain at that point, which verify_chain reports. The detail holds
only ids, hashes and format names: never case text.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Connection, func, insert, select

from .tables import audit_entry

GENESIS_HASH = "0" * 64
_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
# Detail is built from ids, hashes and format names only; this keeps anything else out.
_SAFE_DETAIL = re.compile(r"[A-Za-z0-9_=., -]*")
_OS_USER_MAX = 64


class Action(StrEnum):
    CREATE = "create"
    CHANGE = "change"
    FINALISE = "finalise"
    VIEW = "view"
    EXPORT = "export"
    ADDENDUM = "addendum"
    IMPORT = "import"
    SEAL = "seal"  # a record finalised before seals existed, sealed by migration v4


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    os_user: str
    action: str
    record_id: str | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class AuditVerification:
    ok: bool
    checked: int
    first_broken: int | None  # the seq at which the chain first fails, None when it holds
    problem: str  # a plain sentence; empty when ok


def current_os_user() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        # No login name in the environment and no passwd entry (some containers).
        return "unknown"
    return user[:_OS_USER_MAX] or "unknown"


def stamp(moment: datetime) -> str:
    """UTC ISO 8601 with microseconds and a Z: fixed width, so text order is time order."""
    return moment.astimezone(UTC).strftime(_STAMP_FORMAT)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, _STAMP_FORMAT).replace(tzinfo=UTC)


def entry_hash(
    seq: int,
    at: str,
    os_user: str,
    action: str,
    record_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    # A JSON array is unambiguous (no field can bleed into the next) and the same on every
    # platform and database, so the chain can be checked anywhere.
    canonical = json.dumps(
        [seq, at, os_user, action, record_id, detail, prev_hash],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def append(
    connection: Connection,
    action: Action,
    record_id: str | None,
    detail: str = "",
    *,
    at: datetime,
    os_user: str | None = None,
) -> AuditEntry:
    """Add one entry at the end of the chain; call inside a write transaction."""
    if not _SAFE_DETAIL.fullmatch(detail):
        raise ValueError("audit detail may hold only ids, hashes and format names")
    last = connection.execute(
        select(audit_entry.c.seq, audit_entry.c.hash).order_by(audit_entry.c.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    user = os_user if os_user is not None else current_os_user()
    at_text = stamp(at)
    digest = entry_hash(seq, at_text, user, action.value, record_id, detail, prev_hash)
    connection.execute(
        insert(audit_entry).values(
            seq=seq,
            at=at_text,
            os_user=user,
            action=action.value,
            record_id=record_id,
            detail=detail,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    return AuditEntry(
        seq, parse_stamp(at_text), user, action.value, record_id, detail, prev_hash, digest
    )


def last_for_record(connection: Connection, record_id: str) -> AuditEntry | None:
    row = connection.execute(
        select(audit_entry)
        .where(audit_entry.c.record_id == record_id)
        .order_by(audit_entry.c.seq.desc())
        .limit(1)
    ).first()
    return _entry(row) if row else None


def trail(connection: Connection, record_id: str | None = None) -> list[AuditEntry]:
    query = select(audit_entry).order_by(audit_entry.c.seq)
    if record_id is not None:
        query = query.where(audit_entry.c.record_id == record_id)
    return [_entry(row) for row in connection.execute(query)]


def count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(audit_entry)).scalar_one())


def _entry(row: object) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,  # type: ignore[attr-defined]
        at=_parse_or_epoch(row.at),  # type: ignore[attr-defined]
        os_user=row.os_user,  # type: ignore[attr-defined]
        action=row.action,  # type: ignore[attr-defined]
        record_id=row.record_id,  # type: ignore[attr-defined]
        detail=row.detail,  # type: ignore[attr-defined]
        prev_hash=row.prev_hash,  # type: ignore[attr-defined]
        hash=row.hash,  # type: ignore[attr-defined]
    )


def _parse_or_epoch(text: str) -> datetime:
    # A tampered time must not stop the trail being shown; verify_chain reports it instead.
    try:
        return parse_stamp(text)
    except (TypeError, ValueError):
        return datetime.fromtimestamp(0, UTC)


def verify_chain(connection: Connection) -> AuditVerification:
    """Walk the whole chain in seq order and report the first entry that does not hold."""
    rows = connection.execute(
        select(
            audit_entry.c.seq,
            audit_entry.c.at,
            audit_entry.c.os_user,
            audit_entry.c.action,
            audit_entry.c.record_id,
            audit_entry.c.detail,
            audit_entry.c.prev_hash,
            audit_entry.c.hash,
        ).order_by(audit_entry.c.seq)
    )
    return verify_rows(rows)


def verify_rows(rows: Iterable[tuple]) -> AuditVerification:
    expected_seq, expected_prev = 1, GENESIS_HASH
    checked = 0
    for seq, at, os_user, action, record_id, detail, prev_hash, digest in rows:
        if seq != expected_seq:
            missing = (
                f"entry {expected_seq} is missing"
                if seq > expected_seq
                else f"entry {seq} is out of place"
            )
            return _broken(
                checked, min(seq, expected_seq), f"The audit log has been tampered with: {missing}."
            )
        if prev_hash != expected_prev:
            return _broken(
                checked,
                seq,
                f"The audit log has been tampered with: entry {seq} does not follow the entry "
                "before it (an entry was removed, replaced or moved).",
            )
        recomputed = entry_hash(seq, at, os_user, action, record_id, detail, prev_hash)
        if recomputed != digest:
            return _broken(
                checked,
                seq,
                f"The audit log has been tampered with: entry {seq} was changed after it "
                "was written.",
            )
        checked += 1
        expected_seq, expected_prev = seq + 1, digest
    return AuditVerification(ok=True, checked=checked, first_broken=None, problem="")


def _broken(checked: int, seq: int, problem: str) -> AuditVerification:
    return AuditVerification(ok=False, checked=checked, first_broken=seq, problem=problem)
