"""The search box of the review screen: search as you type, with a short pause before asking."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

# Long enough to skip the keystrokes of a fast typist, short enough to feel instant.
SEARCH_PAUSE_SECONDS = 0.15


class SearchBar(Input):
    """Words to find in case references, names, facts, reasons and addenda."""

    BINDINGS = [
        Binding("escape", "leave", "To the table", show=False),
    ]

    class Searched(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Done(Message):
        """Enter or Escape: the practitioner has finished typing and wants the results."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            placeholder="Search: case ref, name, fact, reason, addendum  (/)",
            compact=True,
            **kwargs,
        )
        self._pause: Timer | None = None
        self._sent = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(SEARCH_PAUSE_SECONDS, self.send_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.send_now()
        self.post_message(self.Done())

    def set_quietly(self, text: str) -> None:
        """Show ``text`` as what was searched for, without asking for it again."""
        self._sent = text
        self.value = text

    def send_now(self) -> None:
        """Search for what is typed now, without waiting for the pause."""
        if self._pause is not None:
            self._pause.stop()
            self._pause = None
        if self.value != self._sent:
            self._sent = self.value
            self.post_message(self.Searched(self.value))

    def action_leave(self) -> None:
        self.send_now()
        self.post_message(self.Done())
