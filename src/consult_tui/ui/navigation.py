"""Moving between screens: the list, a draft, a record, its chronology, the review screen.

The App answers the screens' requests to go somewhere (``ui/messages.py``). Where the next screen
needs data in its first frame, it is read through the record service in an exclusive worker (a
newer request replaces an older one) before the screen is shown; what a screen does after that,
it loads and saves itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from .messages import (
    ChronologyRequested,
    EditRequested,
    FollowUpRequested,
    OpenRequested,
    ReviewRequested,
)
from .screens.home import HomeScreen
from .store_calls import reported
from .type_ahead import type_ahead_of

if TYPE_CHECKING:
    from ..config import Settings
    from ..domain.record import Consultation
    from ..service.records import Opened, RecordService
    from ..workspace import Workspace
    from .autosave import DraftAutosaver
    from .screens.record_view import RecordViewScreen
    from .screens.review import ReviewScreen

REVIEW_SCREEN = "review"
RECORD_SCREEN = "record"

_hold_numbers = itertools.count(1)


class NavigatingApp(App[int]):
    """The part of the App that shows screens; ``ConsultApp`` adds unlocking, locking, leaving."""

    settings: Settings
    workspace: Workspace | None
    records: RecordService | None
    _autosaver: DraftAutosaver | None
    _review_screen: ReviewScreen | None
    _record_screen: RecordViewScreen | None

    def _hold_keys(self) -> str:
        """Keep what is typed from now until the next screen is up (type_ahead.py).

        Called as the request is made, not in the worker: ctrl+n and a case reference typed
        straight after it must not reach the list while the draft is being prepared.
        """
        reason = f"navigate-{next(_hold_numbers)}"
        type_ahead = type_ahead_of(self)
        if type_ahead is not None:
            type_ahead.hold(reason)
        return reason

    @contextmanager
    def _preparing(self, hold: str) -> Iterator[None]:
        """Hand on the keys held by ``hold`` once the screen is shown, or the request failed."""
        try:
            yield
        finally:
            type_ahead = type_ahead_of(self)
            if type_ahead is not None:
                type_ahead.release(hold)

    def _back_to_home(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def _flushed(self) -> None:
        """What is typed goes to the store thread first, so the next screen reads it as it is."""
        if self._autosaver is not None:
            await self._autosaver.flush_soon()

    # -- the list ----------------------------------------------------------------------------

    def action_home(self) -> None:
        if self.records is None:
            return
        # The consultation screen, once closed, saves what is left and lets its draft go.
        self._back_to_home()

    def on_review_requested(self, event: ReviewRequested) -> None:
        self.action_review(event.preset)

    # -- drafts ------------------------------------------------------------------------------

    def action_new_consultation(self) -> None:
        if self.records is None:
            self.notify("Unlock first: type your passphrase and press Enter.")
            return
        from ..domain.record import Consultation

        records = self.records
        record = Consultation(practitioner=records.practitioner.model_copy())
        self._edit(self._hold_keys(), lambda: records.start_draft(record))

    def on_open_requested(self, event: OpenRequested) -> None:
        if self.records is None:
            return
        if event.to_edit:
            records, record_id = self.records, event.record_id
            self._edit(self._hold_keys(), lambda: records.open_record(record_id))
        else:
            self._read(self._hold_keys(), event.record_id)

    def on_edit_requested(self, event: EditRequested) -> None:
        if self.records is not None:
            records, record = self.records, event.record
            self._edit(self._hold_keys(), lambda: records.start_draft(record))

    def on_follow_up_requested(self, event: FollowUpRequested) -> None:
        if self.records is not None:
            records, earlier = self.records, event.record
            self._edit(self._hold_keys(), lambda: records.start_follow_up(earlier), follow_up=True)

    @work(exclusive=True, group="navigate")
    async def _edit(
        self, hold: str, opening: Callable[[], Awaitable[Opened]], follow_up: bool = False
    ) -> None:
        """Show a consultation: a draft held for this window, or a record to read only."""
        with self._preparing(hold):
            await self._show_editing(opening, follow_up)

    async def _show_editing(
        self, opening: Callable[[], Awaitable[Opened]], follow_up: bool
    ) -> None:
        from .screens.consultation import ConsultationScreen

        assert self.workspace is not None and self._autosaver is not None
        await self._flushed()
        opened = await reported(self, opening())
        if opened is None:
            return
        if opened.elsewhere is not None:
            self.notify(opened.elsewhere.describe(), title="Open elsewhere", severity="warning")
            await self._show_reading(opened.record.id)
            return
        record: Consultation = opened.record
        self._back_to_home()
        self.push_screen(
            ConsultationScreen(
                record, self.workspace.pack, drafts=self._autosaver, read_only=record.is_final
            )
        )
        if follow_up:
            self.notify(
                "A follow-up draft: people, case reference and facts are carried over; the "
                "decision is for you to make afresh."
            )

    # -- reading records -----------------------------------------------------------------------

    @work(exclusive=True, group="navigate")
    async def _read(self, hold: str, record_id: str) -> None:
        with self._preparing(hold):
            await self._show_reading(record_id)

    async def _show_reading(self, record_id: str) -> None:
        """Show a record read-only; opening it is entered in the audit trail as a view."""
        from .screens.record_view import RecordViewScreen

        assert self.records is not None
        reading = await reported(self, self.records.read(record_id))
        if reading is None:
            return
        # Like the review screen, one record screen is built per session and shown again.
        screen = self._record_screen
        if screen is None:
            screen = RecordViewScreen(reading, self.records, author=self.settings.practitioner_name)
            self._record_screen = screen
            self.install_screen(screen, name=RECORD_SCREEN)
        else:
            screen.show_record(reading, from_the_top=True)
        self._show_installed(screen)

    def _show_installed(self, screen: Any) -> None:
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
        else:
            self.push_screen(screen)

    def on_chronology_requested(self, event: ChronologyRequested) -> None:
        self._chronology(self._hold_keys(), event.case_reference, event.child)

    @work(exclusive=True, group="navigate")
    async def _chronology(self, hold: str, case_reference: str | None, child: str | None) -> None:
        with self._preparing(hold):
            await self._show_chronology(case_reference, child)

    async def _show_chronology(self, case_reference: str | None, child: str | None) -> None:
        from .screens.chronology import ChronologyScreen

        if self.records is None:
            return
        entries = await reported(self, self.records.chronology(case_reference, child))
        if entries is None:
            return
        heading = f"case {case_reference}" if case_reference else f"child {child}"
        self.push_screen(ChronologyScreen(heading, entries))

    # -- reviewing past consultations ------------------------------------------------------

    def action_review(self, preset: str = "") -> None:
        """Open the review screen (F5); from it, the same key goes back to its search box."""
        from .screens.review import ReviewScreen

        if self.records is None:
            self.notify("Unlock first: type your passphrase and press Enter.")
            return
        if isinstance(self.screen, ReviewScreen) and not preset:
            self.screen.action_focus_search()
            return
        self._review(self._hold_keys(), preset)

    @work(exclusive=True, group="navigate")
    async def _review(self, hold: str, preset: str) -> None:
        with self._preparing(hold):
            await self._show_review(preset)

    async def _show_review(self, preset: str) -> None:
        from ..domain.record import Status
        from ..store.search import ReviewDue, ReviewQuery, SortColumn
        from .screens.review import FIRST_PAGE_ROWS, ReviewScreen

        assert self.records is not None
        # The draft being typed is saved first, so the review lists it as it stands.
        await self._flushed()
        query = ReviewQuery()
        if preset == "due":
            query = ReviewQuery(review=ReviewDue.DUE, sort=SortColumn.REVIEW_DATE, descending=False)
        elif preset == "drafts":
            query = ReviewQuery(status=Status.DRAFT)
        # The first page goes down with the screen, so its rows are in its first frame.
        page = await reported(self, self.records.review_page(query, limit=FIRST_PAGE_ROWS))
        if page is None:
            return
        # One review screen per session, kept installed: building it is most of the cost of
        # opening it, and F5 should be instant every time after the first.
        screen = self._review_screen
        if screen is None:
            screen = ReviewScreen(self.records, query, first_page=page)
            self._review_screen = screen
            self.install_screen(screen, name=REVIEW_SCREEN)
        else:
            screen.start(query, page)
        self._show_installed(screen)
