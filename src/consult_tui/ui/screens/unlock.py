"""The unlock screen: the first thing painted, before any key store or database is touched.

It imports nothing heavy so the first frame is fast; the App does the slow work (choosing the key
store, Argon2, opening the database) in a worker and tells this screen what to show.
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

from ..widgets.key_footer import KeyFooter

UnlockMode = Literal["opening", "create", "enter", "working", "failed"]

_EXPLAINERS: dict[str, str] = {
    "opening": "Opening the key store…",
    "create": (
        "First use on this account. Choose a passphrase for the key store that protects the "
        "database key: at least 12 characters, or four words. Type it twice. It is never shown, "
        "and it cannot be recovered if forgotten."
    ),
    "enter": "Enter your passphrase to unlock your consultations.",
    "working": "Unlocking… this takes about a second.",
    "failed": "",
}


class UnlockScreen(Screen[None]):
    """Asks for the passphrase (twice on first use) and reports what went wrong, calmly."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit")]

    mode: reactive[UnlockMode] = reactive("opening")

    class PassphraseEntered(Message):
        def __init__(self, passphrase: str, confirmation: str | None) -> None:
            self.passphrase = passphrase
            self.confirmation = confirmation
            super().__init__()

    def __init__(self, database_label: str) -> None:
        super().__init__()
        self._database_label = database_label

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static("consult-tui", id="unlock-title")
            yield Static(Content(f"Database: {self._database_label}"), id="unlock-database")
            yield Static(_EXPLAINERS["opening"], id="unlock-explainer")
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Input(password=True, placeholder="Passphrase again", id="passphrase-again")
            yield LoadingIndicator(id="unlock-spinner")
            yield Static("", id="unlock-message")
        yield KeyFooter()

    def watch_mode(self, mode: UnlockMode) -> None:
        first = self.query_one("#passphrase", Input)
        again = self.query_one("#passphrase-again", Input)
        spinner = self.query_one("#unlock-spinner", LoadingIndicator)
        first.display = mode in ("create", "enter", "working")
        again.display = mode == "create" or (mode == "working" and again.value != "")
        first.disabled = again.disabled = mode == "working"
        spinner.display = mode in ("opening", "working")
        if _EXPLAINERS[mode]:
            self.query_one("#unlock-explainer", Static).update(_EXPLAINERS[mode])
        if mode in ("create", "enter"):
            first.focus()

    def ask(self, mode: Literal["create", "enter"], message: str = "") -> None:
        """Show the passphrase field(s), optionally with a message about the last attempt."""
        for field in self.query(Input):
            field.value = ""
        self.mode = mode
        self.show_message(message)

    def fail(self, message: str) -> None:
        """Stop with a message that says what happened and what to do next."""
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
        if self.mode == "create" and event.input is first:
            again.focus()
            return
        if self.mode not in ("create", "enter"):
            return
        if not first.value:
            self.show_message("Type your passphrase, then press Enter.")
            first.focus()
            return
        confirmation = again.value if self.mode == "create" else None
        self.mode = "working"
        self.show_message("")
        self.post_message(self.PassphraseEntered(first.value, confirmation))
