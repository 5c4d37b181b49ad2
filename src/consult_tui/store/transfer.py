"""Moving records between stores as one JSON document, all or nothing.

An import is checked whole before anything is written: the JSON itself (no repeated keys, no NaN
or Infinity), the document's shape (the app's pydantic models in strict mode: a number is not a
date, "yes" is not true), each record's own rules, and clashes with records already in the store.
Any problem refuses the whole document, naming the exact place; each imported record gets its
own "import" entry in the audit trail.

A finalised record must prove it: its seal (store/seal.py) must match its content and be signed
by this installation or a key listed in ``[security] trusted_keys``. One that does not is refused,
or with ``unverified=True`` imported and marked "imported, not verified" wherever it is shown.
A record that cannot be finalised at all (empty, finalised before it was created) is refused
either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from consult_tui.domain.record import SCHEMA_VERSION, Consultation, Status

from . import seal as seals
from .errors import ImportRefused
from .record_rows import SAFE_ID, addendum_columns, content_hash, record_columns
from .repository import RecordStore
from .seal import RecordSeal

DOCUMENT_FORMAT = "consult-tui-records"
DOCUMENT_VERSION = 1
_NAMEABLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


class ExportedRecord(Consultation):
    """A record as an export carries it: the record, and for a finalised one its seal."""

    seal: RecordSeal | None = None

    def as_record(self) -> Consultation:
        """The record alone (its fields are already validated)."""
        return Consultation.model_construct(
            **{name: getattr(self, name) for name in Consultation.model_fields}
        )


class RecordsDocument(BaseModel):
    """The export/import document. Unknown keys are refused, as they are inside each record."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["consult-tui-records"]
    schema_version: Literal[1]
    exported_at: datetime
    records: list[ExportedRecord]


@dataclass(frozen=True, slots=True)
class ImportResult:
    record_ids: list[str]
    # Finalised records imported with unverified=True whose seal proved nothing.
    unverified: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.record_ids)


def export_records(
    store: RecordStore,
    record_ids: list[str] | None = None,
    deliver: Callable[[dict[str, Any]], object] | None = None,
) -> dict[str, Any]:
    """The records (with their addenda) as a JSON-ready document; the export is audited.

    ``deliver`` (write the file, print) runs before the audit entries are written, so a failed
    delivery leaves no entry claiming an export that did not happen.
    """
    ids = store.record_ids() if record_ids is None else list(record_ids)
    records = []
    for record_id in ids:
        record = store.get(record_id).model_dump(mode="json")
        seal = store.export_seal(record_id)
        if seal is not None:
            record["seal"] = seal
        records.append(record)
    document = {
        "format": DOCUMENT_FORMAT,
        "schema_version": DOCUMENT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "records": records,
    }
    if deliver is not None:
        deliver(document)
    store.record_export(ids, "json")
    return document


def import_records(
    store: RecordStore,
    doc_text: str | bytes,
    *,
    trusted_keys: Iterable[str] = (),
    unverified: bool = False,
) -> ImportResult:
    """Validate the whole document, then write every record in one transaction, or none.

    A finalised record's seal must be signed by this store's installation key or one of
    ``trusted_keys``; with ``unverified=True`` one whose seal proves nothing is imported marked
    "imported, not verified". Raises ImportRefused naming each problem's place (e.g.
    ``records[3].decision.reason``) and writes nothing.
    """
    raw = _strict_json(doc_text)
    _require_ids(raw)
    try:
        document = RecordsDocument.model_validate_json(doc_text, strict=True)
    except ValidationError as exc:
        raise ImportRefused(_problems(exc)) from None

    trusted = set(trusted_keys)
    if store.public_key is not None:
        trusted.add(store.public_key)
    prepared, sealed = _prepare(document.records, trusted, unverified)
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
    store._insert_imported(prepared, sealed)
    marked = [values["id"] for values, _ in prepared if values.get("unverified")]
    return ImportResult(record_ids=ids, unverified=marked)


class _Refused(ValueError):
    """A JSON construct an import never accepts."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number JSON allows")


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            named = key if _NAMEABLE_KEY.fullmatch(key) else "(a key)"
            raise _Refused(f"repeats the key {named!r} in one object; which one is meant?")
        seen[key] = value
    return seen


def _strict_json(doc_text: str | bytes) -> Any:
    """The document parsed by the strict rules pydantic's own parser does not apply: a key twice
    in one object, or NaN / Infinity, refuses it."""
    try:
        return json.loads(
            doc_text, object_pairs_hook=_refuse_repeats, parse_constant=_refuse_constant
        )
    except _Refused as problem:
        raise ImportRefused([("document", str(problem))]) from None
    except RecursionError:
        raise ImportRefused([("document", "is nested too deeply to be a records file")]) from None
    except (ValueError, UnicodeDecodeError) as problem:
        # json.JSONDecodeError is a ValueError; its message holds no document text.
        if isinstance(problem, json.JSONDecodeError):
            where = f"{problem.msg} at line {problem.lineno}, column {problem.colno}"
            raise ImportRefused([("document", f"Invalid JSON: {where}")]) from None
        raise ImportRefused([("document", "is not UTF-8 text")]) from None


def _require_ids(raw: Any) -> None:
    """Every record must bring its own id: one made up here would import it twice, as two."""
    if not isinstance(raw, dict) or not isinstance(raw.get("records"), list):
        return  # the model names what is wrong with the document's shape
    missing = [
        (f"records[{index}].id", "is required: a record without its id could be imported twice")
        for index, record in enumerate(raw["records"])
        if isinstance(record, dict) and "id" not in record
    ]
    if missing:
        raise ImportRefused(missing)


def _prepare(
    exported: list[ExportedRecord], trusted: set[str], unverified: bool
) -> tuple[list[tuple[dict[str, Any], list[dict[str, Any]]]], dict[str, seals.SealValues]]:
    """Check each record's own rules and its seal, and turn it into rows, collecting every
    problem."""
    problems: list[tuple[str, str]] = []
    prepared: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    sealed: dict[str, seals.SealValues] = {}
    seen: set[str] = set()
    for index, carried in enumerate(exported):
        record = carried.as_record()
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
        seal_values: seals.SealValues | None = None
        proven = True
        if record.status is Status.FINALISED:
            shape = seals.finalised_shape_problems(record)
            problems.extend((f"{place}.{where}", reason) for where, reason in shape)
            found = carried.seal
            problem = None if shape else _seal_problem(record, found, trusted)
            if problem is not None and not unverified:
                where, reason = problem
                problems.append(
                    (
                        f"{place}.{where}",
                        f"{reason} (or import with --unverified to keep it marked "
                        '"imported, not verified")',
                    )
                )
            elif problem is not None:
                proven = False
                seal_values = seals.SealValues(seals.seal_hash(record), None, None)
            elif found is not None:
                seal_values = seals.SealValues(found.hash, found.signature, found.public_key)
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
            values, notes = _rows(record)
            if not proven:
                values["unverified"] = True
            prepared.append((values, notes))
            if seal_values is not None:
                sealed[record.id] = seal_values
        except (ValueError, OverflowError, UnicodeError):
            # e.g. a time so close to year 1 or 9999 that it has no UTC equivalent, or text
            # that cannot be encoded (a lone surrogate).
            problems.append((place, "holds a date, time or character that cannot be stored"))
    if problems:
        raise ImportRefused(problems)
    return prepared, sealed


def _seal_problem(
    record: Consultation, found: RecordSeal | None, trusted: set[str]
) -> tuple[str, str] | None:
    try:
        return seals.seal_problem(record, found, trusted)
    except (ValueError, UnicodeError):
        # Text that cannot be encoded cannot have been sealed.
        return ("seal", "does not match: the record holds text that cannot have been sealed")


def _rows(record: Consultation) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    # Addenda live in their own table (as add_addendum puts them), never in the stored body.
    body_record = record.model_copy(update={"addenda": []})
    body = body_record.model_dump_json()
    body.encode("utf-8")
    values = record_columns(body_record, body, content_hash(body_record))
    values["review_date"] = record.review_date()  # an addendum's review date is the one in force
    for moment in ("created_at", "updated_at", "finalised_at"):
        if values[moment] is not None:
            values[moment] = _as_utc(values[moment])
    for text in ("id", "case_reference", "child_label", "practitioner"):
        values[text].encode("utf-8")
    notes = [
        addendum_columns(record.id, note, position) for position, note in enumerate(record.addenda)
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
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        problems.append((_place(error.get("loc", ())), message))
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
