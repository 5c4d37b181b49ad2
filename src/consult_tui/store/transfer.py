"""Moving records between stores as one JSON document, all or nothing.

An import is checked whole before anything is written: the document's shape (with the same
pydantic models the app uses), each record's own rules, and clashes with records already in the
store. Any problem refuses the whole document, naming the exact place; a finalised record stays
finalised, and each imported record gets its own "import" entry in the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from consult_tui.domain.record import SCHEMA_VERSION, Consultation, Status

from .errors import ImportRefused
from .repository import SAFE_ID, RecordStore, _addendum_columns, _columns, content_hash

DOCUMENT_FORMAT = "consult-tui-records"
DOCUMENT_VERSION = 1
_NAMEABLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


class RecordsDocument(BaseModel):
    """The export/import document. Unknown keys are refused, as they are inside each record."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["consult-tui-records"]
    schema_version: Literal[1]
    exported_at: datetime
    records: list[Consultation]


@dataclass(frozen=True, slots=True)
class ImportResult:
    record_ids: list[str]

    @property
    def count(self) -> int:
        return len(self.record_ids)


def export_records(store: RecordStore, record_ids: list[str] | None = None) -> dict[str, Any]:
    """The records (with their addenda) as a JSON-ready document; the export is audited."""
    ids = store.record_ids() if record_ids is None else list(record_ids)
    records = [store.get(record_id).model_dump(mode="json") for record_id in ids]
    store.record_export(ids, "json")
    return {
        "format": DOCUMENT_FORMAT,
        "schema_version": DOCUMENT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "records": records,
    }


def import_records(store: RecordStore, doc_text: str | bytes) -> ImportResult:
    """Validate the whole document, then write every record in one transaction, or none.

    Raises ImportRefused naming the first problem's place (e.g. ``records[3].decision.reason``)
    and writes nothing.
    """
    try:
        document = RecordsDocument.model_validate_json(doc_text)
    except ValidationError as exc:
        raise ImportRefused(_problems(exc)) from None

    prepared = _prepare(document.records)
    ids = [record.id for record in document.records]
    clashes = store._existing_ids(ids)
    if clashes:
        raise ImportRefused(
            [
                (f"records[{index}].id", "a record with this id is already in the store")
                for index, record_id in enumerate(ids)
                if record_id in clashes
            ]
        )
    store._insert_imported(prepared)
    return ImportResult(record_ids=ids)


def _prepare(records: list[Consultation]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Check each record's own rules and turn it into rows, collecting every problem."""
    problems: list[tuple[str, str]] = []
    prepared: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        place = f"records[{index}]"
        before = len(problems)
        if not SAFE_ID.fullmatch(record.id):
            problems.append((f"{place}.id", "should be 1–64 letters, digits, '-' or '_'"))
        elif record.id in seen:
            problems.append((f"{place}.id", "the same id appears twice in this document"))
        seen.add(record.id)
        if not 1 <= record.schema_version <= SCHEMA_VERSION:
            problems.append(
                (f"{place}.schema_version", "was written by a different version of consult-tui")
            )
        if record.status is Status.FINALISED and record.finalised_at is None:
            problems.append((f"{place}.finalised_at", "a finalised record needs its finalised_at"))
        if record.addenda and record.status is not Status.FINALISED:
            problems.append((f"{place}.addenda", "only a finalised record can have addenda"))
        addendum_ids: set[str] = set()
        for number, note in enumerate(record.addenda):
            if not SAFE_ID.fullmatch(note.id) or note.id in addendum_ids:
                problems.append(
                    (f"{place}.addenda[{number}].id", "should be a unique id of 1–64 letters")
                )
            addendum_ids.add(note.id)
        if len(problems) > before:
            continue
        try:
            prepared.append(_rows(record))
        except (ValueError, OverflowError, UnicodeError):
            # e.g. a time so close to year 1 or 9999 that it has no UTC equivalent, or text
            # that cannot be encoded (a lone surrogate).
            problems.append((place, "holds a date, time or character that cannot be stored"))
    if problems:
        raise ImportRefused(problems)
    return prepared


def _rows(record: Consultation) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    # Addenda live in their own table (as add_addendum puts them), never in the stored body.
    body_record = record.model_copy(update={"addenda": []})
    body = body_record.model_dump_json()
    body.encode("utf-8")
    values = _columns(body_record, body, content_hash(body_record))
    values["review_date"] = record.review_date()  # an addendum's review date is the one in force
    for moment in ("created_at", "updated_at", "finalised_at"):
        if values[moment] is not None:
            values[moment] = _as_utc(values[moment])
    for text in ("id", "case_reference", "child_label", "practitioner"):
        values[text].encode("utf-8")
    notes = [
        _addendum_columns(record.id, note, position) for position, note in enumerate(record.addenda)
    ]
    for note in notes:
        note["at"] = _as_utc(note["at"])
        for text in ("author", "reason", "text"):
            note[text].encode("utf-8")
    return values, notes


def _as_utc(moment: datetime) -> datetime:
    # A time without an offset is taken to be UTC, as the store's columns take it.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        problems.append((_place(error.get("loc", ())), str(error.get("msg", "is not valid"))))
    return problems or [("document", "is not valid")]


def _place(location: tuple[Any, ...]) -> str:
    """("records", 3, "proportionality", "risk") -> "records[3].proportionality.risk"."""
    place = ""
    for part in location:
        if isinstance(part, int):
            place += f"[{part}]"
        else:
            # An unknown key is named only if it looks like a field name: a key could itself be
            # case text, and this message may be shown or logged.
            name = part if _NAMEABLE_KEY.fullmatch(str(part)) else "(an unexpected key)"
            place += f".{name}" if place else name
    return place or "document"
