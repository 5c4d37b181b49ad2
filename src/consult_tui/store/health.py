"""Is the store sound: pages, cipher, schema version, guards, and an audit trail nobody cut.

`consult-tui doctor` and `audit verify` ask these questions; each answer names what is wrong in
words a practitioner can pass on, never case text.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from consult_tui.domain.record import Status

from . import audit, engine, schema
from . import seal as seals
from .audit import Action, AuditVerification
from .handle import StoreHandle
from .tables import audit_entry, consultation


def schema_version(handle: StoreHandle) -> str:
    with handle.reading() as connection:
        return schema.current_revision(connection) or ""


def integrity_check(handle: StoreHandle) -> str:
    """'ok', or each problem found (damaged page, broken b-tree, removed guard) on a line."""
    with handle.reading() as connection:
        problems = engine.integrity_problems(connection)
        revision = schema.current_revision(connection) or ""
        problems += [
            f"the database guard {name} has been removed"
            for name in engine.missing_guards(connection, schema.GUARDS_AT.get(revision, ()))
        ]
    return "\n".join(problems) if problems else "ok"


def cipher_in_use(handle: StoreHandle) -> bool:
    with handle.reading() as connection:
        return bool(engine.cipher_version(connection))


def verify_audit(handle: StoreHandle) -> AuditVerification:
    """The hash chain, then the records against the trail, then every seal against its record."""
    with handle.reading() as connection:
        chain = audit.verify_chain(connection)
        if not chain.ok:
            return chain
        chain = _trail_covers_records(connection, chain)
        if not chain.ok:
            return chain
        record_id, problem = seals.stored_seal_problem(connection)
        if problem:
            # Named at the record's latest entry: the trail there vouches for a seal that
            # the record no longer matches.
            last = audit.last_for_record(connection, record_id)
            return AuditVerification(
                ok=False,
                checked=chain.checked,
                first_broken=last.seq if last else chain.checked + 1,
                problem=f"A sealed record does not hold: {problem}.",
            )
        return chain


def _trail_covers_records(connection: Connection, chain: AuditVerification) -> AuditVerification:
    """Entries cut off the end of the log leave the hash chain whole, so the records are checked
    against it too: each must still find its creation (or import), its finalisation, and an
    entry for every addendum. (A schema upgrade may recompute content hashes, so the
    finalisation is looked for, not its hash.)"""
    details: dict[str | None, dict[str, list[str]]] = {}
    for record_id, action, detail in connection.execute(
        select(audit_entry.c.record_id, audit_entry.c.action, audit_entry.c.detail)
    ):
        details.setdefault(record_id, {}).setdefault(action, []).append(detail)
    rows = connection.execute(
        select(
            consultation.c.id,
            consultation.c.status,
            consultation.c.addenda_count,
        ).order_by(consultation.c.created_at, consultation.c.id)
    )
    for record_id, status, addenda_count in rows:
        missing = _missing_entry(record_id, status, addenda_count, details.get(record_id, {}))
        if missing:
            return AuditVerification(
                ok=False,
                checked=chain.checked,
                first_broken=chain.checked + 1,
                problem=(
                    f"The audit log has been tampered with: {missing} (entries after entry "
                    f"{chain.checked} may have been removed)."
                ),
            )
    return chain


def _missing_entry(
    record_id: str, status: str, addenda_count: int, entries: dict[str, list[str]]
) -> str:
    """What the trail lacks for one record, or "" when it has every entry the record implies."""
    imports = entries.get(Action.IMPORT.value, [])
    if not imports and not entries.get(Action.CREATE.value):
        return f"record {record_id} has no entry for its creation"
    if status == Status.FINALISED.value and not (
        entries.get(Action.FINALISE.value)
        or any(detail.endswith(f" status={status}") for detail in imports)
    ):
        return f"record {record_id} is finalised but the log has no entry for that"
    if not imports and len(entries.get(Action.ADDENDUM.value, [])) < addenda_count:
        return f"record {record_id} has addenda the log has no entry for"
    return ""
