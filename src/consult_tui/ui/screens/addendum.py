"""Adding a dated addendum to a finalised record: why, and what; the original stays untouched."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...domain.record import Addendum, utc_now
from ..widgets.plain_text import printable


class AddendumModal(ModalScreen[Addendum | None]):
    """Dismisses with the new Addendum (F9 or the Add button), or None (Escape)."""

    BINDINGS = [
        Binding("f9", "add", "Add addendum", id="addendum-add", key_display="F9", priority=True),
        Binding("escape", "cancel", "Cancel", id="addendum-cancel"),
    ]

    def __init__(self, record_title: str, *, author: str = "") -> None:
        super().__init__()
        self.record_title = record_title
        self.author = author
        self.at = utc_now()

    def compose(self) -> ComposeResult:
        with Vertical(id="addendum-box"):
            yield Static(Content("Add an addendum"), id="addendum-title")
            yield Static(
                Content(
                    f"To: {printable(self.record_title)}\n"
                    f"Dated {self.at.strftime('%Y-%m-%d %H:%M UTC')}. The record itself is not "
                    "changed: the addendum is kept beside it, with its date and reason."
                ),
                id="addendum-explainer",
            )
            yield Label("Your name")
            yield Input(
                self.author, placeholder="type your name", id="addendum-author", compact=True
            )
            yield Label("Why you are adding it (e.g. review held, new information, correction)")
            yield Input(placeholder="type the reason", id="addendum-reason", compact=True)
            yield Label("What you are adding")
            yield TextArea(id="addendum-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="addendum-message")
            with Horizontal(id="addendum-buttons"):
                yield Button("Cancel (Esc)", id="addendum-cancel-button")
                yield Button("Add addendum (F9)", id="addendum-add-button", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#addendum-reason" if self.author else "#addendum-author", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "addendum-add-button":
            self.action_add()
        else:
            self.action_cancel()

    def action_add(self) -> None:
        author = self.query_one("#addendum-author", Input).value.strip()
        reason = self.query_one("#addendum-reason", Input).value.strip()
        text = self.query_one("#addendum-text", TextArea).text.strip()
        missing = [
            name
            for name, value in (("your name", author), ("why", reason), ("what", text))
            if not value
        ]
        if missing:
            self.query_one("#addendum-message", Static).update(
                Content(f"Please fill in {', '.join(missing)}: an addendum needs all three.")
            )
            return
        self.dismiss(Addendum(at=self.at, author=author, reason=reason, text=text))

    def action_cancel(self) -> None:
        self.dismiss(None)
