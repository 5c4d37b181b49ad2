"""Reading stored records back: one whole record with its addenda, lists, counts and ids.

Lists read only the listed columns, never a body, so the home screen costs the same at 100,000
records as at 100. Reading a whole record may be entered in the audit trail as a view.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select

from consult_tui.domain.record import Consultation, Status

from . import audit, engine
from . import seal as seals
from .audit import Action, AuditEntry
from .errors import RecordNotFound, RecordUnreadable
from .handle import StoreHandle
from .record_rows import RecordSummary, addendum_of, listed_columns, summary_of
from .tables import addendum as addendum_table
from .tables import consultation


def get(handle: StoreHandle, record_id: str, *, audit_view: bool = False) -> Consultation:
    """The whole record with its addenda; audit_view=True records that someone viewed it."""
    with handle.working():
        with handle.engine.connect() as connection:
            body = connection.execute(
                select(consultation.c.body).where(consultation.c.id == record_id)
            ).scalar()
            if body is None:
                raise RecordNotFound.at(handle.path, record_id)
            notes = connection.execute(
                select(addendum_table)
                .where(addendum_table.c.consultation_id == record_id)
                .order_by(addendum_table.c.position, addendum_table.c.at, addendum_table.c.id)
            ).all()
        try:
            record = Consultation.model_validate_json(body)
        except ValidationError:
            raise RecordUnreadable.at(handle.path, record_id) from None
        known = {note.id for note in record.addenda}
        record.addenda.extend(addendum_of(row) for row in notes if row.id not in known)
        if audit_view:
            with engine.write_transaction(handle.engine) as connection:
                audit.append(connection, Action.VIEW, record_id, at=datetime.now(UTC))
        return record


def list_summaries(
    handle: StoreHandle, *, limit: int, offset: int, status: Status | None
) -> list[RecordSummary]:
    """Newest-updated first, a page at a time; never reads a body."""
    query = (
        select(*listed_columns())
        .order_by(consultation.c.updated_at.desc(), consultation.c.id.desc())
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    if status is not None:
        query = query.where(consultation.c.status == Status(status).value)
    with handle.reading() as connection:
        return [summary_of(row) for row in connection.execute(query)]


def count(handle: StoreHandle, *, status: Status | None) -> int:
    query = select(func.count()).select_from(consultation)
    if status is not None:
        query = query.where(consultation.c.status == Status(status).value)
    with handle.reading() as connection:
        return int(connection.execute(query).scalar_one())


def record_ids(handle: StoreHandle) -> list[str]:
    """Every record id, oldest first (for a whole-store export)."""
    query = select(consultation.c.id).order_by(consultation.c.created_at, consultation.c.id)
    with handle.reading() as connection:
        return list(connection.execute(query).scalars())


def audit_trail(handle: StoreHandle, record_id: str | None) -> list[AuditEntry]:
    with handle.reading() as connection:
        return audit.trail(connection, record_id)


def export_seal(handle: StoreHandle, record_id: str) -> dict[str, Any] | None:
    with handle.reading() as connection:
        return seals.export_seal(connection, record_id)


def is_unverified(handle: StoreHandle, record_id: str) -> bool:
    with handle.reading() as connection:
        return seals.is_unverified(connection, record_id)
