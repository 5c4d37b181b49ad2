"""Unlocking: the key store is prepared behind the first frame, then the passphrase opens it.

The key store and the slow imports are prepared in a thread while the unlock screen is already
on the terminal; after Enter only Argon2 and opening the database remain, also in a thread. A
wrong passphrase asks again; a problem that is explained is told on the unlock screen; anything
else writes a crash report without case details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from ..explained import is_explained
from .navigation import NavigatingApp
from .screens.unlock import UnlockScreen

if TYPE_CHECKING:
    from ..security.keys import KeyStore
    from ..workspace import Workspace


class UnlockingApp(NavigatingApp):
    """The part of the App that opens the workspace; ``ConsultApp`` adds locking and leaving."""

    _keystore: KeyStore | None
    # The App's own, used here: go on to the list once the workspace is open, and keep a crash
    # report without case details for a failure nobody explained.
    _show_home: Callable[[], None]
    _write_crash: Callable[[BaseException | None], None]

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
        elif isinstance(error, Exception) and is_explained(error):
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
