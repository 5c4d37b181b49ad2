"""How a consultation maps to its table rows and back, shared by every job of the record store.

Writes, imports, reviews and the chronology all turn a record into columns or a row into a
summary; keeping that mapping in one place means a new column is added once, not four times.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from consult_tui.domain.record import Addendum, Consultation, DecisionOutcome, Status

from .tables import consultation

# Record and addendum ids end up in audit entries and messages, so they must not carry case text.
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What the list screen shows for one record, read without opening its body."""

    id: str
    case_reference: str
    child_label: str
    practitioner: str
    status: Status
    decision: DecisionOutcome | str
    review_date: date | None
    created_at: datetime
    updated_at: datetime
    finalised_at: datetime | None
    anonymised: bool
    addenda_count: int
    unverified: bool = False  # imported with --unverified: shown "imported, not verified"

    @property
    def is_final(self) -> bool:
        return self.status is Status.FINALISED


def content_hash(record: Consultation) -> str:
    """The hash of what a record says; its updated_at is left out so an unchanged save matches."""
    return hashlib.sha256(record.model_dump_json(exclude={"updated_at"}).encode()).hexdigest()


def check_record_id(record_id: str) -> None:
    """Refuse an id that could smuggle case text into the audit trail or a message."""
    if not isinstance(record_id, str) or not SAFE_ID.fullmatch(record_id):
        raise ValueError("a record id is 1–64 letters, digits, '-' or '_'")


def record_columns(record: Consultation, body: str, body_hash: str) -> dict[str, Any]:
    """The consultation row for a record: the listed columns beside the whole body as JSON."""
    return {
        "id": record.id,
        "case_reference": record.case_reference,
        "child_label": record.child_label(),
        "practitioner": record.practitioner.name,
        "status": record.status.value,
        "decision": record.decision.outcome.value,
        "review_date": record.decision.review_date,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "finalised_at": record.finalised_at,
        "anonymised": record.anonymised,
        "body": body,
        "body_hash": body_hash,
    }


def addendum_columns(record_id: str, note: Addendum, position: int) -> dict[str, Any]:
    """The addendum row for a note, numbered so two written in one second read back in order."""
    return {
        "consultation_id": record_id,
        "id": note.id,
        "position": position,
        "at": note.at,
        "author": note.author,
        "reason": note.reason,
        "text": note.text,
        "corrections": note.corrections(),
    }


def addendum_of(row: Any) -> Addendum:
    """An addendum as stored: its text columns and the review date or ages it gives."""
    note = Addendum(id=row.id, at=row.at, author=row.author, reason=row.reason, text=row.text)
    return note.with_corrections(row.corrections)


def listed_columns() -> list[Any]:
    """Every consultation column but the body: lists and pages never read a record's body."""
    return [column for column in consultation.c if column.name not in ("body", "body_hash")]


def summary_of(row: Any) -> RecordSummary:
    """A summary from a row; a decision this version does not know is kept as its text."""
    try:
        decision: DecisionOutcome | str = DecisionOutcome(row.decision)
    except ValueError:
        decision = row.decision
    return RecordSummary(
        id=row.id,
        case_reference=row.case_reference,
        child_label=row.child_label,
        practitioner=row.practitioner,
        status=Status(row.status),
        decision=decision,
        review_date=row.review_date,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finalised_at=row.finalised_at,
        anonymised=bool(row.anonymised),
        addenda_count=int(row.addenda_count),
        unverified=bool(getattr(row, "unverified", False)),
    )
