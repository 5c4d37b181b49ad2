"""A labelled form field on one line (label left, control right), or stacked when the label is long.

One line per field is what lets a whole case fit a 24-line terminal; stacking is for the five
questions, whose wording matters more than saving a line.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from .plain_text import literal


class FieldRow(Horizontal):
    """``Label     [control]``; the label is plain text (it may hold a person's name)."""

    def __init__(self, label: str, control: Widget, *, classes: str = "") -> None:
        super().__init__(classes=f"field-row {classes}".strip())
        self.label = label
        self.field_control = control

    def compose(self) -> ComposeResult:
        yield Static(literal(self.label), classes="field-label")
        yield self.field_control


class StackedField(Vertical):
    """The label on its own line above the control."""

    def __init__(self, label: str, control: Widget, *, classes: str = "") -> None:
        super().__init__(classes=f"stacked-field {classes}".strip())
        self.label = label
        self.field_control = control

    def compose(self) -> ComposeResult:
        yield Static(literal(self.label), classes="field-label")
        yield self.field_control
