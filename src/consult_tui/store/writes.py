"""Every change to a stored record (draft, finalisation, addendum, export) with its audit entry.

A draft is saved on every pause in typing, so save_draft is one cheap transaction: it compares a
content hash held in its own column and writes nothing when nothing changed. Finalised records
are immutable here (and, on SQLite, in the database itself): later notes are addenda in their own
table, and the original body is never rewritten. save_draft and finalise share one upsert, so a
rule about writing a record's row (say, refusing a finalised one) is kept in one place.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError
from sqlalchemy import Connection, insert, select, update

from consult_tui.domain.record import Addendum, Consultation, Status

from . import audit, engine, reading, search_index
from . import seal as seals
from .audit import Action
from .errors import NotFinalised, RecordFinalised, RecordNotFound
from .handle import StoreHandle
from .record_rows import addendum_columns, addendum_of, check_record_id, content_hash
from .record_rows import record_columns as columns_of
from .search import index_columns
from .tables import addendum as addendum_table
from .tables import consultation

if TYPE_CHECKING:
    from consult_tui.security.signing import InstallationKey

# Changes by the same person within this window share one audit entry: an entry per keystroke
# pause would bury the trail, while a gap this long marks a new sitting.
CHANGE_COALESCE_WINDOW = timedelta(minutes=10)
_EXPORT_FORMAT = re.compile(r"[a-z0-9_-]{1,20}")
_CONFLICT_ID = re.compile(r"[a-z0-9_-]{1,60}")

Upserted = Literal["created", "updated", "unchanged"]


def _now() -> datetime:
    return datetime.now(UTC)


def save_draft(handle: StoreHandle, record: Consultation) -> bool:
    """Save a draft if it changed; True when something was written (see RecordStore.save_draft)."""
    check_record_id(record.id)
    if record.status is Status.FINALISED:
        raise RecordFinalised.at(handle.path, record.id)
    digest = content_hash(record)
    with handle.working():
        with handle.engine.connect() as connection:
            stored = _status_and_hash(connection, record.id)
        if stored is not None and stored[0] == Status.FINALISED.value:
            raise RecordFinalised.at(handle.path, record.id)
        if stored is not None and stored[1] == digest:
            return False

        now = _now()
        saved = record.model_copy(update={"updated_at": now})
        with engine.write_transaction(handle.engine) as connection:
            # The upsert reads again under the write lock: another window may have saved.
            upserted = _upsert(handle, connection, saved, digest, now, skip_unchanged=True)
            if upserted == "unchanged":
                return False
            if upserted == "updated" and not _coalesces(handle, connection, record.id, now):
                audit.append(connection, Action.CHANGE, record.id, f"content={digest}", at=now)
            # Drafts have no addenda, so the record alone is what it is found by.
            search_index.put_search_entry(connection, record.id, index_columns(saved))
    record.updated_at = now
    return True


def finalise(handle: StoreHandle, record: Consultation, assessment: dict) -> Consultation:
    """Store the record as finalised and sealed, with the assessment as it stands."""
    check_record_id(record.id)
    if record.status is Status.FINALISED:
        raise RecordFinalised.at(handle.path, record.id)
    with handle.working():
        now = _now()
        final = record.model_copy(
            deep=True,
            update={
                "status": Status.FINALISED,
                "finalised_at": now,
                "updated_at": now,
                "assessment_at_finalise": assessment,
            },
        )
        digest = content_hash(final)
        sealed = seals.make_seal(final, handle.signer)
        with engine.write_transaction(handle.engine) as connection:
            _upsert(handle, connection, final, digest, now, skip_unchanged=False)
            seals.insert_seal(connection, record.id, sealed)
            audit.append(
                connection,
                Action.FINALISE,
                record.id,
                f"content={digest} seal={sealed.hash}{_overrides_detail(final)}",
                at=now,
            )
            search_index.put_search_entry(connection, record.id, index_columns(final))
    return final


def _upsert(
    handle: StoreHandle,
    connection: Connection,
    record: Consultation,
    digest: str,
    now: datetime,
    *,
    skip_unchanged: bool,
) -> Upserted:
    """Write a record's row, refusing one already finalised; a new row gets its creation entry."""
    stored = _status_and_hash(connection, record.id)
    if stored is not None and stored[0] == Status.FINALISED.value:
        raise RecordFinalised.at(handle.path, record.id)
    if stored is not None and skip_unchanged and stored[1] == digest:
        return "unchanged"
    values = columns_of(record, record.model_dump_json(), digest)
    if stored is None:
        connection.execute(insert(consultation).values(values))
        audit.append(connection, Action.CREATE, record.id, f"content={digest}", at=now)
        return "created"
    del values["id"], values["created_at"]
    connection.execute(update(consultation).where(consultation.c.id == record.id).values(values))
    return "updated"


def add_addendum(handle: StoreHandle, record_id: str, addendum: Addendum) -> Consultation:
    """Add a dated note to a finalised record; its original body is left exactly as it was."""
    check_record_id(record_id)
    check_record_id(addendum.id)
    with handle.working():
        now = _now()
        with engine.write_transaction(handle.engine) as connection:
            stored = connection.execute(
                select(consultation.c.status, consultation.c.addenda_count).where(
                    consultation.c.id == record_id
                )
            ).first()
            if stored is None:
                raise RecordNotFound.at(handle.path, record_id)
            if stored.status != Status.FINALISED.value:
                raise NotFinalised.at(handle.path, record_id)
            connection.execute(
                insert(addendum_table).values(
                    addendum_columns(record_id, addendum, stored.addenda_count)
                )
            )
            this_record = consultation.c.id == record_id
            connection.execute(
                update(consultation)
                .where(this_record)
                .values(addenda_count=consultation.c.addenda_count + 1, updated_at=now)
            )
            if addendum.review_date is not None:
                # The review date in force is the latest addendum's: `list --due`, the
                # review filters and the home screen's reviews due all read this column.
                connection.execute(
                    update(consultation).where(this_record).values(review_date=addendum.review_date)
                )
            audit.append(connection, Action.ADDENDUM, record_id, f"addendum={addendum.id}", at=now)
            reindex(connection, record_id)
        return reading.get(handle, record_id)


def record_export(handle: StoreHandle, record_ids: list[str], fmt: str) -> None:
    """Enter in the audit trail that these records left the store in format ``fmt``."""
    if not _EXPORT_FORMAT.fullmatch(fmt):
        raise ValueError("an export format is a short lower-case name such as 'json' or 'pdf'")
    with handle.working():
        now = _now()
        with engine.write_transaction(handle.engine) as connection:
            for record_id in record_ids:
                if _status_and_hash(connection, record_id) is None:
                    raise RecordNotFound.at(handle.path, record_id)
                audit.append(connection, Action.EXPORT, record_id, f"format={fmt}", at=now)


def reindex(connection: Connection, record_id: str) -> None:
    """Index a stored record again, with its addenda, inside the caller's transaction."""
    if not search_index.has_search(connection):
        return
    body = connection.execute(
        select(consultation.c.body).where(consultation.c.id == record_id)
    ).scalar()
    if body is None:
        return
    try:
        record = Consultation.model_validate_json(body)
    except ValidationError:
        return
    notes = [
        addendum_of(row)
        for row in connection.execute(
            select(addendum_table).where(addendum_table.c.consultation_id == record_id)
        )
    ]
    search_index.put_search_entry(connection, record_id, index_columns(record, notes))


def use_signer(handle: StoreHandle, signer: InstallationKey) -> list[str]:
    """Sign finalisations with this key from now on, and any seal still waiting for one."""
    handle.signer = signer
    with handle.working():
        with handle.engine.connect() as connection:
            if not seals.has_pending(connection):
                return []
        with engine.write_transaction(handle.engine) as connection:
            return seals.sign_pending(connection, signer)


def _coalesces(handle: StoreHandle, connection: Connection, record_id: str, now: datetime) -> bool:
    previous = audit.last_for_record(connection, record_id)
    return (
        previous is not None
        and previous.action == Action.CHANGE.value
        and previous.os_user == handle.os_user
        and timedelta(0) <= now - previous.at < CHANGE_COALESCE_WINDOW
    )


def _status_and_hash(connection: Connection, record_id: str) -> tuple[str, str] | None:
    row = connection.execute(
        select(consultation.c.status, consultation.c.body_hash).where(
            consultation.c.id == record_id
        )
    ).first()
    return (row[0], row[1]) if row else None


def _overrides_detail(record: Consultation) -> str:
    """The conflicts a finalised decision overrides, by id, for its audit entry.

    The practitioner's reason is case text and stays in the (sealed) record; the trail says only
    that the decision was finalised against the weighing, and which conflicts it overrode.
    """
    ids = [c for c in record.decision.override_conflicts if _CONFLICT_ID.fullmatch(c)]
    return f" overrides={','.join(ids)}" if ids else ""
