"""The seal on a finalised record: what it said when it was finalised, hashed, chained, signed.

Canonical JSON of a record is its pydantic JSON-mode dump (``model_dump(mode="json")``) without
its addenda (later notes live beside the record, never in it) and without any field that says
nothing: one holding its fixed default, an empty list or mapping made by its default factory, or
a section (a sub-model made by its factory) with nothing left in it. So a field added to the
record in a later version, with a default that means "not given", leaves the hash of every
record sealed before it unchanged; a default, once released, is never changed. Defaults made
afresh each time (an id, the time of creation) are always kept. It is written with keys
sorted at every level, no whitespace (``","`` and ``":"`` separators), characters as themselves
(not ``\\u`` escapes) and encoded as UTF-8; NaN and infinity cannot appear. The seal's hash is
the SHA-256 of those bytes, in lower-case hex. The signature is Ed25519 over the ASCII bytes
``"consult-tui seal v1\\n" + hash`` with the installation key (security/signing.py).

The hash goes into the audit trail with the finalisation (or import), so the chain vouches for
it; the signature lets another installation check the record without this one's database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sqlalchemy import Connection, insert, select, update

from consult_tui.domain.record import Consultation, DecisionOutcome, Status
from consult_tui.security.signing import ALGORITHM, InstallationKey, verify

from .tables import audit_entry, consultation
from .tables import seal as seal_table

SEAL_PREFIX = b"consult-tui seal v1\n"
VERIFIED = "sealed"
NOT_VERIFIED = "imported, not verified"
# What every screen and export shows beside a record imported with --unverified.
NOT_VERIFIED_LABEL = "imported, not verified"
_HEX64 = r"^[0-9a-f]{64}$"


def canonical_json(record: Consultation) -> bytes:
    """The record's canonical bytes, as defined at the top of this module."""
    data = _said(record, record.model_dump(mode="json", exclude={"addenda", "seal"}))
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


_EMPTY_FACTORIES: tuple[Any, ...] = (list, dict, tuple, set, frozenset)


def _said(model: BaseModel, dumped: dict[str, Any]) -> dict[str, Any]:
    """The dump of ``model`` without the fields that say nothing (see the top of this module)."""
    kept: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if name not in dumped:
            continue
        value = getattr(model, name)
        data = _said_within(value, dumped[name])
        if not _says_nothing(info, value, data):
            kept[name] = data
    return kept


def _said_within(value: Any, data: Any) -> Any:
    if isinstance(value, BaseModel) and isinstance(data, dict):
        return _said(value, data)
    if isinstance(value, list | tuple) and isinstance(data, list):
        return [_said_within(item, part) for item, part in zip(value, data, strict=True)]
    if isinstance(value, dict) and isinstance(data, dict):
        return {key: _said_within(value[key], part) for key, part in data.items() if key in value}
    return data


def _says_nothing(info: FieldInfo, value: Any, data: Any) -> bool:
    factory = info.default_factory
    if factory is None:
        return info.default is not PydanticUndefined and _same(value, info.default)
    if factory in _EMPTY_FACTORIES:
        return not value
    if isinstance(factory, type) and issubclass(factory, BaseModel):
        return data == {}
    return False  # made afresh each time (an id, a time): always part of what was said


def _same(value: Any, default: Any) -> bool:
    # 0 == False and 1 == 1.0 in Python; a default is only matched by a value of its own type.
    return type(value) is type(default) and value == default


def seal_hash(record: Consultation) -> str:
    return hashlib.sha256(canonical_json(record)).hexdigest()


def signed_message(digest: str) -> bytes:
    return SEAL_PREFIX + digest.encode("ascii")


class RecordSeal(BaseModel):
    """The seal object carried by each finalised record in a JSON export."""

    model_config = ConfigDict(extra="forbid", strict=True)

    algorithm: str = Field(ALGORITHM, max_length=40)
    hash: str = Field(pattern=_HEX64)
    signature: str | None = Field(None, max_length=200)
    public_key: str | None = Field(None, max_length=100)
    status: str = Field(VERIFIED, max_length=40)


@dataclass(frozen=True, slots=True)
class SealValues:
    hash: str
    signature: str | None
    public_key: str | None


def make_seal(record: Consultation, signer: InstallationKey | None) -> SealValues:
    """Hash (and, with a key, sign) a record about to be stored as finalised."""
    digest = seal_hash(record)
    if signer is None:
        return SealValues(digest, None, None)
    return SealValues(digest, signer.sign(signed_message(digest)), signer.public_key)


def insert_seal(connection: Connection, record_id: str, values: SealValues) -> None:
    connection.execute(
        insert(seal_table).values(
            record_id=record_id,
            algorithm=ALGORITHM,
            hash=values.hash,
            signature=values.signature,
            public_key=values.public_key,
        )
    )


def export_seal(connection: Connection, record_id: str) -> dict[str, Any] | None:
    """The seal object for a record's export, or None for a draft."""
    row = connection.execute(
        select(seal_table, consultation.c.unverified)
        .join(consultation, consultation.c.id == seal_table.c.record_id)
        .where(seal_table.c.record_id == record_id)
    ).first()
    if row is None:
        return None
    return {
        "algorithm": row.algorithm,
        "hash": row.hash,
        "signature": row.signature,
        "public_key": row.public_key,
        "status": NOT_VERIFIED if row.unverified else VERIFIED,
    }


def is_unverified(connection: Connection, record_id: str) -> bool:
    return bool(
        connection.execute(
            select(consultation.c.unverified).where(consultation.c.id == record_id)
        ).scalar()
    )


def sign_pending(connection: Connection, signer: InstallationKey) -> list[str]:
    """Sign the seals this installation made without a key at hand: records finalised before
    seals existed (hashed by migration v4) or finalised by a store opened without the key store.
    A record imported unverified is never signed here: signing it would vouch for it."""
    rows = connection.execute(
        select(seal_table.c.record_id, seal_table.c.hash)
        .join(consultation, consultation.c.id == seal_table.c.record_id)
        .where(seal_table.c.signature.is_(None), consultation.c.unverified.is_(False))
    ).all()
    for record_id, digest in rows:
        connection.execute(
            update(seal_table)
            .where(seal_table.c.record_id == record_id)
            .values(signature=signer.sign(signed_message(digest)), public_key=signer.public_key)
        )
    return [record_id for record_id, _ in rows]


# -- checking -------------------------------------------------------------------------------------


def finalised_shape_problems(record: Consultation) -> list[tuple[str, str]]:
    """Why a record claiming to be finalised cannot be one, whatever its seal says."""
    problems: list[tuple[str, str]] = []
    if record.finalised_at is None:
        problems.append(("finalised_at", "a finalised record needs its finalised_at"))
    elif record.finalised_at < record.created_at:
        problems.append(("finalised_at", "is before the record was created"))
    if (
        record.decision.outcome is DecisionOutcome.UNDECIDED
        or not record.decision.reason.strip()
        or not any(fact.text.strip() for fact in record.facts)
    ):
        problems.append(
            (
                "status",
                "a finalised record needs facts, a decision and its reason; this one is empty",
            )
        )
    return problems


def seal_problem(
    record: Consultation, found: RecordSeal | None, trusted_keys: set[str]
) -> tuple[str, str] | None:
    """Why an imported finalised record's seal does not prove it, or None when it does."""
    if found is None:
        return (
            "seal",
            "is missing: this finalised record was not sealed by consult-tui (or its seal was "
            "removed)",
        )
    if found.algorithm != ALGORITHM or not found.signature or not found.public_key:
        return ("seal", f"is incomplete: it needs an {ALGORITHM} signature and its public key")
    if found.hash != seal_hash(record):
        return ("seal", "does not match: the record was changed after it was sealed")
    if not verify(found.public_key, found.signature, signed_message(found.hash)):
        return ("seal.signature", "is not a valid signature of this record")
    if found.public_key not in trusted_keys:
        return (
            "seal.public_key",
            f"is from an unknown installation (key {found.public_key}); add that key to "
            "[security] trusted_keys in the config if you trust it",
        )
    return None


def stored_seal_problem(connection: Connection) -> tuple[str, str]:
    """The first finalised record whose stored seal does not hold and why; ("", "") if all do.

    Each finalised record must have a seal whose hash is its content's, whose signature (when
    there is one) checks against its key, and whose hash the audit trail holds.
    """
    chained: dict[str | None, set[str]] = {}
    for record_id, detail in connection.execute(
        select(audit_entry.c.record_id, audit_entry.c.detail)
    ):
        for word in detail.split():
            if word.startswith("seal="):
                chained.setdefault(record_id, set()).add(word[5:])
    seals = {row.record_id: row for row in connection.execute(select(seal_table))}
    rows = connection.execute(
        select(consultation.c.id, consultation.c.body, consultation.c.unverified)
        .where(consultation.c.status == Status.FINALISED.value)
        .order_by(consultation.c.created_at, consultation.c.id)
    )
    for record_id, body, unverified in rows:
        found = seals.get(record_id)
        if found is None:
            return record_id, f"record {record_id} is finalised but has no seal"
        try:
            record = Consultation.model_validate_json(body)
        except ValidationError:
            return (
                record_id,
                f"record {record_id} can no longer be read, so its seal cannot be checked",
            )
        if seal_hash(record) != found.hash:
            return record_id, f"record {record_id} was changed after it was sealed"
        if found.signature is not None and not verify(
            found.public_key or "", found.signature, signed_message(found.hash)
        ):
            return record_id, f"record {record_id} has a seal whose signature does not check"
        if not unverified and found.signature is None and found.public_key is not None:
            return record_id, f"record {record_id} has a seal with its signature removed"
        if found.hash not in chained.get(record_id, set()):
            return record_id, f"record {record_id}'s seal is not in the audit trail"
    return "", ""


# -- database guards (migration v4) ---------------------------------------------------------------

SEAL_GUARD_NAMES = (
    "seal_not_changed",
    "seal_not_deleted",
    "consultation_finalised_verification_kept",
)


def seal_guards(message: str) -> tuple[str, ...]:
    """Triggers that keep a seal as written: only a missing signature may be filled in once, and
    a finalised record's "imported, not verified" mark can never be lifted."""
    refuse = f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    return (
        "CREATE TRIGGER seal_not_changed BEFORE UPDATE ON seal WHEN OLD.signature IS NOT NULL "
        "OR NEW.hash IS NOT OLD.hash OR NEW.record_id IS NOT OLD.record_id "
        "OR NEW.algorithm IS NOT OLD.algorithm OR NEW.signature IS NULL " + refuse,
        "CREATE TRIGGER seal_not_deleted BEFORE DELETE ON seal " + refuse,
        "CREATE TRIGGER consultation_finalised_verification_kept BEFORE UPDATE OF unverified "
        "ON consultation WHEN OLD.status = 'finalised' AND NEW.unverified IS NOT OLD.unverified "
        + refuse,
    )


def has_pending(connection: Connection) -> bool:
    return (
        connection.execute(
            select(seal_table.c.record_id)
            .join(consultation, consultation.c.id == seal_table.c.record_id)
            .where(seal_table.c.signature.is_(None), consultation.c.unverified.is_(False))
            .limit(1)
        ).first()
        is not None
    )
