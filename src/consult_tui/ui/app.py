"""The consult-tui application: unlock, list, consult — and never lose a keystroke.

The App owns the workspace (key store, record store, guidance pack) and all saving; screens only
show data and post messages. Slow work (key store, Argon2, opening the database) runs in a thread
worker after the unlock screen is painted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..config import Settings
from .autosave import DraftAutosaver
from .screens.home import HomeScreen
from .screens.unlock import UnlockScreen

if TYPE_CHECKING:
    from ..domain.record import Consultation
    from ..security.keys import KeyStore
    from ..workspace import Workspace


def styles_dir() -> Path:
    """The TCSS folder: in the package when installed from a wheel, at the repo top otherwise."""
    packaged = Path(__file__).resolve().parent.parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


HANGUP_EXIT_SECONDS = 3.0


class ConsultApp(App[int]):
    """A full-screen, keyboard-first workspace for information-sharing decisions."""

    TITLE = "consult-tui"
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "consultation.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("ctrl+n", "new_consultation", "New", id="new-consultation", priority=True),
        Binding("f10", "home", "List", id="home"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        demo_workspace: Workspace | None = None,
    ) -> None:
        super().__init__()
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

    # -- start-up --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = f"{self.settings.database.name} · locked"
        self._install_signal_handlers()
        if self.workspace is not None:
            self._show_home()
            return
        self.push_screen(UnlockScreen(str(self.settings.database)))
        # Start the slow imports only once the unlock screen is on the terminal.
        self.call_after_refresh(
            self.run_worker,
            self._prepare_keystore,
            thread=True,
            group="unlock",
            exit_on_error=False,
        )

    def _prepare_keystore(self) -> KeyStore:
        from ..workspace import prepare_keystore

        return prepare_keystore(self.settings)

    def _unlock(self, passphrase: str | None) -> Workspace:
        from ..workspace import open_workspace

        assert self._keystore is not None
        return open_workspace(self.settings, self._keystore, passphrase)

    def on_unlock_screen_passphrase_entered(self, event: UnlockScreen.PassphraseEntered) -> None:
        screen = self._unlock_screen()
        if event.confirmation is not None:
            from ..security.keys import check_passphrase_strength

            if event.passphrase != event.confirmation:
                screen.ask("create", "The two passphrases differ. Type it twice again.")
                return
            weakness = check_passphrase_strength(event.passphrase)
            if weakness:
                screen.ask("create", weakness)
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
            else:
                screen.mode = "working"
                self.run_worker(
                    lambda: self._unlock(None), thread=True, group="unlock", exit_on_error=False
                )
            return
        self.workspace = result
        self._show_home()

    def _unlock_failed(self, screen: UnlockScreen, error: BaseException | None) -> None:
        from ..security.keys import WrongPassphrase

        if isinstance(error, WrongPassphrase):
            screen.ask("enter", str(error))
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
        self.call_after_refresh(self._refresh_home)

    # -- home ------------------------------------------------------------------------------

    def _home(self) -> HomeScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)

    def _refresh_home(self) -> None:
        home = self._home()
        if home is None or self.workspace is None:
            return
        store = self.workspace.store
        home.total = store.count()
        home.summaries = store.list_summaries(limit=200)

    def on_home_screen_refresh_requested(self, _: HomeScreen.RefreshRequested) -> None:
        self._refresh_home()

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
        self.push_screen(ConsultationScreen(record, self.workspace.pack, read_only=record.is_final))

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
        try:
            finalised = self.workspace.store.finalise(event.record, event.assessment.to_dict())
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        screen = self.screen
        if hasattr(screen, "show_finalised"):
            screen.show_finalised(finalised)
        self.notify("Finalised. The record is now read-only; add addenda for later changes.")

    def _save_draft(self, record: Consultation) -> None:
        if self.workspace is not None:
            self.workspace.store.save_draft(record)

    def _autosave_failed(self, error: Exception) -> None:
        self.notify(
            "Could not save the draft (is the disk full or the data folder unwritable?). "
            "Your typing is kept here and saving is retried every few seconds.",
            title="Not saved yet",
            severity="error",
            timeout=6,
        )

    def _autosave_recovered(self) -> None:
        self.notify("Saved again. Nothing was lost.", title="Saved")

    # -- command palette -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.workspace is not None:
            yield SystemCommand(
                "New consultation",
                "Start a new consultation (ctrl+n)",
                self.action_new_consultation,
            )
            yield SystemCommand("Consultations list", "Go back to the list (F10)", self.action_home)
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
        if self.workspace is not None:
            self.workspace.close()

    def _install_signal_handlers(self) -> None:
        """Save and leave on a dropped SSH link (SIGHUP) or SIGTERM.

        The save happens synchronously first, then a watchdog guarantees exit: with the terminal
        gone, Textual's shutdown can block forever writing to it.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, self._on_hangup, signum)

    def _on_hangup(self, signum: int) -> None:
        if self._exiting:
            return
        self._exiting = True
        try:
            self._save_now()
        finally:
            self._close_workspace()
            watchdog = threading.Timer(HANGUP_EXIT_SECONDS, os._exit, (128 + signum,))
            watchdog.daemon = True
            watchdog.start()
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
