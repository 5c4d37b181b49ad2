"""RecordStore: saving drafts, finalising, addenda and the audit trail over one encrypted file.

A draft is saved on every pause in typing, so save_draft is one cheap transaction: it compares a
content hash held in its own column and writes nothing when nothing changed. Finalised records
are immutable here (and, on SQLite, in the database itself): later notes are addenda in their own
table, and the original body is never rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from consult_tui.domain.record import Addendum, Consultation, DecisionOutcome, Status
from consult_tui.paths import ensure_private_dir

from . import audit, engine, schema
from . import seal as seals
from .audit import Action, AuditEntry, AuditVerification
from .errors import (
    CorruptDatabase,
    DatabaseMissing,
    MigrationFailed,
    NewerSchema,
    NotADatabase,
    NotFinalised,
    RecordFinalised,
    RecordNotFound,
    RecordUnreadable,
    StoreBusy,
    StoreClosed,
    StoreError,
    StoreWriteFailed,
)
from .search import (
    Attention,
    ChronologyEntry,
    EntryKind,
    ReviewDue,
    ReviewQuery,
    SortColumn,
    fold,
    index_columns,
    search_terms,
    words,
)
from .tables import addendum as addendum_table
from .tables import audit_entry, consultation

if TYPE_CHECKING:
    from consult_tui.security.signing import InstallationKey

# Changes by the same person within this window share one audit entry: an entry per keystroke
# pause would bury the trail, while a gap this long marks a new sitting.
CHANGE_COALESCE_WINDOW = timedelta(minutes=10)
# Record and addendum ids end up in audit entries and messages, so they must not carry case text.
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_EXPORT_FORMAT = re.compile(r"[a-z0-9_-]{1,20}")


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
    if not isinstance(record_id, str) or not SAFE_ID.fullmatch(record_id):
        raise ValueError("a record id is 1–64 letters, digits, '-' or '_'")


def _now() -> datetime:
    return datetime.now(UTC)


def _columns(record: Consultation, body: str, body_hash: str) -> dict[str, Any]:
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


def _addendum_columns(record_id: str, note: Addendum, position: int) -> dict[str, Any]:
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


def _addendum_of(row: Any) -> Addendum:
    """An addendum as stored: its text columns and the review date or ages it gives."""
    note = Addendum(id=row.id, at=row.at, author=row.author, reason=row.reason, text=row.text)
    return note.with_corrections(row.corrections)


_CONFLICT_ID = re.compile(r"[a-z0-9_-]{1,60}")


def _overrides_detail(record: Consultation) -> str:
    """The conflicts a finalised decision overrides, by id, for its audit entry.

    The practitioner's reason is case text and stays in the (sealed) record; the trail says only
    that the decision was finalised against the weighing, and which conflicts it overrode.
    """
    ids = [c for c in record.decision.override_conflicts if _CONFLICT_ID.fullmatch(c)]
    return f" overrides={','.join(ids)}" if ids else ""


class RecordStore:
    """The consultation records in one encrypted database file. Open it with RecordStore.open."""

    path: Path

    def __init__(self, path: Path, database: Engine) -> None:
        self.path = path
        self._engine = database
        self._lock = threading.RLock()
        self._closed = False
        self._os_user = audit.current_os_user()
        self._signer: InstallationKey | None = None

    # -- opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, key: bytes, *, create: bool = False, verify_pages: bool = True
    ) -> RecordStore:
        """Open (or with create=True, make) the store, upgrading its schema if it is older.

        A file that cannot be opened (missing, wrong key, damaged, not a store, too new) is left
        byte-for-byte as it was. An upgrade first copies the file to ``<name>.pre-<revision>.bak``
        (0600) beside it, and runs in one transaction: if it fails, nothing of it remains.
        """
        path = Path(path).expanduser().absolute()
        engine.check_key(key)
        created = False
        if not path.exists():
            if not create:
                raise DatabaseMissing.at(path)
            ensure_private_dir(path.parent)
            engine.create_empty_file(path)
            created = True
            probe = engine.Probe(empty=True, revision=None)
        elif not path.is_file():
            raise NotADatabase.at(path, "it is a folder or a device, not a file")
        else:
            probe = engine.probe_file(path, key, verify_pages=verify_pages)
            if probe.empty and not create:
                raise DatabaseMissing.at(path)
        if schema.is_newer_than_app(probe.revision):
            raise NewerSchema.at(path, str(probe.revision))

        try:
            database = cls._prepare(path, key, probe)
        except BaseException:
            if created:
                for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    with contextlib.suppress(FileNotFoundError):
                        leftover.unlink()
            raise
        with contextlib.suppress(OSError):
            # Tighten a folder we own; a shared parent (say /srv) is left to its administrator.
            ensure_private_dir(path.parent)
        engine.tighten_file_modes(path)
        return cls(path, database)

    @classmethod
    def _prepare(cls, path: Path, key: bytes, probe: engine.Probe) -> Engine:
        backup: Path | None = None
        upgrade = probe.empty or schema.needs_upgrade(probe.revision)
        if upgrade and not probe.empty:
            backup = _free_backup_path(path, schema.HEAD_REVISION)
            try:
                engine.backup_to(path, key, backup)
            except Exception as exc:
                raise MigrationFailed.at(path, None) from exc
        database = engine.sqlcipher_engine(path, key)
        if not upgrade:
            return database
        try:
            with engine.write_transaction(database) as connection:
                schema.upgrade(connection)
        except Exception as exc:
            database.dispose()
            if isinstance(exc, SQLAlchemyError) and engine.is_busy(exc):
                raise StoreBusy.at(path) from exc
            raise MigrationFailed.at(path, backup) from exc
        return database

    def close(self) -> None:
        """Close the file. Safe to call twice, and from a signal handler: it never blocks long."""
        acquired = self._lock.acquire(timeout=engine.BUSY_TIMEOUT_SECONDS)
        try:
            if self._closed:
                return
            self._closed = True
            self._engine.dispose()
        finally:
            if acquired:
                self._lock.release()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- drafts ----------------------------------------------------------------------------------

    def save_draft(self, record: Consultation) -> bool:
        """Save a draft if it changed; True when something was written.

        Sets ``record.updated_at`` when it writes. A finalised record (stored or passed in) is
        refused with RecordFinalised: finalising goes through finalise().
        """
        check_record_id(record.id)
        if record.status is Status.FINALISED:
            raise RecordFinalised.at(self.path, record.id)
        digest = content_hash(record)
        with self._working():
            with self._engine.connect() as connection:
                stored = self._status_and_hash(connection, record.id)
            if stored is not None and stored[0] == Status.FINALISED.value:
                raise RecordFinalised.at(self.path, record.id)
            if stored is not None and stored[1] == digest:
                return False

            now = _now()
            saved = record.model_copy(update={"updated_at": now})
            body = saved.model_dump_json()
            with engine.write_transaction(self._engine) as connection:
                # Read again under the write lock: another window may have saved meanwhile.
                stored = self._status_and_hash(connection, record.id)
                if stored is None:
                    connection.execute(insert(consultation).values(_columns(saved, body, digest)))
                    audit.append(connection, Action.CREATE, record.id, f"content={digest}", at=now)
                elif stored[0] == Status.FINALISED.value:
                    raise RecordFinalised.at(self.path, record.id)
                elif stored[1] == digest:
                    return False
                else:
                    values = _columns(saved, body, digest)
                    del values["id"], values["created_at"]
                    connection.execute(
                        update(consultation).where(consultation.c.id == record.id).values(values)
                    )
                    if not self._coalesces(connection, record.id, now):
                        audit.append(
                            connection, Action.CHANGE, record.id, f"content={digest}", at=now
                        )
                # Drafts have no addenda, so the record alone is what it is found by.
                engine.put_search_entry(connection, record.id, index_columns(saved))
        record.updated_at = now
        return True

    def _coalesces(self, connection: Connection, record_id: str, now: datetime) -> bool:
        previous = audit.last_for_record(connection, record_id)
        return (
            previous is not None
            and previous.action == Action.CHANGE.value
            and previous.os_user == self._os_user
            and timedelta(0) <= now - previous.at < CHANGE_COALESCE_WINDOW
        )

    @staticmethod
    def _status_and_hash(connection: Connection, record_id: str) -> tuple[str, str] | None:
        row = connection.execute(
            select(consultation.c.status, consultation.c.body_hash).where(
                consultation.c.id == record_id
            )
        ).first()
        return (row[0], row[1]) if row else None

    # -- seals (store/seal.py) -------------------------------------------------------------------

    def use_signer(self, signer: InstallationKey) -> list[str]:
        """Sign finalisations with this installation's key from now on, and sign any seal still
        waiting for it (records sealed by migration v4, or finalised without the key store).
        Returns the ids of the records it signed."""
        self._signer = signer
        with self._working():
            with self._engine.connect() as connection:
                if not seals.has_pending(connection):
                    return []
            with engine.write_transaction(self._engine) as connection:
                return seals.sign_pending(connection, signer)

    @property
    def public_key(self) -> str | None:
        """This installation's public key, when the store was given its signing key."""
        return self._signer.public_key if self._signer is not None else None

    def export_seal(self, record_id: str) -> dict[str, Any] | None:
        with self._working(), self._engine.connect() as connection:
            return seals.export_seal(connection, record_id)

    def is_unverified(self, record_id: str) -> bool:
        with self._working(), self._engine.connect() as connection:
            return seals.is_unverified(connection, record_id)

    # -- finalised records -----------------------------------------------------------------------

    def finalise(self, record: Consultation, assessment: dict) -> Consultation:
        """Store the record as finalised, with the assessment as it stands; returns that record."""
        check_record_id(record.id)
        if record.status is Status.FINALISED:
            raise RecordFinalised.at(self.path, record.id)
        with self._working():
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
            body = final.model_dump_json()
            digest = content_hash(final)
            sealed = seals.make_seal(final, self._signer)
            with engine.write_transaction(self._engine) as connection:
                stored = self._status_and_hash(connection, record.id)
                if stored is None:
                    connection.execute(insert(consultation).values(_columns(final, body, digest)))
                    audit.append(connection, Action.CREATE, record.id, f"content={digest}", at=now)
                elif stored[0] == Status.FINALISED.value:
                    raise RecordFinalised.at(self.path, record.id)
                else:
                    values = _columns(final, body, digest)
                    del values["id"], values["created_at"]
                    connection.execute(
                        update(consultation).where(consultation.c.id == record.id).values(values)
                    )
                seals.insert_seal(connection, record.id, sealed)
                audit.append(
                    connection,
                    Action.FINALISE,
                    record.id,
                    f"content={digest} seal={sealed.hash}{_overrides_detail(final)}",
                    at=now,
                )
                engine.put_search_entry(connection, record.id, index_columns(final))
        return final

    def add_addendum(self, record_id: str, addendum: Addendum) -> Consultation:
        """Add a dated note to a finalised record; its original body is left exactly as it was."""
        check_record_id(record_id)
        check_record_id(addendum.id)
        with self._working():
            now = _now()
            with engine.write_transaction(self._engine) as connection:
                stored = connection.execute(
                    select(consultation.c.status, consultation.c.addenda_count).where(
                        consultation.c.id == record_id
                    )
                ).first()
                if stored is None:
                    raise RecordNotFound.at(self.path, record_id)
                if stored.status != Status.FINALISED.value:
                    raise NotFinalised.at(self.path, record_id)
                connection.execute(
                    insert(addendum_table).values(
                        _addendum_columns(record_id, addendum, stored.addenda_count)
                    )
                )
                connection.execute(
                    update(consultation)
                    .where(consultation.c.id == record_id)
                    .values(addenda_count=consultation.c.addenda_count + 1, updated_at=now)
                )
                if addendum.review_date is not None:
                    # The review date in force is the latest addendum's: `list --due`, the
                    # review filters and the home screen's reviews due all read this column.
                    connection.execute(
                        update(consultation)
                        .where(consultation.c.id == record_id)
                        .values(review_date=addendum.review_date)
                    )
                audit.append(
                    connection, Action.ADDENDUM, record_id, f"addendum={addendum.id}", at=now
                )
                self._reindex(connection, record_id)
            return self.get(record_id)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, record_id: str, *, audit_view: bool = False) -> Consultation:
        """The whole record with its addenda; audit_view=True records that someone viewed it."""
        with self._working():
            with self._engine.connect() as connection:
                body = connection.execute(
                    select(consultation.c.body).where(consultation.c.id == record_id)
                ).scalar()
                if body is None:
                    raise RecordNotFound.at(self.path, record_id)
                notes = connection.execute(
                    select(addendum_table)
                    .where(addendum_table.c.consultation_id == record_id)
                    .order_by(addendum_table.c.position, addendum_table.c.at, addendum_table.c.id)
                ).all()
            try:
                record = Consultation.model_validate_json(body)
            except ValidationError:
                raise RecordUnreadable.at(self.path, record_id) from None
            known = {note.id for note in record.addenda}
            record.addenda.extend(_addendum_of(row) for row in notes if row.id not in known)
            if audit_view:
                with engine.write_transaction(self._engine) as connection:
                    audit.append(connection, Action.VIEW, record_id, at=_now())
            return record

    def list_summaries(
        self, *, limit: int = 200, offset: int = 0, status: Status | None = None
    ) -> list[RecordSummary]:
        """Newest-updated first, a page at a time; never reads a body."""
        columns = [column for column in consultation.c if column.name not in ("body", "body_hash")]
        query = (
            select(*columns)
            .order_by(consultation.c.updated_at.desc(), consultation.c.id.desc())
            .limit(max(0, limit))
            .offset(max(0, offset))
        )
        if status is not None:
            query = query.where(consultation.c.status == Status(status).value)
        with self._working(), self._engine.connect() as connection:
            return [_summary(row) for row in connection.execute(query)]

    def count(self, *, status: Status | None = None) -> int:
        query = select(func.count()).select_from(consultation)
        if status is not None:
            query = query.where(consultation.c.status == Status(status).value)
        with self._working(), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def record_ids(self) -> list[str]:
        """Every record id, oldest first (for a whole-store export)."""
        query = select(consultation.c.id).order_by(consultation.c.created_at, consultation.c.id)
        with self._working(), self._engine.connect() as connection:
            return list(connection.execute(query).scalars())

    # -- reviewing: search, filters, sorting, attention, chronology -----------------------------

    def review_page(
        self, query: ReviewQuery, *, limit: int = 200, offset: int = 0
    ) -> list[RecordSummary]:
        """One page of the records a review query finds, in its order; never reads a body.

        Every sort walks an index (column, date, id), so a page costs the same at 100,000
        records as at 100. Records without a review date come last when sorted by review date.
        """
        limit, offset = max(0, limit), max(0, offset)
        with self._working(), self._engine.connect() as connection:
            conditions = self._review_conditions(connection, query)
            if query.sort is not SortColumn.REVIEW_DATE:
                return self._review_rows(connection, conditions, query, limit, offset)
            dated_condition = consultation.c.review_date.is_not(None)
            dated = self._count(connection, [*conditions, dated_condition])
            rows: list[RecordSummary] = []
            if offset < dated:
                rows = self._review_rows(
                    connection, [*conditions, dated_condition], query, limit, offset
                )
            if len(rows) < limit:
                rows += self._review_rows(
                    connection,
                    [*conditions, consultation.c.review_date.is_(None)],
                    query,
                    limit - len(rows),
                    max(0, offset - dated),
                )
            return rows

    def review_count(self, query: ReviewQuery) -> int:
        with self._working(), self._engine.connect() as connection:
            terms = search_terms(query.text)
            only_text = replace(query, text="", sort=SortColumn.DATE, descending=True, today=None)
            if terms and engine.has_search(connection) and only_text == ReviewQuery():
                # A search with no filters is counted from the index alone.
                expression = engine.search_expression([(t.tokens, t.prefix) for t in terms])
                return engine.search_count(connection, expression)
            return self._count(connection, self._review_conditions(connection, query))

    def attention(self, today: date | None = None, *, shown: int = 5) -> Attention:
        """Drafts not finished and reviews due or overdue, with the first few of each."""
        on = today or date.today()
        due = ReviewQuery(
            review=ReviewDue.DUE, sort=SortColumn.REVIEW_DATE, descending=False, today=on
        )
        overdue = ReviewQuery(review=ReviewDue.OVERDUE, today=on)
        drafts = ReviewQuery(status=Status.DRAFT, sort=SortColumn.DATE, descending=False)
        return Attention(
            drafts=self.review_count(drafts),
            reviews_due=self.review_count(due),
            reviews_overdue=self.review_count(overdue),
            oldest_drafts=tuple(self.review_page(drafts, limit=shown)),
            soonest_reviews=tuple(self.review_page(due, limit=shown)),
        )

    def chronology(
        self, case_reference: str | None = None, *, child: str | None = None, limit: int = 2000
    ) -> list[ChronologyEntry]:
        """Every consultation and addendum for a case reference, or for a child by name, by date.

        A child is matched on the names recorded for the people in a consultation (through the
        search index, so "Zoe" finds "Zoë") or on the child label, across case references.
        """
        if not (case_reference or "").strip() and not (child or "").strip():
            return []
        with self._working(), self._engine.connect() as connection:
            matches = []
            if case_reference and case_reference.strip():
                matches.append(consultation.c.case_reference == case_reference.strip())
            if child and child.strip():
                matches.append(self._child_condition(connection, child))
            rows = connection.execute(
                select(consultation)
                .where(or_(*matches))
                .order_by(consultation.c.created_at, consultation.c.id)
                .limit(max(0, limit))
            ).all()
            ids = [row.id for row in rows]
            notes: dict[str, list[Any]] = {}
            for start in range(0, len(ids), 500):
                for note in connection.execute(
                    select(addendum_table)
                    .where(addendum_table.c.consultation_id.in_(ids[start : start + 500]))
                    .order_by(addendum_table.c.position, addendum_table.c.at)
                ):
                    notes.setdefault(note.consultation_id, []).append(note)
        entries: list[ChronologyEntry] = []
        for row in rows:
            summary = _summary(row)
            try:
                reason = Consultation.model_validate_json(row.body).decision.reason
            except ValidationError:
                reason = ""
            entries.append(
                ChronologyEntry(
                    at=summary.created_at,
                    kind=EntryKind.CONSULTATION,
                    record_id=summary.id,
                    case_reference=summary.case_reference,
                    child_label=summary.child_label,
                    practitioner=summary.practitioner,
                    status=summary.status,
                    decision=summary.decision,
                    summary=reason,
                    review_date=summary.review_date,
                    unverified=summary.unverified,
                )
            )
            for note in notes.get(row.id, ()):
                entries.append(
                    ChronologyEntry(
                        at=note.at,
                        kind=EntryKind.ADDENDUM,
                        record_id=summary.id,
                        case_reference=summary.case_reference,
                        child_label=summary.child_label,
                        practitioner=note.author,
                        status=summary.status,
                        decision=summary.decision,
                        summary="; ".join(part for part in (note.reason, note.text) if part),
                        unverified=summary.unverified,
                    )
                )
        entries.sort(key=lambda entry: (entry.at, entry.kind != EntryKind.CONSULTATION))
        return entries

    def _review_conditions(self, connection: Connection, query: ReviewQuery) -> list[Any]:
        conditions: list[Any] = []
        if query.status is not None:
            conditions.append(consultation.c.status == Status(query.status).value)
        if query.decisions:
            conditions.append(
                consultation.c.decision.in_(sorted(str(d.value) for d in query.decisions))
            )
        # A consultation's date is its UTC day; a day's bounds are UTC midnights.
        if query.date_from is not None:
            conditions.append(consultation.c.created_at >= _midnight(query.date_from))
        if query.date_to is not None:
            conditions.append(
                consultation.c.created_at < _midnight(query.date_to + timedelta(days=1))
            )
        _, before = query.review_bounds()
        if before is not None:
            conditions.append(
                and_(consultation.c.review_date.is_not(None), consultation.c.review_date < before)
            )
        if query.anonymised_only:
            conditions.append(consultation.c.anonymised.is_(True))
        if query.case_reference is not None:
            conditions.append(consultation.c.case_reference == query.case_reference)
        terms = search_terms(query.text)
        if terms:
            if engine.has_search(connection):
                expression = engine.search_expression(
                    [(term.tokens, term.prefix) for term in terms]
                )
                conditions.append(
                    engine.search_condition(connection, consultation.c.id, expression)
                )
            else:
                # No full-text index here (PostgreSQL): match the listed columns only.
                for term in terms:
                    pattern = "%" + " ".join(term.tokens) + "%"
                    conditions.append(
                        or_(
                            func.lower(consultation.c.case_reference).like(pattern),
                            func.lower(consultation.c.child_label).like(pattern),
                            func.lower(consultation.c.practitioner).like(pattern),
                        )
                    )
        return conditions

    def _child_condition(self, connection: Connection, child: str) -> Any:
        tokens = tuple(words(child))
        label = consultation.c.child_label == child.strip()
        if not tokens:
            return label
        if not engine.has_search(connection):
            return or_(label, func.lower(consultation.c.child_label) == fold(child.strip()))
        expression = engine.search_expression([(tokens, False)], column="people")
        return or_(label, consultation.c.id.in_(engine.search_matches(expression)))

    @staticmethod
    def _review_rows(
        connection: Connection,
        conditions: list[Any],
        query: ReviewQuery,
        limit: int,
        offset: int,
    ) -> list[RecordSummary]:
        if limit == 0:
            return []
        columns = [c for c in consultation.c if c.name not in ("body", "body_hash")]
        order = [consultation.c.created_at, consultation.c.id]
        if query.sort is not SortColumn.DATE:
            order.insert(0, consultation.c[query.sort.value])
        statement = (
            select(*columns)
            .where(*conditions)
            .order_by(*(column.desc() if query.descending else column.asc() for column in order))
            .limit(limit)
            .offset(offset)
        )
        return [_summary(row) for row in connection.execute(statement)]

    @staticmethod
    def _count(connection: Connection, conditions: list[Any]) -> int:
        statement = select(func.count()).select_from(consultation).where(*conditions)
        return int(connection.execute(statement).scalar_one())

    def _reindex(self, connection: Connection, record_id: str) -> None:
        """Index a stored record again, with its addenda, inside the caller's transaction."""
        if not engine.has_search(connection):
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
            _addendum_of(row)
            for row in connection.execute(
                select(addendum_table).where(addendum_table.c.consultation_id == record_id)
            )
        ]
        engine.put_search_entry(connection, record_id, index_columns(record, notes))

    # -- audit -----------------------------------------------------------------------------------

    def audit_trail(self, record_id: str | None = None) -> list[AuditEntry]:
        with self._working(), self._engine.connect() as connection:
            return audit.trail(connection, record_id)

    def record_export(self, record_ids: list[str], fmt: str) -> None:
        """Enter in the audit trail that these records left the store in format ``fmt``."""
        if not _EXPORT_FORMAT.fullmatch(fmt):
            raise ValueError("an export format is a short lower-case name such as 'json' or 'pdf'")
        with self._working():
            now = _now()
            with engine.write_transaction(self._engine) as connection:
                for record_id in record_ids:
                    if self._status_and_hash(connection, record_id) is None:
                        raise RecordNotFound.at(self.path, record_id)
                    audit.append(connection, Action.EXPORT, record_id, f"format={fmt}", at=now)

    def verify_audit(self) -> AuditVerification:
        with self._working(), self._engine.connect() as connection:
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

    # -- health ----------------------------------------------------------------------------------

    def schema_version(self) -> str:
        with self._working(), self._engine.connect() as connection:
            return schema.current_revision(connection) or ""

    def integrity_check(self) -> str:
        """'ok', or each problem found (damaged page, broken b-tree, removed guard) on a line."""
        with self._working(), self._engine.connect() as connection:
            problems = engine.integrity_problems(connection)
            revision = schema.current_revision(connection) or ""
            problems += [
                f"the database guard {name} has been removed"
                for name in engine.missing_guards(connection, schema.GUARDS_AT.get(revision, ()))
            ]
        return "\n".join(problems) if problems else "ok"

    def cipher_in_use(self) -> bool:
        with self._working(), self._engine.connect() as connection:
            return bool(engine.cipher_version(connection))

    # -- used by transfer.import_records once the whole document has been validated -------------

    def _existing_ids(self, record_ids: list[str]) -> set[str]:
        found: set[str] = set()
        with self._working(), self._engine.connect() as connection:
            for start in range(0, len(record_ids), 500):
                chunk = record_ids[start : start + 500]
                found.update(
                    connection.execute(
                        select(consultation.c.id).where(consultation.c.id.in_(chunk))
                    ).scalars()
                )
        return found

    def _insert_imported(
        self,
        rows: list[tuple[dict[str, Any], list[dict[str, Any]]]],
        sealed: dict[str, seals.SealValues] | None = None,
    ) -> None:
        """Write prepared (record columns, addendum columns) pairs in one transaction, with the
        seal of each finalised record (its "unverified" column says whether the seal proved it)."""
        sealed = sealed or {}
        with self._working():
            now = _now()
            with engine.write_transaction(self._engine) as connection:
                for record_values, addendum_values in rows:
                    record_values = {**record_values, "addenda_count": len(addendum_values)}
                    connection.execute(insert(consultation).values(record_values))
                    if addendum_values:
                        connection.execute(insert(addendum_table), addendum_values)
                    seal_values = sealed.get(record_values["id"])
                    seal_detail = ""
                    if seal_values is not None:
                        seals.insert_seal(connection, record_values["id"], seal_values)
                        verified = "no" if record_values.get("unverified") else "yes"
                        seal_detail = f" seal={seal_values.hash} verified={verified}"
                    audit.append(
                        connection,
                        Action.IMPORT,
                        record_values["id"],
                        f"content={record_values['body_hash']}{seal_detail} "
                        f"status={record_values['status']}",
                        at=now,
                    )
                    self._reindex(connection, record_values["id"])

    # -- plumbing --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        """One operation at a time per store, and database errors told as plain sentences."""
        with self._lock:
            if self._closed:
                raise StoreClosed.at(self.path)
            try:
                yield
            except SQLAlchemyError as exc:
                raise self._plain_error(exc) from exc

    def _plain_error(self, exc: SQLAlchemyError) -> StoreError:
        if engine.is_busy(exc):
            return StoreBusy.at(self.path)
        if engine.is_write_failure(exc):
            return StoreWriteFailed.at(self.path)
        if engine.is_corruption(exc):
            return CorruptDatabase.at(self.path, "part of it can no longer be read")
        if engine.is_guard_refusal(exc):
            return StoreError(
                f"The record store at {self.path} refused to change a finalised record or the "
                "audit log. Add an addendum instead.",
                path=self.path,
            )
        return StoreError(
            f"The record store at {self.path} could not complete that action. Try again; if it "
            "keeps happening, run 'consult-tui doctor'.",
            path=self.path,
        )


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
        entries = details.get(record_id, {})
        imports = entries.get(Action.IMPORT.value, [])
        missing = ""
        if not imports and not entries.get(Action.CREATE.value):
            missing = f"record {record_id} has no entry for its creation"
        elif status == Status.FINALISED.value and not (
            entries.get(Action.FINALISE.value)
            or any(detail.endswith(f" status={status}") for detail in imports)
        ):
            missing = f"record {record_id} is finalised but the log has no entry for that"
        elif not imports and len(entries.get(Action.ADDENDUM.value, [])) < addenda_count:
            missing = f"record {record_id} has addenda the log has no entry for"
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


def _summary(row: Any) -> RecordSummary:
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


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _free_backup_path(path: Path, revision: str) -> Path:
    candidate = path.with_name(f"{path.name}.pre-{revision}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.pre-{revision}.{number}.bak")
        number += 1
    return candidate
