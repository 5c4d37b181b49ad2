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


class _Labelled:
    """What both layouts share: the label as plain text (it may hold a person's name), then the
    control; ``ROW_CLASS`` names the layout for the stylesheet. A mixin, not a widget, so that
    the layout (Horizontal or Vertical) is the class's own as far as the styles go."""

    ROW_CLASS = ""

    def __init__(self, label: str, control: Widget, *, classes: str = "") -> None:
        super().__init__(classes=f"{self.ROW_CLASS} {classes}".strip())  # type: ignore[call-arg]
        self.label = label
        self.field_control = control

    def compose(self) -> ComposeResult:
        yield Static(literal(self.label), classes="field-label")
        yield self.field_control


class FieldRow(_Labelled, Horizontal):
    """``Label     [control]``."""

    ROW_CLASS = "field-row"


class StackedField(_Labelled, Vertical):
    """The label on its own line above the control."""

    ROW_CLASS = "stacked-field"
