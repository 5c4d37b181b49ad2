"""The lock screen: covers everything after idle time or ctrl+l, and only the passphrase lifts it.

It is a full Screen, not a modal, so nothing underneath is drawn while it shows. The key store
passphrase is checked again (Argon2, about a second) in a worker. Where consult-tui has no
passphrase of its own to check (the desktop keyring unlocks with the login session; a throwaway
demo has no key store at all) the lock cannot be lifted, only left: the draft is already saved,
so quitting loses nothing, and starting again goes through that key store's own unlock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from ..type_ahead import type_ahead_of
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine

if TYPE_CHECKING:
    from ...security.keys import KeyStore

PassphraseCheck = Callable[[str], None]

# The type-ahead hold from Enter on the lock screen until the work is showing again.
LOCK_HOLD = "lock"
LockMode = Literal["ask", "checking", "quit-only"]

WHY_IDLE = "Locked after {minutes} without a key press."
WHY_ASKED = "Locked (ctrl+l)."
SAVED = "Your draft was saved."
SAVING = "Saving your draft…"
NOT_SAVED = (
    "Your draft could not be saved yet (is the disk full?). It is kept here and saving is "
    "retried every few seconds."
)
ASK = "Type your key store passphrase and press Enter to carry on."
DESKTOP_KEYRING = (
    "Your keys are in the desktop keyring, which unlocks with your login and has no passphrase "
    "consult-tui can check, so this lock cannot be lifted here. Press ctrl+q to quit, then start "
    "consult-tui again."
)
DEMO = (
    "This throwaway demo has no passphrase, so it cannot be unlocked. Press ctrl+q to quit; the "
    "demo database is deleted and `consult-tui demo` starts a fresh one."
)


def idle_reason(minutes: float) -> str:
    shown = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    return WHY_IDLE.format(minutes=shown)


def passphrase_check(keystore: KeyStore | None) -> PassphraseCheck | None:
    """How to check the person at the keyboard, or None when there is no passphrase to ask for.

    The check unlocks the key store afresh, which proves the passphrase and nothing more: the
    open database is not touched. A key store file that vanished while locked is not taken as a
    first run (that would make a new key store with whatever passphrase is typed).
    """
    if keystore is None or not keystore.needs_passphrase:
        return None

    def check(passphrase: str) -> None:
        from ...security.keys import KeyMissing

        if keystore.first_run:
            raise KeyMissing(
                "The key store file is no longer where it was, so the passphrase cannot be "
                "checked. Press ctrl+q to quit (your draft is saved), then restore the key store "
                "file from your backup."
            )
        keystore.unlock(passphrase)

    return check


def quit_only_explanation(keystore: KeyStore | None) -> str:
    return DEMO if keystore is None else DESKTOP_KEYRING


class LockScreen(Screen[bool]):
    """Shows no case data at all; dismisses with True once the passphrase has been checked."""

    AUTO_FOCUS = "#lock-passphrase"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit")]

    mode: reactive[LockMode] = reactive("ask", init=False)

    def __init__(
        self,
        check: PassphraseCheck | None,
        *,
        reason: str,
        saved: bool | None,
        quit_only_text: str = DESKTOP_KEYRING,
    ) -> None:
        super().__init__()
        self._check = check
        self._reason = reason
        self._saved = saved
        self._quit_only_text = quit_only_text

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="lock-box"):
            yield Static("consult-tui is locked", id="lock-title")
            yield Static(Content(self._reason_text()), id="lock-reason")
            yield Static(
                Content(ASK if self._check is not None else self._quit_only_text),
                id="lock-explainer",
            )
            yield Input(password=True, placeholder="Passphrase", id="lock-passphrase")
            yield LoadingIndicator(id="lock-spinner")
            yield Static("", id="lock-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_saved(self._saved)  # the save may have ended between compose and mount
        self.mode = "ask" if self._check is not None else "quit-only"
        self.watch_mode(self.mode)

    def watch_mode(self, mode: LockMode) -> None:
        field = self.query_one("#lock-passphrase", Input)
        field.display = mode in ("ask", "checking")
        field.disabled = mode != "ask"
        self.query_one("#lock-spinner").display = mode == "checking"
        if mode == "ask":
            field.focus()

    def _reason_text(self) -> str:
        saving = SAVING if self._saved is None else SAVED if self._saved else NOT_SAVED
        return f"{self._reason} {saving}"

    def show_saved(self, saved: bool | None) -> None:
        """Say how the save behind the lock ended (it goes on after the screen is covered)."""
        self._saved = saved
        for reason in self.query("#lock-reason").results(Static):
            reason.update(Content(self._reason_text()))

    def show_message(self, message: str) -> None:
        self.query_one("#lock-message", Static).update(Content(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode != "ask" or self._check is None:
            return
        passphrase = event.value
        if not passphrase:
            self.show_message("Type your passphrase, then press Enter.")
            return
        event.input.value = ""
        # Keys typed while the passphrase is checked belong to the work behind the lock.
        type_ahead = type_ahead_of(self.app)
        if type_ahead is not None:
            type_ahead.hold(LOCK_HOLD)
        self.show_message("Checking…")
        self.mode = "checking"
        check = self._check
        self.run_worker(
            lambda: check(passphrase), thread=True, group="lock-check", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "lock-check":
            return
        type_ahead = type_ahead_of(self.app)
        if event.state is WorkerState.SUCCESS:
            self.dismiss(True)
            if type_ahead is not None:
                type_ahead.release(LOCK_HOLD)
        elif event.state is WorkerState.ERROR:
            # What was typed after a passphrase that did not work is not for the work beneath.
            dropped = type_ahead.discard(LOCK_HOLD) if type_ahead is not None else 0
            self.mode = "ask"
            message = _failure_message(event.worker.error)
            if dropped:
                message += " What was typed after Enter was not used."
            self.show_message(message)

    def on_screen_resume(self) -> None:
        # After a modal (the command palette cannot open here, but a notification can) returns.
        if self.mode == "ask":
            self.query_one("#lock-passphrase", Input).focus()


def _failure_message(error: BaseException | None) -> str:
    from ...security.keys import KeyStoreError

    if isinstance(error, KeyStoreError):
        return str(error)
    return (
        "The passphrase could not be checked because of an unexpected problem. Try again, or "
        "press ctrl+q to quit: your draft is saved."
    )


class DamagedStoreScreen(Screen[None]):
    """Covers the work when the background page check finds the database damaged.

    Writing on into a damaged file can make it worse, so the first thing is to say so, plainly,
    with what to do next; the practitioner may still go back and read (Escape) or quit.
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Carry on with care", id="damaged-carry-on"),
        Binding("ctrl+q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self._problem = problem

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="lock-box"):
            yield Static("The record store is damaged", id="lock-title")
            yield Static(Content(self._problem), id="lock-reason")
            yield Static(
                Content(
                    "Run `consult-tui doctor` for a full check. Press ctrl+q to quit (your "
                    "draft was saved if the store could take it), or Escape to carry on with "
                    "care: records on the damaged part may not open."
                ),
                id="lock-explainer",
            )
        yield KeyFooter()
