"""The unlock screen: the first thing painted, with the passphrase field taking keys at once.

It imports nothing heavy so the first frame is fast. The App chooses the key store in a worker
meanwhile; the practitioner can type (and press Enter) before that is done: the passphrase is
kept and used as soon as the key store is ready. Whether to ask twice (first use) is guessed from
whether the key store file exists, and corrected without losing what was typed once known.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, Static

from ..type_ahead import TypeAhead, type_ahead_of
from ..widgets.key_footer import KeyFooter

UnlockMode = Literal["opening", "create", "enter", "working", "no-passphrase", "failed"]

# The type-ahead hold from Enter on the passphrase until the list is showing.
UNLOCK_HOLD = "unlock"

_CREATE = (
    "First use on this account. Choose a passphrase for the key store that protects the "
    "database key: at least 12 characters, or four words. Type it twice. It is never shown, "
    "and it cannot be recovered if forgotten."
)
_ENTER = "Enter your passphrase to unlock your consultations."
_EXPLAINERS: dict[str, str] = {
    "create": _CREATE,
    "enter": _ENTER,
    "working": "Unlocking… this takes about a second.",
    "no-passphrase": "No passphrase is needed here.",
    "failed": "",
}
OPENING_STATUS = "Opening the key store in the background; you can type already."
NO_PASSPHRASE_TYPED = (
    "Your keys are in the desktop keyring, which your login unlocks, so no passphrase is "
    "needed. What was typed in the passphrase field was not used. Press Enter to carry on."
)
KEYS_DROPPED = "What was typed after Enter was not used; type it again once unlocked."


class UnlockScreen(Screen[None]):
    """Asks for the passphrase (twice on first use) and reports what went wrong, calmly."""

    AUTO_FOCUS = "#passphrase"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit")]

    mode: reactive[UnlockMode] = reactive("opening")

    class PassphraseEntered(Message):
        def __init__(self, passphrase: str, confirmation: str | None) -> None:
            self.passphrase = passphrase
            self.confirmation = confirmation
            super().__init__()

    def __init__(self, database_label: str, *, expect_first_run: bool = False) -> None:
        super().__init__()
        self._database_label = database_label
        self._expect_first_run = expect_first_run
        # Entered before the key store was ready: (passphrase, confirmation or None).
        self._entered: tuple[str, str | None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static("consult-tui", id="unlock-title")
            yield Static(Content(f"Database: {self._database_label}"), id="unlock-database")
            yield Static(
                _CREATE if self._expect_first_run else _ENTER,
                id="unlock-explainer",
            )
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            again = Input(password=True, placeholder="Passphrase again", id="passphrase-again")
            again.display = self._expect_first_run
            yield again
            yield Static(OPENING_STATUS, id="unlock-status")
            yield LoadingIndicator(id="unlock-spinner")
            yield Static("", id="unlock-message")
        yield KeyFooter()

    @property
    def _type_ahead(self) -> TypeAhead | None:
        return type_ahead_of(self.app)

    @property
    def _asks_twice(self) -> bool:
        if self.mode == "opening":
            return self._expect_first_run
        return self.mode == "create"

    def watch_mode(self, mode: UnlockMode) -> None:
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        spinner = self.query_one("#unlock-spinner", LoadingIndicator)
        first.display = mode in ("opening", "create", "enter", "working", "no-passphrase")
        again.display = self._asks_twice or (mode == "working" and again.value != "")
        first.disabled = again.disabled = mode == "working"
        spinner.display = mode == "working"
        self.query_one("#unlock-status", Static).display = mode == "opening"
        if _EXPLAINERS.get(mode):
            self.query_one("#unlock-explainer", Static).update(_EXPLAINERS[mode])
        if mode in ("opening", "create", "enter", "no-passphrase") and self.focused is None:
            first.focus()

    def ask(
        self, mode: Literal["create", "enter"], message: str = "", *, clear: bool = False
    ) -> None:
        """Show the passphrase field(s), optionally with a message about the last attempt.

        What was typed before the key store was ready is kept (and, if Enter was pressed, used
        now); ``clear`` empties the fields after a passphrase that did not work.
        """
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        if clear:
            first.value = again.value = ""
            self._entered = None
            dropped = self._type_ahead.discard(UNLOCK_HOLD) if self._type_ahead else 0
            if dropped and message:
                message = f"{message}\n{KEYS_DROPPED}"
        self.mode = mode
        self.show_message(message)
        entered, self._entered = self._entered, None
        if entered is None:
            return
        passphrase, confirmation = entered
        if mode == "create" and confirmation is None:
            # Typed once, but this is a first use: the passphrase must be typed twice.
            if self._type_ahead:
                self._type_ahead.discard(UNLOCK_HOLD)
            self.show_message("First use: type the same passphrase again below, then press Enter.")
            again.focus()
            return
        self._submit(passphrase, confirmation if mode == "create" else None)

    def no_passphrase_needed(self) -> bool:
        """The key store unlocks without a passphrase (the desktop keyring).

        Returns True when unlocking can start now: nothing was typed, or Enter was already
        pressed. Otherwise what was typed is dropped (it is a passphrase: it must never end up
        in a case field) and Enter carries on.
        """
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        typed = bool(first.value or again.value)
        first.value = again.value = ""
        if self._entered is not None or not typed:
            self._entered = None
            self._hold()  # keys typed while unlocking go on to the list
            self.mode = "working"
            if typed:
                self.show_message(NO_PASSPHRASE_TYPED.removesuffix(" Press Enter to carry on."))
            return True
        self.mode = "no-passphrase"
        self.show_message(NO_PASSPHRASE_TYPED)
        return False

    def fail(self, message: str) -> None:
        """Stop with a message that says what happened and what to do next."""
        if self._type_ahead:
            self._type_ahead.discard(UNLOCK_HOLD)
        self.mode = "failed"
        self.query_one("#unlock-explainer", Static).update("consult-tui could not open.")
        self.show_message(message + "\n\nPress ctrl+q to quit.")

    def show_message(self, message: str) -> None:
        # Content, not markup: messages may quote paths or passphrase-strength reasons verbatim.
        self.query_one("#unlock-message", Static).update(Content(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        if self.mode == "no-passphrase":
            self.mode = "working"
            self._hold()
            self.post_message(self.PassphraseEntered("", None))
            return
        if self.mode not in ("opening", "create", "enter"):
            return
        if self._asks_twice and event.input is first:
            again.focus()
            return
        # The submitted field's value as it was at Enter: keys after Enter are not part of it.
        passphrase = event.value if event.input is first else first.value
        if not passphrase:
            self.show_message("Type your passphrase, then press Enter.")
            first.focus()
            return
        confirmation = None
        if self._asks_twice:
            confirmation = event.value if event.input is again else again.value
        if self.mode == "opening":
            # The key store is still being chosen: keep this, and use it once it is ready.
            self._entered = (passphrase, confirmation)
            self._hold()
            self.mode = "working"
            self.show_message("")
            return
        self._submit(passphrase, confirmation)

    def _hold(self) -> None:
        if self._type_ahead:
            self._type_ahead.hold(UNLOCK_HOLD)

    def _submit(self, passphrase: str, confirmation: str | None) -> None:
        self._hold()
        self.mode = "working"
        self.show_message("")
        self.post_message(self.PassphraseEntered(passphrase, confirmation))
