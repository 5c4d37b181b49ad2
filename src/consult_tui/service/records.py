"""The record service: the only thing the screens talk to for data.

Every call that touches the database runs on one dedicated store thread, never on the event
loop: a store that is slow, or locked by another window for its 5 s busy timeout, delays the
answer, never a keystroke. Calls are queued in order, so a draft saved before the lease is let go
is on disk before the lease is let go, and waiting for the queue to drain (hang-up, quit, lock)
means everything asked for so far is done.

Screens await the async methods from their own workers; the autosaver hands over snapshots with
``save_draft`` and gets a future back.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..domain.follow_up import follow_up_draft
from ..domain.record import Addendum, Consultation, Practitioner

if TYPE_CHECKING:
    from ..config import Settings
    from ..domain.guidance import GuidancePack
    from ..export.document import CaseDocument
    from ..store.lease import DraftLease, Holder
    from ..store.repository import RecordStore, RecordSummary
    from ..store.search import Attention, ChronologyEntry, ReviewQuery

_Result = TypeVar("_Result")

STORE_THREAD_NAME = "consult-tui-store"


def practitioner_of(settings: Settings) -> Practitioner:
    """The practitioner the settings describe (possibly nobody by name yet)."""
    return Practitioner(
        name=settings.practitioner_name,
        role=settings.practitioner_role,
        organisation=settings.practitioner_organisation,
    )


@dataclass(frozen=True, slots=True)
class DraftSnapshot:
    """A draft as it stood when the autosaver took it: text, so the UI's object is never shared.

    Serialised on the UI thread (a few tens of microseconds) and read back on the store thread,
    so that the store writes ``updated_at`` into its own copy, not into the record being typed.
    """

    record_id: str
    body: str

    @classmethod
    def of(cls, record: Consultation) -> DraftSnapshot:
        return cls(record.id, record.model_dump_json())

    def record(self) -> Consultation:
        return Consultation.model_validate_json(self.body)


@dataclass(frozen=True, slots=True)
class Opened:
    """A record opened to work on: editable (this window holds its draft), or to read only.

    ``elsewhere`` says who holds the draft when another window has it; the record is then not
    opened here at all, and is shown read-only instead.
    """

    record: Consultation
    elsewhere: Holder | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """A record as the record screen shows it: the record and its document (with the trail)."""

    record: Consultation
    document: CaseDocument


@dataclass(frozen=True, slots=True)
class HomePage:
    total: int
    summaries: Sequence[RecordSummary]
    attention: Attention


@dataclass(frozen=True, slots=True)
class ReviewPage:
    rows: Sequence[RecordSummary]
    total: int | None  # None: a further page, whose total is already known


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    reading: Reading


class RecordService:
    """Records for the screens: open, save, finalise, add to, export, list and search them."""

    def __init__(
        self,
        store: RecordStore,
        pack: GuidancePack,
        *,
        database: Path,
        practitioner: Practitioner,
    ) -> None:
        self.store = store
        self.pack = pack
        self.practitioner = practitioner
        self._database = database
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=STORE_THREAD_NAME)
        self._lease: DraftLease | None = None  # touched on the store thread only
        self._closed = False
        self._closing = threading.Lock()

    # -- the store thread --------------------------------------------------------------------------

    def submit(self, work: Callable[[], _Result]) -> Future[_Result]:
        """Queue work for the store thread; a closed service answers with StoreClosed."""
        if self._closed:
            from ..store.errors import StoreClosed

            failed: Future[_Result] = Future()
            failed.set_exception(StoreClosed.at(self._database))
            return failed
        try:
            return self._executor.submit(work)
        except RuntimeError:  # shut down meanwhile (the app is ending)
            from ..store.errors import StoreClosed

            failed = Future()
            failed.set_exception(StoreClosed.at(self._database))
            return failed

    async def _call(self, work: Callable[[], _Result], *, writes: bool = False) -> _Result:
        """Await work done on the store thread.

        A write is shielded: the screen that asked may close (its worker is then cancelled),
        but a write that was asked for is still made.
        """
        answer = asyncio.wrap_future(self.submit(work))
        return await (asyncio.shield(answer) if writes else answer)

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is done; False if the time ran out first."""
        if self._closed:
            return True
        try:
            self.submit(lambda: None).result(timeout)
        except FutureTimeout:
            return False
        return True

    def stop(self, timeout: float | None = None) -> None:
        """Finish the queue and end the store thread, leaving the store open (for its owner)."""
        self._end(self._let_go, timeout)

    def close(self, timeout: float | None = None) -> None:
        """Finish the queue, let the draft go and close the store. Safe to call twice."""
        self._end(self._close_on_store_thread, timeout)

    def _end(self, last_work: Callable[[], None], timeout: float | None) -> None:
        """Queue the last work, take no more, and wait for it (at most ``timeout``)."""
        with self._closing:
            if self._closed:
                return
            done = self._executor.submit(last_work)
            self._closed = True
        with contextlib.suppress(FutureTimeout):
            done.result(timeout)
        self._executor.shutdown(wait=False)

    def _close_on_store_thread(self) -> None:
        self._let_go()
        self.store.close()

    # -- drafts ------------------------------------------------------------------------------------

    def save_draft(self, snapshot: DraftSnapshot) -> Future[bool]:
        """Save a snapshot on the store thread; the future says whether anything was written."""
        return self.submit(lambda: self.store.save_draft(snapshot.record()))

    async def open_record(self, record_id: str) -> Opened:
        """Open a stored record from a list: a draft is held for this window, if it can be."""
        return await self._call(lambda: self._open(record_id))

    async def start_draft(self, record: Consultation) -> Opened:
        """Hold a draft not yet read from the store (a new one, or one shown read-only)."""
        return await self._call(lambda: self._hold(record))

    async def start_follow_up(self, earlier: Consultation) -> Opened:
        """A new draft following on from a record, saved at once so that it is not lost."""

        def start() -> Opened:
            me = self.practitioner if self.practitioner.name else None
            draft = follow_up_draft(earlier, me)
            self.store.save_draft(draft.model_copy(deep=True))
            return self._hold(draft)

        return await self._call(start, writes=True)

    def _open(self, record_id: str) -> Opened:
        record = self.store.get(record_id, audit_view=True)
        return Opened(record) if record.is_final else self._hold(record)

    def _hold(self, record: Consultation) -> Opened:
        from ..store.errors import RecordNotFound
        from ..store.lease import Holder, claim

        if self._lease is None or self._lease.record_id != record.id:
            self._let_go()
            try:
                outcome = claim(self._database, record.id)
            except OSError:
                # The data folder cannot take the lock file (full, read-only): saving will say
                # so, and keep the typing, as for any other draft.
                return Opened(record)
            if isinstance(outcome, Holder):
                return Opened(record, elsewhere=outcome)
            self._lease = outcome
        # Another window may have saved it since it was read: carry on from what is stored.
        try:
            return Opened(self.store.get(record.id))
        except RecordNotFound:
            return Opened(record)  # new, not saved yet

    def let_go(self, record_id: str) -> Future[None]:
        """Let another window have this draft, once every save queued before this is done."""
        return self.submit(lambda: self._let_go(record_id))

    def _let_go(self, record_id: str | None = None) -> None:
        if self._lease is not None and record_id in (None, self._lease.record_id):
            self._lease.release()
            self._lease = None

    async def finalise(self, snapshot: DraftSnapshot, assessment: dict) -> Consultation:
        """Finalise the draft as the snapshot has it; the draft is let go once it is final."""

        def finalise() -> Consultation:
            final = self.store.finalise(snapshot.record(), assessment)
            self._let_go()
            return final

        return await self._call(finalise, writes=True)

    # -- finalised records -------------------------------------------------------------------------

    async def read(self, record_id: str) -> Reading:
        """A record to read, entered in the audit trail as a view."""
        return await self._call(lambda: self._reading(self.store.get(record_id, audit_view=True)))

    async def add_addendum(self, record_id: str, addendum: Addendum) -> Reading:
        return await self._call(
            lambda: self._reading(self.store.add_addendum(record_id, addendum)), writes=True
        )

    async def export(self, record_id: str, fmt: str) -> Exported:
        """Write the record to a private file in the exports folder; the export is audited."""
        from ..export.files import default_export_path, write_private
        from ..export.service import ExportFormat, export_record

        def export() -> Exported:
            chosen = ExportFormat(fmt)
            path = default_export_path(record_id, chosen.extension)
            export_record(
                self.store, record_id, chosen, self.pack, lambda data: write_private(path, data)
            )
            return Exported(path, self._reading(self.store.get(record_id)))

        return await self._call(export, writes=True)

    def _reading(self, record: Consultation) -> Reading:
        from ..export.document import build_document

        trail = self.store.audit_trail(record.id)
        return Reading(record, build_document(record, self.pack, trail=trail))

    # -- lists -------------------------------------------------------------------------------------

    async def home_page(self, rows: int) -> HomePage:
        """The newest ``rows`` records, how many there are, and what needs attention."""

        def page() -> HomePage:
            return HomePage(
                total=self.store.count(),
                summaries=self.store.list_summaries(limit=rows),
                attention=self.store.attention(),
            )

        return await self._call(page)

    async def review_page(self, query: ReviewQuery, *, limit: int, offset: int = 0) -> ReviewPage:
        """A page of what the query finds; the first page also says how many there are."""

        def page() -> ReviewPage:
            rows = self.store.review_page(query, limit=limit, offset=offset)
            if offset:
                return ReviewPage(rows, None)
            # A short first page is the whole answer: no need to count.
            total = len(rows) if len(rows) < limit else self.store.review_count(query)
            return ReviewPage(rows, total)

        return await self._call(page)

    async def chronology(
        self, case_reference: str | None, child: str | None
    ) -> list[ChronologyEntry]:
        return await self._call(lambda: self.store.chronology(case_reference, child=child))
