"""A tick box that reads "[x]" or "[ ]" — Textual's Checkbox shows the same glyph either way and
tells the states apart by colour only, which vanishes under NO_COLOR or a monochrome terminal.

A tick either stands for a yes/no field (``field_path``) or for membership of an id in a list
field (``field_path`` naming the list, ``member`` the id), as the checklists and the recipient
picker need.

Only Space (or a click) ticks. Enter moves on, as it does from a one-line field, and a printable
key does nothing but show how to tick: words typed into the wrong place must not change an
answer, so a Space that comes straight after typed letters is taken as part of the typing.
"""

from __future__ import annotations

import time

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...compat import KeyFirst
from .plain_text import printable


class Tick(KeyFirst, Widget, can_focus=True):
    BINDINGS = [
        Binding("space", "toggle", "Tick", show=False),
        Binding("enter", "app.focus_next", "Next field", show=False),
    ]

    HINT = "Space ticks or unticks; Tab moves on"
    # A Space this soon after a typed letter is a word break in typing, not a tick.
    TYPING_PAUSE = 1.5

    ticked: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, tick: Tick, ticked: bool) -> None:
            self.tick = tick
            self.ticked = ticked
            super().__init__()

        @property
        def control(self) -> Tick:
            return self.tick

    def __init__(
        self,
        label: str,
        ticked: bool = False,
        *,
        field_path: str = "",
        member: str | None = None,
        help_text: str = "",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self.label = label
        self.field_path = field_path
        self.member = member
        self.help_text = help_text
        self.set_reactive(Tick.ticked, ticked)
        self.hinting = False
        self._typed_at: float | None = None

    def set_label(self, label: str) -> None:
        if label == self.label:
            return
        # Re-lay-out only if the label may now take another line (a full layout is costly).
        width = max(1, self.size.width - 5)
        wraps_differently = len(label) // width != len(self.label) // width
        self.label = label
        self.refresh(layout=wraps_differently)

    def render(self) -> Content:
        box = "[x]" if self.ticked else "[ ]"
        pointer = "›" if self.has_focus else " "
        return Content.assemble(
            pointer,
            (box, "reverse" if self.has_focus else "bold"),
            " ",
            printable(self.label),
            ("  " + self.HINT, "italic") if self.hinting else "",
        )

    def _hint(self, showing: bool) -> None:
        if showing != self.hinting:
            self.hinting = showing
            self.refresh(layout=True)

    def key_first(self, event: events.Key) -> bool:
        typing = self._typed_at is not None and (
            time.monotonic() - self._typed_at < self.TYPING_PAUSE
        )
        if event.key == "space" and not typing:
            return False
        if event.is_printable:
            # Not a tick, and not passed on either: a letter must not reach a screen binding.
            self._typed_at = time.monotonic()
            self._hint(True)
            return True
        return False

    def watch_ticked(self, ticked: bool) -> None:
        self.post_message(self.Changed(self, ticked))

    def action_toggle(self) -> None:
        self._hint(False)
        self.ticked = not self.ticked

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self._typed_at = None
        self._hint(False)
        self.refresh()

    def on_click(self) -> None:
        self.action_toggle()
