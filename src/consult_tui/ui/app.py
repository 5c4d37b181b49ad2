"""The consult-tui application: unlock, list, consult — and never lose a keystroke.

The App owns the workspace (key store, record store, guidance pack) and all saving; screens only
show data and post messages. Slow work (key store, Argon2, opening the database) runs in a thread
worker after the unlock screen is painted.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import Monochrome, NoColor
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..config import Settings
from .autosave import DraftAutosaver
from .compat import guard_text_area_painting
from .hangup import HangupWatch
from .idle import IdleTimer
from .screens.home import HomeScreen
from .screens.unlock import UnlockScreen
from .type_ahead import TypeAhead

if TYPE_CHECKING:
    from ..domain.record import Consultation
    from ..security.keys import KeyStore
    from ..store.lease import DraftLease
    from ..workspace import Workspace


def styles_dir() -> Path:
    """The TCSS folder: in the package when installed from a wheel, at the repo top otherwise."""
    packaged = Path(__file__).resolve().parent.parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


HOME_ROWS = 40
REVIEW_SCREEN = "review"
RECORD_SCREEN = "record"


# While saving keeps failing, the practitioner is reminded this often (seconds).
UNSAVED_REMINDER = 30.0


guard_text_area_painting()  # Textual 8.2 bug: see compat.py


class ConsultApp(App[int]):
    """A full-screen, keyboard-first workspace for information-sharing decisions."""

    TITLE = "consult-tui"
    CSS_PATH = [
        styles_dir() / "app.tcss",
        styles_dir() / "consultation.tcss",
        styles_dir() / "review.tcss",
        styles_dir() / "lock.tcss",
        styles_dir() / "no_colour.tcss",
    ]
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("ctrl+n", "new_consultation", "New", id="new-consultation", priority=True),
        Binding("f10", "home", "List", id="home"),
        Binding(
            "f5", "review", "Review", id="review", tooltip="Search and review past consultations"
        ),
        Binding("ctrl+l", "lock", "Lock", id="lock", priority=True, tooltip="Lock the screen now"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        demo_workspace: Workspace | None = None,
    ) -> None:
        super().__init__()
        if self.no_color:
            # NO_COLOR means no colour codes at all; Textual's default turns colours into
            # greys, which are still colour codes. Emphasis (bold, reverse) stays, and
            # no_colour.tcss uses it wherever colour alone marked the cursor or focus.
            self._filters = [
                NoColor() if isinstance(line_filter, Monochrome) else line_filter
                for line_filter in self._filters
            ]
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Over SSH every frame of a smooth scroll crosses the link: one animated Page Down
            # in a record sent 69 KB at 80x24, against 17 KB for opening the whole record.
            # Scrolling jumps instead, and a spinner is a still "Loading...".
            self.animation_level = "none"
        self.settings = settings
        self.workspace: Workspace | None = demo_workspace
        self._keystore: KeyStore | None = None
        self._autosaver = DraftAutosaver(
            self,
            self._save_draft,
            on_error=self._autosave_failed,
            on_recovered=self._autosave_recovered,
        )
        self._exiting = False
        self._quit_despite_unsaved = False
        self._review_screen: Any = None
        self._record_screen: Any = None
        self._idle = IdleTimer(self, settings.idle_lock_minutes * 60, self._lock_when_idle)
        self._lease: DraftLease | None = None
        self._unsaved_told_at: float | None = None
        self._hangup_watch = HangupWatch(lambda: self._driver, self._on_hangup)
        self._locked = False
        # Keys and pastes go through here first: none lost while a screen is being prepared,
        # and a burst in one read acts like the same keys typed one by one (type_ahead.py).
        self.type_ahead = TypeAhead(self)
        self.type_ahead.hold("start")  # until the first screen is up (released in on_mount)

    # -- start-up --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = f"{self.settings.database.name} · locked"
        self._install_signal_handlers()
        self.type_ahead.release("start")  # keys typed at launch go to the first screen
        if self.workspace is not None:
            self._show_home()
            return
        self.push_screen(
            UnlockScreen(str(self.settings.database), expect_first_run=self._expect_first_run())
        )
        # Start the slow imports only once the unlock screen is on the terminal.
        self.call_after_refresh(
            self.run_worker,
            self._prepare_keystore,
            thread=True,
            group="unlock",
            exit_on_error=False,
        )

    def _expect_first_run(self) -> bool:
        """A guess for the first frame (the key store is chosen later): ask twice if no key file."""
        if self.settings.keyring_backend == "secretservice":
            return False
        return not self.settings.paths.cryptfile_keyring.exists()

    def _prepare_keystore(self) -> KeyStore:
        from ..workspace import prepare_keystore

        keystore = prepare_keystore(self.settings)
        # While the practitioner types the passphrase, import the store and read the guidance
        # pack, so that after Enter only Argon2 and opening the file remain.
        from ..domain.guidance import load_pack
        from ..store import repository  # noqa: F401

        load_pack(self.settings.guidance_pack)
        return keystore

    def _unlock(self, passphrase: str | None) -> Workspace:
        from ..workspace import open_workspace

        assert self._keystore is not None
        return open_workspace(self.settings, self._keystore, passphrase)

    def on_unlock_screen_passphrase_entered(self, event: UnlockScreen.PassphraseEntered) -> None:
        screen = self._unlock_screen()
        if event.confirmation is not None:
            from ..security.keys import check_passphrase_strength

            if event.passphrase != event.confirmation:
                screen.ask("create", "The two passphrases differ. Type it twice again.", clear=True)
                return
            weakness = check_passphrase_strength(event.passphrase)
            if weakness:
                screen.ask("create", weakness, clear=True)
                return
        passphrase = event.passphrase
        self.run_worker(
            lambda: self._unlock(passphrase), thread=True, group="unlock", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "unlock" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        screen = self._unlock_screen()
        if event.state is WorkerState.ERROR:
            self._unlock_failed(screen, worker.error)
            return
        result = worker.result
        from ..security.keys import KeyStore

        if isinstance(result, KeyStore):
            self._keystore = result
            if result.needs_passphrase:
                screen.ask("create" if result.first_run else "enter")
            elif screen.no_passphrase_needed():
                self.run_worker(
                    lambda: self._unlock(None), thread=True, group="unlock", exit_on_error=False
                )
            return
        self.workspace = result
        self._show_home()

    def _unlock_failed(self, screen: UnlockScreen, error: BaseException | None) -> None:
        from ..security.keys import WrongPassphrase

        if isinstance(error, WrongPassphrase):
            screen.ask("enter", str(error), clear=True)
        elif isinstance(error, Exception) and _is_explained(error):
            screen.fail(str(error))
        else:
            self._write_crash(error)
            screen.fail(
                "Something unexpected went wrong while opening. Nothing was changed. "
                "A crash report without case details was saved; run `consult-tui doctor`."
            )

    def _unlock_screen(self) -> UnlockScreen:
        for screen in self.screen_stack:
            if isinstance(screen, UnlockScreen):
                return screen
        raise LookupError("unlock screen is not showing")

    def _show_home(self) -> None:
        state = "unlocked"
        if self.workspace is not None and self.workspace.keystore is None:
            state = "throwaway demo, deleted on quit"
        self.sub_title = f"{self.settings.database.name} · {state}"
        home = HomeScreen()
        if isinstance(self.screen, UnlockScreen):
            self.switch_screen(home)
        else:
            self.push_screen(home)
        # No explicit refresh: the home screen asks for its rows when it is first shown.
        self._idle.resume()
        # Keys typed since Enter on the passphrase (ctrl+n, a case reference) go on from here.
        self.type_ahead.release("unlock")
        # Every page is read once in the background: a big store opens at once, and damage
        # still comes to light in the first seconds.
        self.run_worker(self._check_pages, thread=True, group="pages", exit_on_error=False)

    def _check_pages(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            problem = workspace.check_pages()
        except Exception:  # the check could not even run: say so rather than stay silent
            problem = (
                f"The record store at {workspace.database} could not be checked for damage. "
                "Run `consult-tui doctor` to find out more."
            )
        if problem:
            self.call_from_thread(self._store_damaged, problem)

    def _store_damaged(self, problem: str) -> None:
        from .screens.lock import DamagedStoreScreen

        self._save_now()
        self.push_screen(DamagedStoreScreen(problem))

    # -- home ------------------------------------------------------------------------------

    def _home(self) -> HomeScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)

    def _refresh_home(self) -> None:
        self._release_draft()
        home = self._home()
        if home is None or self.workspace is None:
            return
        store = self.workspace.store
        home.total = store.count()
        # The newest screenful or two; browsing the rest is the review screen's job (F5).
        home.summaries = store.list_summaries(limit=HOME_ROWS)
        home.attention = store.attention()

    def on_home_screen_refresh_requested(self, _: HomeScreen.RefreshRequested) -> None:
        self._refresh_home()

    def on_home_screen_review_requested(self, event: Any) -> None:
        self.action_review(event.preset)

    def on_home_screen_open_requested(self, event: HomeScreen.OpenRequested) -> None:
        if self.workspace is None:
            return
        from ..store.errors import StoreError

        try:
            record = self.workspace.store.get(event.record_id, audit_view=True)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._open_consultation(record)

    def action_home(self) -> None:
        if self.workspace is None:
            return
        self._autosaver.flush()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self._refresh_home()

    # -- consultations ---------------------------------------------------------------------

    def action_new_consultation(self) -> None:
        if self.workspace is None:
            self.notify("Unlock first: type your passphrase and press Enter.")
            return
        from ..domain.record import Consultation, Practitioner

        s = self.settings
        record = Consultation(
            practitioner=Practitioner(
                name=s.practitioner_name,
                role=s.practitioner_role,
                organisation=s.practitioner_organisation,
            )
        )
        self._open_consultation(record)

    def _open_consultation(self, record: Consultation) -> None:
        from .screens.consultation import ConsultationScreen

        assert self.workspace is not None
        self._autosaver.flush()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not record.is_final:
            held = self._hold_draft(record)
            if held is None:
                return
            record = held
        self.push_screen(ConsultationScreen(record, self.workspace.pack, read_only=record.is_final))

    def _hold_draft(self, record: Consultation) -> Consultation | None:
        """Hold the draft for this window and return it as stored now; None if another window
        holds it (it is then shown read-only, with who has it and since when)."""
        from ..store.errors import RecordNotFound, StoreError
        from ..store.lease import Holder, claim

        assert self.workspace is not None
        if self._lease is None or self._lease.record_id != record.id:
            self._release_draft(force=True)
            try:
                outcome = claim(self.workspace.database, record.id)
            except OSError:
                # The data folder cannot take the lock file (full, read-only): saving will say
                # so, and keep the typing, as for any other draft.
                return record
            if isinstance(outcome, Holder):
                self._open_record(record.id)
                self.notify(outcome.describe(), title="Open elsewhere", severity="warning")
                return None
            self._lease = outcome
        # Another window may have saved it since it was read: carry on from what is stored.
        try:
            return self.workspace.store.get(record.id)
        except RecordNotFound:
            return record  # new, not saved yet
        except StoreError as error:
            self._store_failed(error)
            return record

    def _release_draft(self, *, force: bool = False) -> None:
        """Let another window have the draft, once no consultation here needs it (or at exit)."""
        from .screens.consultation import ConsultationScreen

        if self._lease is None:
            return
        editing = any(isinstance(s, ConsultationScreen) for s in self.screen_stack)
        if not force and (editing or self._autosaver.has_pending):
            return
        self._lease.release()
        self._lease = None

    def on_consultation_screen_draft_changed(self, event: Any) -> None:
        self._autosaver.changed(event.record)

    def on_consultation_screen_finalise_requested(self, event: Any) -> None:
        if self.workspace is None:
            return
        from ..store.errors import StoreError

        if not self._autosaver.flush():
            self.notify(
                "The draft could not be saved, so it cannot be finalised yet.", severity="error"
            )
            return
        from ..domain.record import utc_now

        record = event.record
        # The decision is taken when it is finalised, unless the practitioner dated it already.
        if record.decision.decided_at is None:
            record.decision.decided_at = utc_now()
        try:
            finalised = self.workspace.store.finalise(record, event.assessment.to_dict())
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        screen = self.screen
        if hasattr(screen, "show_finalised"):
            screen.show_finalised(finalised)
        self._release_draft(force=True)
        self.notify("Finalised. The record is now read-only; add addenda for later changes.")

    def _save_draft(self, record: Consultation) -> None:
        if self.workspace is not None:
            self.workspace.store.save_draft(record)

    def _autosave_failed(self, error: Exception) -> None:
        # Every retry fails the same way until the problem is fixed: say it once, then remind
        # now and then, rather than stack a new message over the form on every attempt.
        now = time.monotonic()
        if self._unsaved_told_at is not None and now - self._unsaved_told_at < UNSAVED_REMINDER:
            return
        self._unsaved_told_at = now
        self.notify(
            "Could not save the draft (is the disk full or the data folder unwritable?). "
            "Your typing is kept here and saving is retried every few seconds.",
            title="Not saved yet",
            severity="error",
            timeout=10,
        )

    def _autosave_recovered(self) -> None:
        self._unsaved_told_at = None
        self.notify("Saved again. Nothing was lost.", title="Saved")

    # -- reviewing past consultations ------------------------------------------------------

    def action_review(self, preset: str = "") -> None:
        """Open the review screen (F5); from it, the same key goes back to its search box."""
        if self.workspace is None:
            self.notify("Unlock first: type your passphrase and press Enter.")
            return
        from ..domain.record import Status
        from ..store.errors import StoreError
        from ..store.search import ReviewDue, ReviewQuery, SortColumn
        from .screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen) and not preset:
            self.screen.action_focus_search()
            return
        # The draft being typed is saved first, so the review lists it as it stands.
        self._save_now()
        query = ReviewQuery()
        if preset == "due":
            query = ReviewQuery(review=ReviewDue.DUE, sort=SortColumn.REVIEW_DATE, descending=False)
        elif preset == "drafts":
            query = ReviewQuery(status=Status.DRAFT)
        # The first page goes down with the screen, so its rows are in its first frame.
        try:
            rows, total = self._review_first_page(query)
        except StoreError as error:
            self._store_failed(error)
            return
        # One review screen per session, kept installed: building it is most of the cost of
        # opening it, and F5 should be instant every time after the first.
        screen = self._review_screen
        if screen is None:
            screen = self._review_screen = ReviewScreen(query, first_page=rows, total=total)
            self.install_screen(screen, name=REVIEW_SCREEN)
        else:
            screen.start(query, rows, total)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
        else:
            self.push_screen(screen)

    def _review_first_page(self, query: Any) -> tuple[list[Any], int]:
        from .screens.review import FIRST_PAGE_ROWS

        assert self.workspace is not None
        store = self.workspace.store
        rows = store.review_page(query, limit=FIRST_PAGE_ROWS)
        # A short first page is the whole answer: no need to count.
        total = len(rows) if len(rows) < FIRST_PAGE_ROWS else store.review_count(query)
        return rows, total

    def _topmost(self, kind: type[Screen[Any]]) -> Any:
        return next((s for s in reversed(self.screen_stack) if isinstance(s, kind)), None)

    def _store_failed(self, error: Exception) -> None:
        self.notify(str(error), severity="error", markup=False)

    def on_review_screen_query_changed(self, event: Any) -> None:
        from ..store.errors import StoreError
        from .screens.review import ReviewScreen

        screen = self._topmost(ReviewScreen)
        if screen is None or self.workspace is None:
            return
        try:
            rows, total = self._review_first_page(event.query)
        except StoreError as error:
            self._store_failed(error)
            return
        screen.show_results(event.generation, rows, total)

    def on_review_screen_more_wanted(self, event: Any) -> None:
        from ..store.errors import StoreError
        from .screens.review import PAGE_ROWS, ReviewScreen

        screen = self._topmost(ReviewScreen)
        if screen is None or self.workspace is None:
            return
        try:
            rows = self.workspace.store.review_page(
                event.query, limit=PAGE_ROWS, offset=event.offset
            )
        except StoreError as error:
            self._store_failed(error)
            return
        screen.show_results(event.generation, rows, None, offset=event.offset)

    def on_review_screen_open_requested(self, event: Any) -> None:
        self._open_record(event.record_id)

    def on_chronology_screen_open_requested(self, event: Any) -> None:
        self._open_record(event.record_id)

    def on_review_screen_chronology_requested(self, event: Any) -> None:
        self._show_chronology(event.case_reference, event.child)

    def on_record_view_screen_chronology_requested(self, event: Any) -> None:
        self._show_chronology(event.case_reference, event.child)

    def _record_document(self, record: Consultation) -> Any:
        from ..export.document import build_document

        assert self.workspace is not None
        trail = self.workspace.store.audit_trail(record.id)
        return build_document(record, self.workspace.pack, trail=trail)

    def _open_record(self, record_id: str) -> None:
        """Show a record read-only; opening it is entered in the audit trail as a view."""
        if self.workspace is None:
            return
        from ..store.errors import StoreError
        from .screens.record_view import RecordViewScreen

        try:
            record = self.workspace.store.get(record_id, audit_view=True)
            document = self._record_document(record)
        except StoreError as error:
            self._store_failed(error)
            return
        # Like the review screen, one record screen is built per session and shown again.
        screen = self._record_screen
        if screen is None:
            author = self.settings.practitioner_name
            screen = self._record_screen = RecordViewScreen(record, document, author=author)
            self.install_screen(screen, name=RECORD_SCREEN)
        else:
            screen.show_record(record, document, from_the_top=True)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
        else:
            self.push_screen(screen)

    def _show_chronology(self, case_reference: str | None, child: str | None) -> None:
        if self.workspace is None:
            return
        from ..store.errors import StoreError
        from .screens.chronology import ChronologyScreen

        try:
            entries = self.workspace.store.chronology(case_reference, child=child)
        except StoreError as error:
            self._store_failed(error)
            return
        heading = f"case {case_reference}" if case_reference else f"child {child}"
        self.push_screen(ChronologyScreen(heading, entries))

    async def on_record_view_screen_addendum_requested(self, event: Any) -> None:
        if self.workspace is None:
            return
        from ..store.errors import StoreError
        from .screens.record_view import RecordViewScreen

        try:
            record = self.workspace.store.add_addendum(event.record_id, event.addendum)
            document = self._record_document(record)
        except StoreError as error:
            self._store_failed(error)
            return
        screen = self._topmost(RecordViewScreen)
        if screen is not None:
            screen.show_record(record, document)
        self.notify("Addendum added, dated and kept beside the record; the record is unchanged.")

    def on_record_view_screen_follow_up_requested(self, event: Any) -> None:
        if self.workspace is None:
            return
        from ..domain.follow_up import follow_up_draft
        from ..domain.record import Practitioner
        from ..store.errors import StoreError

        s = self.settings
        me = None
        if s.practitioner_name:
            me = Practitioner(
                name=s.practitioner_name,
                role=s.practitioner_role,
                organisation=s.practitioner_organisation,
            )
        draft = follow_up_draft(event.record, me)
        try:
            self.workspace.store.save_draft(draft)
        except StoreError as error:
            self._store_failed(error)
            return
        self._open_consultation(draft)
        self.notify(
            "A follow-up draft: people, case reference and facts are carried over; the decision "
            "is for you to make afresh."
        )

    def on_record_view_screen_edit_draft_requested(self, event: Any) -> None:
        self._open_consultation(event.record)

    async def on_record_view_screen_export_requested(self, event: Any) -> None:
        if self.workspace is None:
            return
        from ..export.files import ExportError, default_export_path, write_private
        from ..export.service import ExportFormat, export_record
        from ..store.errors import StoreError
        from .screens.record_view import RecordViewScreen

        fmt = ExportFormat(event.fmt)
        try:
            path = default_export_path(event.record_id, fmt.extension)
            export_record(
                self.workspace.store,
                event.record_id,
                fmt,
                self.workspace.pack,
                lambda data: write_private(path, data),
            )
            record = self.workspace.store.get(event.record_id)
            document = self._record_document(record)
        except (StoreError, ExportError, OSError) as error:
            self._store_failed(error)
            return
        screen = self._topmost(RecordViewScreen)
        if screen is not None:
            screen.show_record(record, document)
        self.notify(f"Exported to {path} (readable by you only).", markup=False, timeout=8)

    # -- command palette -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.workspace is not None:
            yield SystemCommand(
                "New consultation",
                "Start a new consultation (ctrl+n)",
                self.action_new_consultation,
            )
            yield SystemCommand("Consultations list", "Go back to the list (F10)", self.action_home)
            yield SystemCommand(
                "Review consultations",
                "Search, filter and sort past consultations (F5)",
                self.action_review,
            )
            yield SystemCommand(
                "Reviews due",
                "Consultations whose review date is due or past",
                lambda: self.action_review("due"),
            )
            yield SystemCommand("Lock", "Lock the screen now (ctrl+l)", self.action_lock)
        # The screen's own actions and every shown binding of the focused widgets, so that no
        # action is reachable only by its key.
        offered: list[tuple[str, Binding, Any]] = [(key, b, screen) for key, b in screen._bindings]
        offered += [(key, a.binding, a.node) for key, a in screen.active_bindings.items()]
        seen: set[str] = set()
        for key, binding, node in offered:
            if node is self or not binding.show or not binding.description:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                lambda a=binding.action, n=node: self.call_later(n.run_action, a),
            )
        yield SystemCommand("Quit", "Save and quit (ctrl+q)", self.action_quit)

    # -- locking: idle time or ctrl+l --------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._locked

    async def on_event(self, event: events.Event) -> None:
        # Every key (and paste) from the terminal counts as someone at the keyboard.
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._idle.key_pressed()
        if self.type_ahead.take(event):
            return
        await super().on_event(event)

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """Screens that show through the top one: none when the top one is opaque.

        Textual counts the screen beneath as showing through whatever the top screen is, so
        each time a screen was pushed, the one left behind asked for the whole new screen to be
        painted again: a second full paint, 4-6 KB over SSH, on every screen change. Modal
        screens (help, confirmations, the addendum) are see-through and keep what is beneath.
        """
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While locked only quitting is possible: no list, no palette, no new consultation.
        if self._locked:
            return action == "quit"
        # On the list itself, "back to the list" is no key to offer: F5 (review) gets its room.
        return not (action == "home" and isinstance(self.screen, HomeScreen))

    def _lock_when_idle(self) -> None:
        from .screens.lock import idle_reason

        self._lock(idle_reason(self.settings.idle_lock_minutes))

    def action_lock(self) -> None:
        """Lock now (ctrl+l): save, then cover the screen until the passphrase is typed."""
        from .screens.lock import WHY_ASKED

        self._lock(WHY_ASKED)

    def _lock(self, reason: str) -> None:
        from .screens.lock import LockScreen, passphrase_check, quit_only_explanation

        if self.workspace is None or self._locked or self._exiting:
            return
        saved = self._save_now()
        self._locked = True
        self._idle.pause()
        self.clear_notifications()
        keystore = self.workspace.keystore
        check = passphrase_check(keystore)
        if check is not None and keystore is not None:
            keystore.lock()  # the passphrase must be proved again
        self.sub_title = f"{self.settings.database.name} · locked"
        self.push_screen(
            LockScreen(
                check,
                reason=reason,
                saved=saved,
                quit_only_text=quit_only_explanation(keystore),
            ),
            self._lock_lifted,
        )

    def _lock_lifted(self, unlocked: bool | None) -> None:
        self._locked = False
        self.sub_title = f"{self.settings.database.name} · unlocked"
        self._idle.resume()

    # -- leaving: quit, hang-up, crash -----------------------------------------------------

    async def action_quit(self) -> None:
        if not self._save_now() and not self._quit_despite_unsaved:
            # Refuse once: quitting now would lose typing. A second ctrl+q is a deliberate choice.
            self._quit_despite_unsaved = True
            self.notify(
                "The draft could not be saved. Free some space or fix the data folder and the "
                "save is retried by itself. Press ctrl+q again to quit and lose the unsaved "
                "typing.",
                severity="error",
                timeout=10,
            )
            return
        self._close_workspace()
        self.exit(0)

    def _save_now(self) -> bool:
        """Hand any buffered edits to the autosaver and write them synchronously."""
        for screen in self.screen_stack:
            flush_edits = getattr(screen, "flush_pending_edits", None)
            if flush_edits is not None:
                flush_edits()
        return self._autosaver.flush()

    def _close_workspace(self) -> None:
        self._release_draft(force=True)
        if self.workspace is not None:
            self.workspace.close()

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Run with SIGHUP and SIGTERM taken by a thread of their own (see hangup.py)."""
        return self._hangup_watch.run(lambda: super(ConsultApp, self).run(*args, **kwargs))

    def _install_signal_handlers(self) -> None:
        """Save and leave on a dropped SSH link (SIGHUP) or SIGTERM.

        From here on a signal makes the event loop save synchronously and exit; a guard started
        by the signal thread ends the process within HANGUP_EXIT_SECONDS whatever happens (with
        the terminal gone, the main thread can block for good writing to it).
        """
        if self.is_headless:
            return
        self._hangup_watch.attach(asyncio.get_running_loop())

    def _on_hangup(self, signum: int) -> None:
        if self._exiting:
            return
        self._exiting = True
        self._idle.pause()
        try:
            self._save_now()
        finally:
            self._close_workspace()
            self.exit(128 + signum)

    def _handle_exception(self, error: Exception) -> None:
        # Keep the draft first: whatever broke, what was typed must survive.
        try:
            self._save_now()
            self._close_workspace()
        except Exception:  # the original error matters more than a failed last save
            pass
        self._write_crash(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables: that could put a child's
        # case on the screen. Say what happened calmly instead.
        self.bell()
        message = Text(
            "consult-tui stopped because of an unexpected error. Your draft was saved.\n"
            f"A crash report without case details is in {self.settings.paths.crash_dir}.\n"
        )
        self._exit_renderables.append(message)
        self._close_messages_no_wait()

    def _write_crash(self, error: BaseException | None) -> None:
        if error is None:
            return
        from ..crash import write_crash_report

        write_crash_report(error, self.settings.paths.crash_dir)


def _is_explained(error: Exception) -> bool:
    """Errors whose message is written for a person (and carries no case data)."""
    from ..config import ConfigError
    from ..domain.guidance import PackError
    from ..security.keys import KeyStoreError
    from ..store.errors import StoreError
    from ..workspace import WorkspaceError

    return isinstance(error, KeyStoreError | StoreError | ConfigError | PackError | WorkspaceError)
