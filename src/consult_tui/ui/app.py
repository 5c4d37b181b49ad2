"""The consult-tui application: unlock, list, consult — and never lose a keystroke.

The App owns the workspace (key store, record store, guidance pack), the record service and the
autosaver, and keeps start-up, locking, quitting, hang-ups and crashes; unlocking is in
``unlocking.py``, moving between screens in ``navigation.py``, and each screen loads and saves its
own data through the record service, whose database work runs on one store thread. Slow work
(key store, Argon2, opening the database) runs in a thread worker after the unlock screen is
painted.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import SystemCommand
from textual.screen import Screen

from .. import compat
from ..config import Settings
from . import heap
from .app_keys import APP_KEYS
from .autosave import DraftAutosaver, UnsavedNotices
from .hangup import HANGUP_EXIT_SECONDS, HangupWatch
from .idle import IdleTimer
from .palette import ScreenKeysProvider, palette_commands
from .screens.home import HomeScreen
from .screens.unlock import UnlockScreen
from .type_ahead import TypeAhead
from .unlocking import UnlockingApp

if TYPE_CHECKING:
    from ..security.keys import KeyStore
    from ..service.records import RecordService
    from ..workspace import Workspace
    from .screens.record_view import RecordViewScreen
    from .screens.review import ReviewScreen


def styles_dir() -> Path:
    """The TCSS folder: in the package when installed from a wheel, at the repo top otherwise."""
    packaged = Path(__file__).resolve().parent.parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


compat.guard_text_area_painting()  # Textual 8.2 bug: see compat.py


# The App's keys that need the record store open (after unlocking).
_NEEDS_RECORDS = frozenset({"new_consultation", "home", "review"})


class ConsultApp(UnlockingApp):
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

    COMMANDS = {ScreenKeysProvider}
    BINDINGS = APP_KEYS

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
            compat.colour_free_filters(self)
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Over SSH every frame of a smooth scroll crosses the link: one animated Page Down
            # in a record sent 69 KB at 80x24, against 17 KB for opening the whole record.
            # Scrolling jumps instead, and a spinner is a still "Loading...".
            self.animation_level = "none"
        self.settings = settings
        # [keys] in the config: the practitioner's own keys, by binding id (config.py checks them).
        self.set_keymap(dict(settings.keys))
        self.workspace: Workspace | None = demo_workspace
        self._keystore: KeyStore | None = None
        self.records: RecordService | None = None
        self._autosaver: DraftAutosaver | None = None
        self._exiting = False
        self._quitting = False
        self._quit_despite_unsaved = False
        self._review_screen: ReviewScreen | None = None
        self._record_screen: RecordViewScreen | None = None
        self._idle = IdleTimer(self, settings.idle_lock_minutes * 60, self._lock_when_idle)
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

    def _show_home(self) -> None:
        state = "unlocked"
        if self.workspace is not None and self.workspace.keystore is None:
            state = "throwaway demo, deleted on quit"
        self.sub_title = f"{self.settings.database.name} · {state}"
        self._start_records()
        assert self.records is not None
        home = HomeScreen(self.records)
        if isinstance(self.screen, UnlockScreen):
            self.switch_screen(home)
        else:
            self.push_screen(home)
        # No explicit refresh: the home screen asks for its rows when it is first shown.
        self._idle.resume()
        # What lives for the whole session is in place now: keep it out of full collections.
        heap.settle()
        # Keys typed since Enter on the passphrase (ctrl+n, a case reference) go on from here.
        self.type_ahead.release("unlock")
        # Every page is read once in the background: a big store opens at once, and damage
        # still comes to light in the first seconds.
        self.run_worker(self._check_pages, thread=True, group="pages", exit_on_error=False)

    def _start_records(self) -> None:
        """The record service (with its store thread) and the autosaver, once the store is open."""
        from ..service.records import RecordService, practitioner_of

        if self.records is not None or self.workspace is None:
            return
        workspace = self.workspace
        self.records = RecordService(
            workspace.store,
            workspace.pack,
            database=workspace.database,
            practitioner=practitioner_of(self.settings),
        )
        notices = UnsavedNotices(self)
        self._autosaver = DraftAutosaver(
            self, self.records, on_error=notices.failed, on_recovered=notices.recovered
        )

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

    # -- command palette -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return palette_commands(self, screen)

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
        """Screens that show through the top one: none when it is opaque (see compat.py)."""
        return compat.background_screens(self, super()._background_screens)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which of the App's keys work now: the footer and the palette offer only those."""
        # While locked only quitting is possible: no list, no palette, no new consultation.
        if self._locked:
            return action == "quit"
        # Before unlocking there is no list, draft or review to go to, and nothing to lock.
        if action in _NEEDS_RECORDS and self.records is None:
            return False
        if action == "lock" and self.workspace is None:
            return False
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
        """Cover the work at once, then save behind the cover.

        The case must leave the screen the moment the practitioner asks (or the idle time runs
        out), even when another window holds the database's write lock and the save waits for
        it: the lock screen says "Saving…" until the store thread is done, then how it went.
        """
        from .screens.lock import LockScreen, passphrase_check, quit_only_explanation

        if self.workspace is None or self._locked or self._exiting:
            return
        self._locked = True
        self._idle.pause()
        self.clear_notifications()
        keystore = self.workspace.keystore
        check = passphrase_check(keystore)
        if check is not None and keystore is not None:
            keystore.lock()  # the passphrase must be proved again
        self.sub_title = f"{self.settings.database.name} · locked"
        cover = LockScreen(
            check,
            reason=reason,
            saved=None if self._has_unsaved() else True,
            quit_only_text=quit_only_explanation(keystore),
        )
        self.push_screen(cover, self._lock_lifted)
        if not self._has_unsaved():
            return

        async def save_behind_the_lock() -> None:
            cover.show_saved(await self._save_soon())

        self.run_worker(save_behind_the_lock(), group="lock-save", exit_on_error=False)

    def _lock_lifted(self, unlocked: bool | None) -> None:
        self._locked = False
        self.sub_title = f"{self.settings.database.name} · unlocked"
        self._idle.resume()

    # -- leaving: quit, hang-up, crash -----------------------------------------------------

    def action_quit(self) -> None:
        """Save, then leave — in a worker, so the screen stays alive while the store is busy.

        With another window holding the write lock the last save can wait its busy timeout
        (5 s); meanwhile keys are still taken (into the draft, and saved too) and the screen
        says why it has not gone yet.
        """
        if self._quitting or self._exiting:
            return
        self._quitting = True
        if self._has_unsaved():
            self.notify("Saving your draft before quitting…", timeout=30)
        self.run_worker(self._quit_after_saving(), group="quit", exit_on_error=False)

    async def _quit_after_saving(self) -> None:
        try:
            saved = await self._save_soon()
            if not saved and not self._quit_despite_unsaved:
                # Refuse once: quitting now would lose typing. A second ctrl+q is deliberate.
                self._quit_despite_unsaved = True
                self.clear_notifications()
                self.notify(
                    "The draft could not be saved. Free some space or fix the data folder and "
                    "the save is retried by itself. Press ctrl+q again to quit and lose the "
                    "unsaved typing.",
                    severity="error",
                    timeout=10,
                )
                return
            self._exiting = True
            await asyncio.get_running_loop().run_in_executor(None, self._close_workspace)
            self.exit(0)
        finally:
            self._quitting = False

    def _has_unsaved(self) -> bool:
        return self._autosaver is not None and self._autosaver.has_pending

    async def _save_soon(self) -> bool:
        """Write what is typed and await the store thread without holding up the screen."""
        return await self._autosaver.flush_soon() if self._autosaver is not None else True

    def _save_now(self) -> bool:
        """Write what is typed and wait for the store thread: for hang-ups and crashes only,
        where the event loop may not get another turn."""
        return self._autosaver.flush() if self._autosaver is not None else True

    def _close_workspace(self) -> None:
        """Finish the store thread's queue, let the draft go, close the store."""
        if self.records is not None:
            self.records.close(timeout=HANGUP_EXIT_SECONDS)
        if self.workspace is not None:
            self.workspace.close()

    def on_unmount(self) -> None:
        # A test (or an embedding) may keep using the store after the App: end only the thread.
        if self.records is not None:
            self.records.stop(timeout=HANGUP_EXIT_SECONDS)
        heap.release()

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
        compat.leave_with_message(self, message)

    def _write_crash(self, error: BaseException | None) -> None:
        if error is None:
            return
        from ..crash import write_crash_report

        write_crash_report(error, self.settings.paths.crash_dir)
