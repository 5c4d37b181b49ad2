"""Text fields that know which part of the record they edit, and turn typing into record values.

Each carries a ``field_path`` (see ``record_binding``). A field cleans and parses what is typed
into it and posts ``FieldEdited`` with the value; the consultation screen's draft editor makes
the change. Values typed with control characters (a pasted escape sequence)
are shown with visible stand-ins instead, so nothing typed can drive the terminal.

Both kinds are TextAreas that wrap. Textual's Input widens its scrollable area on every key press,
and every such change re-lays-out the whole screen — tens of milliseconds on a form this size. A
wrapping TextArea only re-lays-out when a line is added, so typing stays within a frame.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from textual import events
from textual.widgets import TextArea

from ...compat import KeyFirst
from ..messages import FieldEdited
from .plain_text import printable

FieldKind = Literal["text", "int", "date", "datetime"]


class Unparsable(ValueError):
    """What was typed cannot be turned into the field's kind of value (yet)."""


def parse_value(kind: FieldKind, text: str) -> Any:
    text = text.strip() if kind != "text" else text
    if kind == "text":
        return text
    if not text:
        return None
    if kind == "int":
        if not text.isdigit():
            raise Unparsable(text)
        return int(text)
    try:
        if kind == "date":
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Unparsable(text) from None
    # Typed times are the practitioner's local time; the record keeps aware times.
    return moment.astimezone() if moment.tzinfo is None else moment


def show_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_PLACEHOLDERS: dict[str, str] = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM"}


class BoundTextArea(TextArea):
    """A multi-line field for longer record text (facts, reasons, what is shared)."""

    multiline = True

    def __init__(
        self,
        field_path: str,
        value: Any = "",
        *,
        kind: FieldKind = "text",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            printable(show_value(value), multiline=self.multiline),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            id=id,
            classes=classes,
            disabled=disabled,
            compact=True,
            highlight_cursor_line=False,
            # A date field shows the shape it is stored in until something is typed.
            placeholder=placeholder or _PLACEHOLDERS.get(kind, ""),
        )
        self.field_path = field_path
        self.kind: FieldKind = kind
        self._visited = False

    def on_focus(self) -> None:
        # The first time in, carry on from the end of what is already written (as a one-line
        # input would); until then the field shows its beginning.
        if not self._visited:
            self._visited = True
            self.move_cursor(self.document.end)

    def parsed(self) -> Any:
        return parse_value(self.kind, self.text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self:
            return
        event.stop()
        if self.has_focus:
            # A field that grows as it is typed in (up to its maximum height) is brought back
            # into view with it, so the line being typed never sits below the pane's border.
            self.call_after_refresh(self._keep_cursor_in_view)
        text = self.text
        cleaned = self.cleaned(text)
        if cleaned != text:
            self.load_text(cleaned)  # announces itself again, cleaned
            self.move_cursor(self.document.end)
            return
        self.announce()

    def announce(self) -> None:
        """Tell the screen what the (clean) text now means for the record."""
        try:
            value = self.parsed()
        except Unparsable:
            self.set_class(True, "-unparsable")
            return
        self.set_class(False, "-unparsable")
        self.post_message(FieldEdited(self.field_path, value))

    def _keep_cursor_in_view(self) -> None:
        self.scroll_visible(animate=False)
        self.scroll_cursor_visible(animate=False)

    def cleaned(self, text: str) -> str:
        """What the field should hold: control characters made visible."""
        return printable(text, multiline=True)


class BoundLine(KeyFirst, BoundTextArea):
    """A one-line field (a name, a reference, a date): Enter moves on to the next field, and
    line breaks in pasted text become spaces."""

    multiline = False

    def key_first(self, event: events.Key) -> bool:
        if event.key != "enter":
            return False
        # On to the next field to type in: landing on a tick box or a choice would let the
        # next words typed change an answer.
        if self.screen.focus_next(BoundTextArea) is None:
            self.screen.focus_next()
        return True

    def cleaned(self, text: str) -> str:
        return printable(" ".join(text.splitlines()) if "\n" in text else text)
