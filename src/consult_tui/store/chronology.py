"""A case chronology: every consultation and addendum for a case reference or a child, by date.

A child is matched on the names recorded for the people in a consultation (through the search
index, so "Zoe" finds "Zoë") or on the child label, across case references.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select

from consult_tui.domain.record import Consultation

from .handle import StoreHandle
from .record_rows import summary_of
from .review_queries import child_condition
from .search import ChronologyEntry, EntryKind
from .tables import addendum as addendum_table
from .tables import consultation

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters
# A chronology line carries these of a record's listed columns as they are.
_FROM_SUMMARY = (
    "case_reference",
    "child_label",
    "practitioner",
    "status",
    "decision",
    "review_date",
    "unverified",
)


def chronology(
    handle: StoreHandle, case_reference: str | None, *, child: str | None, limit: int
) -> list[ChronologyEntry]:
    """The entries in date order; a consultation comes before an addendum of the same moment."""
    case_reference, child = (case_reference or "").strip(), (child or "").strip()
    if not case_reference and not child:
        return []
    with handle.reading() as connection:
        matches = []
        if case_reference:
            matches.append(consultation.c.case_reference == case_reference)
        if child:
            matches.append(child_condition(connection, child))
        rows = connection.execute(
            select(consultation)
            .where(or_(*matches))
            .order_by(consultation.c.created_at, consultation.c.id)
            .limit(max(0, limit))
        ).all()
        ids = [row.id for row in rows]
        notes: dict[str, list[Any]] = {}
        for start in range(0, len(ids), _CHUNK):
            for note in connection.execute(
                select(addendum_table)
                .where(addendum_table.c.consultation_id.in_(ids[start : start + _CHUNK]))
                .order_by(addendum_table.c.position, addendum_table.c.at)
            ):
                notes.setdefault(note.consultation_id, []).append(note)
    entries: list[ChronologyEntry] = []
    for row in rows:
        consulted = _consultation_entry(row)
        entries.append(consulted)
        entries.extend(
            replace(
                consulted,
                at=note.at,
                kind=EntryKind.ADDENDUM,
                practitioner=note.author,
                summary="; ".join(part for part in (note.reason, note.text) if part),
                review_date=None,
            )
            for note in notes.get(row.id, ())
        )
    entries.sort(key=lambda entry: (entry.at, entry.kind != EntryKind.CONSULTATION))
    return entries


def _consultation_entry(row: Any) -> ChronologyEntry:
    summary = summary_of(row)
    try:
        reason = Consultation.model_validate_json(row.body).decision.reason
    except ValidationError:
        reason = ""
    listed = {name: getattr(summary, name) for name in _FROM_SUMMARY}
    return ChronologyEntry(
        at=summary.created_at,
        kind=EntryKind.CONSULTATION,
        record_id=summary.id,
        summary=reason,
        **listed,
    )
