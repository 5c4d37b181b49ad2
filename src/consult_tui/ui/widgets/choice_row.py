"""A one-line choice changed with ←/→ only: compact enough for five questions in a 40-column pane.

Letters and Space do not pick answers: words typed on a choice by mistake (a name meant for the
field before) used to change the answer without a sign. A printable key now only shows how to
change it, and Enter moves on to the next field.

A drop-down would hide the answers behind Enter and cover the live panel; this keeps the answer on
screen, in words, and marks focus with a pointer and reverse video rather than colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceRow(Widget, can_focus=True):
    """One answer out of a fixed set, shown as ``◀ answer ▶``."""

    BINDINGS = [
        Binding("right", "step(1)", "Next answer", show=False),
        Binding("left", "step(-1)", "Previous answer", show=False),
        Binding("home", "first", "First answer", show=False),
        Binding("end", "last", "Last answer", show=False),
        Binding("enter", "app.focus_next", "Next field", show=False),
    ]

    HINT = "← → change the answer"

    index: reactive[int] = reactive(0)

    class Changed(Message):
        """The practitioner picked another answer."""

        def __init__(self, choice_row: ChoiceRow, value: Any) -> None:
            self.choice_row = choice_row
            self.value = value
            super().__init__()

        @property
        def control(self) -> ChoiceRow:
            return self.choice_row

    def __init__(
        self,
        options: Sequence[tuple[Any, str]],
        value: Any,
        *,
        field_path: str = "",
        label: str = "",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        if not options:
            raise ValueError("a choice needs at least one option")
        self.options: list[tuple[Any, str]] = list(options)
        self.field_path = field_path
        self.label = label
        self.set_reactive(ChoiceRow.index, self._index_of(value))
        self.hinting = False

    def _index_of(self, value: Any) -> int:
        for position, (option, _) in enumerate(self.options):
            if option == value:
                return position
        return 0

    @property
    def value(self) -> Any:
        return self.options[self.index][0]

    @property
    def answer_label(self) -> str:
        return self.options[self.index][1]

    def render(self) -> Content:
        pointer = "›" if self.has_focus else " "
        # Too narrow for the answer on one line (three panes at 120 columns): the arrows hold on
        # to the first and last words, so a wrapped answer never leaves a lone ▶ on a line.
        width = self.size.width
        gap = " " if not width or len(self.answer_label) + 5 <= width else ""
        return Content.assemble(
            pointer,
            "◀" + gap,
            (self.answer_label, "reverse" if self.has_focus else "bold"),
            gap + "▶",
            ("  " + self.HINT, "italic") if self.hinting else "",
        )

    def _hint(self, showing: bool) -> None:
        if showing != self.hinting:
            self.hinting = showing
            self.refresh(layout=True)

    def watch_index(self, old: int, new: int) -> None:
        self._hint(False)
        # A longer answer may wrap onto another line in a narrow pane: only then re-lay-out.
        width = max(1, self.size.width)
        old_lines = -(-(len(self.options[old][1]) + 5) // width)
        new_lines = -(-(len(self.options[new][1]) + 5) // width)
        if old_lines != new_lines:
            self.refresh(layout=True)
        self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.options)

    def action_first(self) -> None:
        self.index = 0

    def action_last(self) -> None:
        self.index = len(self.options) - 1

    def on_key(self, event: events.Key) -> None:
        """A printable key (a letter, Space) changes nothing: it shows how to change the answer."""
        if event.is_printable:
            event.stop()
            event.prevent_default()
            self._hint(True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self._hint(False)
        self.refresh()

    def on_click(self) -> None:
        self.action_step(1)
