"""RecordStore: the consultation records in one encrypted file, one method per thing asked of it.

A thin facade: each job lives in its own module (opening, writes, reading, review_queries,
chronology, importing, health), all working through one StoreHandle, so the service, the CLI
and the tests keep one import path while each job can be read and changed on its own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from consult_tui.domain.record import Addendum, Consultation, Status

from . import chronology as chronologies
from . import health, importing, reading, review_queries, writes
from .audit import AuditEntry, AuditVerification
from .handle import StoreHandle
from .opening import open_database
from .record_rows import SAFE_ID, RecordSummary, check_record_id, content_hash
from .search import Attention, ChronologyEntry, ReviewQuery

if TYPE_CHECKING:
    from consult_tui.security.signing import InstallationKey

    from .seal import SealValues

__all__ = ["SAFE_ID", "RecordStore", "RecordSummary", "check_record_id", "content_hash"]


class RecordStore:
    """The consultation records in one encrypted database file. Open it with RecordStore.open."""

    path: Path

    def __init__(self, path: Path, database: Engine) -> None:
        self.path = path
        self._handle = StoreHandle(path, database)

    # -- opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, key: bytes, *, create: bool = False, verify_pages: bool = True
    ) -> RecordStore:
        """Open (or with create=True, make) the store, upgrading its schema if it is older.

        A file that cannot be opened is left byte-for-byte as it was; an upgrade keeps a copy
        made before it (see opening.py).
        """
        path = Path(path).expanduser().absolute()
        return cls(path, open_database(path, key, create=create, verify_pages=verify_pages))

    def close(self) -> None:
        """Close the file. Safe to call twice, and from a signal handler: it never blocks long."""
        self._handle.close()

    @property
    def closed(self) -> bool:
        return self._handle.closed

    @property
    def _engine(self) -> Engine:
        """The engine underneath, for tests and benchmarks that must go below the store."""
        return self._handle.engine

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing (writes.py) ---------------------------------------------------------------------

    def save_draft(self, record: Consultation) -> bool:
        """Save a draft if it changed; True when something was written.

        Sets ``record.updated_at`` when it writes. A finalised record (stored or passed in) is
        refused with RecordFinalised: finalising goes through finalise().
        """
        return writes.save_draft(self._handle, record)

    def finalise(self, record: Consultation, assessment: dict) -> Consultation:
        """Store the record as finalised, with the assessment as it stands; returns that record."""
        return writes.finalise(self._handle, record, assessment)

    def add_addendum(self, record_id: str, addendum: Addendum) -> Consultation:
        """Add a dated note to a finalised record; its original body is left exactly as it was."""
        return writes.add_addendum(self._handle, record_id, addendum)

    def record_export(self, record_ids: list[str], fmt: str) -> None:
        """Enter in the audit trail that these records left the store in format ``fmt``."""
        writes.record_export(self._handle, record_ids, fmt)

    def use_signer(self, signer: InstallationKey) -> list[str]:
        """Sign finalisations with this installation's key from now on, and sign any seal still
        waiting for it (records sealed by migration v4, or finalised without the key store).
        Returns the ids of the records it signed."""
        return writes.use_signer(self._handle, signer)

    @property
    def public_key(self) -> str | None:
        """This installation's public key, when the store was given its signing key."""
        signer = self._handle.signer
        return signer.public_key if signer is not None else None

    # -- reading (reading.py) --------------------------------------------------------------------

    def get(self, record_id: str, *, audit_view: bool = False) -> Consultation:
        """The whole record with its addenda; audit_view=True records that someone viewed it."""
        return reading.get(self._handle, record_id, audit_view=audit_view)

    def list_summaries(
        self, *, limit: int = 200, offset: int = 0, status: Status | None = None
    ) -> list[RecordSummary]:
        """Newest-updated first, a page at a time; never reads a body."""
        return reading.list_summaries(self._handle, limit=limit, offset=offset, status=status)

    def count(self, *, status: Status | None = None) -> int:
        return reading.count(self._handle, status=status)

    def record_ids(self) -> list[str]:
        """Every record id, oldest first (for a whole-store export)."""
        return reading.record_ids(self._handle)

    def audit_trail(self, record_id: str | None = None) -> list[AuditEntry]:
        return reading.audit_trail(self._handle, record_id)

    def export_seal(self, record_id: str) -> dict[str, Any] | None:
        return reading.export_seal(self._handle, record_id)

    def is_unverified(self, record_id: str) -> bool:
        return reading.is_unverified(self._handle, record_id)

    # -- reviewing (review_queries.py, chronology.py) --------------------------------------------

    def review_page(
        self, query: ReviewQuery, *, limit: int = 200, offset: int = 0
    ) -> list[RecordSummary]:
        """One page of the records a review query finds, in its order; never reads a body."""
        return review_queries.review_page(self._handle, query, limit=limit, offset=offset)

    def review_count(self, query: ReviewQuery) -> int:
        return review_queries.review_count(self._handle, query)

    def attention(self, today: date | None = None, *, shown: int = 5) -> Attention:
        """Drafts not finished and reviews due or overdue, with the first few of each."""
        return review_queries.attention(self._handle, today, shown=shown)

    def chronology(
        self, case_reference: str | None = None, *, child: str | None = None, limit: int = 2000
    ) -> list[ChronologyEntry]:
        """Every consultation and addendum for a case reference, or for a child by name, by date."""
        return chronologies.chronology(self._handle, case_reference, child=child, limit=limit)

    # -- health (health.py) ----------------------------------------------------------------------

    def verify_audit(self) -> AuditVerification:
        return health.verify_audit(self._handle)

    def schema_version(self) -> str:
        return health.schema_version(self._handle)

    def integrity_check(self) -> str:
        """'ok', or each problem found (damaged page, broken b-tree, removed guard) on a line."""
        return health.integrity_check(self._handle)

    def cipher_in_use(self) -> bool:
        return health.cipher_in_use(self._handle)

    # -- used by transfer.import_records once the whole document has been validated -------------

    def _existing_ids(self, record_ids: list[str]) -> set[str]:
        return importing.existing_ids(self._handle, record_ids)

    def _insert_imported(
        self,
        rows: list[tuple[dict[str, Any], list[dict[str, Any]]]],
        sealed: dict[str, SealValues] | None = None,
    ) -> None:
        importing.insert_imported(self._handle, rows, sealed or {})
