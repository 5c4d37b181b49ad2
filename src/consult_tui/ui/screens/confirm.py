"""A yes/no question in a modal: "remove this fact?", "finalise this record?", "leave?".

The safe answer has the focus, so an Enter pressed out of habit never destroys anything; "y" and
"n" answer from the keyboard without Tab.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..widgets.plain_text import literal


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; dismisses with True for yes, False for no or Escape."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str | Content,
        *,
        yes_label: str = "Yes",
        no_label: str = "No",
        default_yes: bool = False,
    ) -> None:
        super().__init__()
        self.question_title = title
        # Messages often quote what the practitioner typed: show it literally, never as markup.
        self.message = literal(message, multiline=True) if isinstance(message, str) else message
        self.yes_label = yes_label
        self.no_label = no_label
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self.question_title), id="confirm-title")
            yield Static(self.message, id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.no_label} (n)"), id="confirm-no-button")
                yield Button(Content(f"{self.yes_label} (y)"), id="confirm-yes-button")

    def on_mount(self) -> None:
        button = "#confirm-yes-button" if self.default_yes else "#confirm-no-button"
        self.query_one(button, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes-button")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
