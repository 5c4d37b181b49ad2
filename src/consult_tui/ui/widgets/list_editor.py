"""Rows of one list in the record (people, facts, recipients, advice), edited from the keyboard.

The screen's keys act on the list holding the focus: Insert adds a row after the current one,
Delete removes the current row (asking first when anything was typed in it), Alt+↑/↓ move it.
The list asks for the change with ``RowsChanged``; the screen's draft editor makes it and the list
is rebuilt from the record.
Delete acts from a row's heading or its choice fields, never inside a text field, where it must
keep deleting characters. Rows are rebuilt only on these structural changes; typing in a row
touches nothing but its heading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import BaseModel
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static, TextArea

from ...domain.draft_editor import RowChange
from ..messages import RowsChanged
from ..screens.confirm import ConfirmModal
from .plain_text import printable
from .record_binding import get_at

RecordSource = Callable[[], Any]

# Fields a new row fills in by itself: they say nothing about whether a person typed anything.
_AUTOMATIC_FIELDS = {"id", "at", "recorded_at"}


def typed_anything(item: BaseModel) -> bool:
    """Whether a row holds anything beyond what a freshly added row has."""
    fresh = type(item)()
    return item.model_dump(exclude=_AUTOMATIC_FIELDS) != fresh.model_dump(exclude=_AUTOMATIC_FIELDS)


class ListHeading(Static, can_focus=True):
    """The list's title; focusable so Insert works even while the list is empty (it then adds
    at the end). Its ``field_path`` names the whole list, for "go to" and F1."""

    def __init__(self, content: Content, list_path: str) -> None:
        super().__init__(content, classes="list-heading")
        self.field_path = list_path


class RowHandle(Static, can_focus=True):
    """A row's heading ("Fact 2: …"): where Delete and Alt+↑/↓ act on the whole row."""

    def __init__(self, index: int, *, classes: str | None = None) -> None:
        super().__init__("", classes=classes)
        self.index = index


class ListRow(Vertical):
    """A heading and, while the row is open, its fields. Only the row being worked on is open:
    a list reads as one line per row, and closed rows cost nothing when the screen lays out."""

    def __init__(self, index: int, handle: RowHandle, fields: list[Widget], *, open: bool) -> None:
        super().__init__(classes="list-row")
        self.index = index
        self.handle = handle
        self.fields = Vertical(*fields, classes="row-fields")
        self.fields.display = open

    def compose(self) -> ComposeResult:
        yield self.handle
        yield self.fields

    @property
    def is_open(self) -> bool:
        return bool(self.fields.display)


class RecordListEditor(Vertical):
    """Base for one editable list; subclasses say what a row holds and how it reads."""

    noun: ClassVar[str] = "item"
    plural: ClassVar[str] = "items"
    list_path: ClassVar[str] = ""
    item_type: ClassVar[type[BaseModel]]

    def __init__(self, record_source: RecordSource, *, read_only: bool = False) -> None:
        super().__init__(id=f"list-{self.list_path}", classes="record-list")
        self._record_source = record_source
        self.read_only = read_only
        self.open_index: int | None = None

    # -- what subclasses provide -------------------------------------------------------------

    def row_fields(self, index: int, item: Any) -> Iterable[Widget]:
        """The editing widgets of one row, each with a ``field_path`` like "facts[2].source"."""
        return ()

    def describe(self, item: Any) -> str:
        """A few words that identify the row in its heading and in a removal question."""
        return ""

    def new_item(self) -> BaseModel:
        return self.item_type()

    # -- rendering ---------------------------------------------------------------------------

    @property
    def items(self) -> list[Any]:
        return get_at(self._record_source(), self.list_path)

    def compose(self) -> ComposeResult:
        yield ListHeading(self._heading_text(), self.list_path)
        for index, item in enumerate(self.items):
            yield self._build_row(index, item)

    def _heading_text(self) -> Content:
        count = len(self.items)
        hint = "" if self.read_only else "  (Insert: add)"
        if count == 0:
            return Content.assemble((self.plural.capitalize(), "bold"), f": none yet{hint}")
        return Content.assemble((self.plural.capitalize(), "bold"), f" ({count}){hint}")

    def _is_open(self, index: int) -> bool:
        # A finalised record is read, not edited: show every row in full.
        return self.read_only or index == self.open_index

    def _handle_text(self, index: int, item: Any, is_open: bool) -> Content:
        summary = printable(self.describe(item))
        title = f"{self.noun.capitalize()} {index + 1}"
        marker = "▾ " if is_open else "▸ "
        return Content.assemble((marker + title, "bold"), f": {summary}" if summary else "")

    def _build_row(self, index: int, item: Any) -> ListRow:
        handle = RowHandle(index, classes="row-handle")
        handle.update(self._handle_text(index, item, self._is_open(index)))
        fields = list(self.row_fields(index, item))
        return ListRow(index, handle, fields, open=self._is_open(index))

    def _row(self, index: int) -> ListRow | None:
        return next((row for row in self.query_children(ListRow) if row.index == index), None)

    def refresh_row(self, index: int) -> None:
        """A field in the row changed: keep its heading in step (cheap; no remount)."""
        row = self._row(index)
        if row is not None and index < len(self.items):
            # One line, cut with an ellipsis: typing can never change its size.
            row.handle.update(
                self._handle_text(index, self.items[index], row.is_open), layout=False
            )

    def open_row(self, index: int, *, only: bool = True) -> None:
        """Open this row so its fields can be reached; with ``only``, close the others.

        A jump to a field opens its row without closing the one holding the focus (hiding the
        focused field would send the focus elsewhere); the others close once the focus arrives.
        """
        self.open_index = index
        for row in self.query_children(ListRow):
            want = self._is_open(row.index) or (not only and row.is_open)
            if row.is_open != want:
                row.fields.display = want
                self.refresh_row(row.index)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is not self.screen.focused:
            return  # a late event: the focus has moved on since
        row = next((n for n in event.widget.ancestors_with_self if isinstance(n, ListRow)), None)
        if row is not None and row.parent is self:
            self.open_row(row.index)

    async def rebuild(self, focus_index: int | None = None, *, focus_field: bool = True) -> None:
        if focus_index is not None:
            self.open_index = focus_index
        await self.query_children(ListRow).remove()
        await self.mount_all(
            [self._build_row(index, item) for index, item in enumerate(self.items)]
        )
        self.query_one(ListHeading).update(self._heading_text())
        if focus_index is not None:
            self._focus_row(focus_index, focus_field=focus_field)

    def _focus_row(self, index: int, *, focus_field: bool) -> None:
        rows = list(self.query_children(ListRow))
        if not rows:
            self.query_one(ListHeading).focus()
            return
        row = rows[max(0, min(index, len(rows) - 1))]
        self.open_row(row.index)
        targets = [w for w in row.query("*") if w.focusable]
        target = targets[1] if focus_field and len(targets) > 1 else targets[0] if targets else None
        if target is not None:
            # At once, not after the next refresh (Widget.focus): keys typed straight after
            # Insert must find the new row's field already focused.
            self.screen.set_focus(target)

    # -- where the keys act ------------------------------------------------------------------

    def current_index(self) -> int | None:
        focused = self.screen.focused
        node = focused
        while node is not None and node is not self:
            if isinstance(node, ListRow):
                return node.index
            node = node.parent
        return None

    def can_act_on_row(self) -> bool:
        """Delete and move act on the row with the focus, but never from inside a text field,
        where Delete must go on deleting characters."""
        return (
            not self.read_only
            and not isinstance(self.screen.focused, TextArea)
            and self.current_index() is not None
        )

    def action_add_row(self) -> None:
        current = self.current_index()
        position = len(self.items) if current is None else current + 1
        self.post_message(
            RowsChanged(self.list_path, RowChange.ADD, position, item=self.new_item())
        )

    def action_remove_row(self) -> None:
        index = self.current_index()
        if index is None:
            return
        item = self.items[index]
        if not typed_anything(item):
            self.remove_at(index)
            return
        summary = printable(self.describe(item))
        title = f"{self.noun.capitalize()} {index + 1}"
        question = ConfirmModal(
            f"Remove {title}?",
            f"{title}{': ' + summary if summary else ''}\n\nWhat was typed in it will be lost.",
            yes_label="Remove",
            no_label="Keep",
        )

        def answered(remove: bool | None) -> None:
            if remove:
                self.remove_at(index)

        self.app.push_screen(question, answered)

    def remove_at(self, index: int) -> None:
        self.post_message(RowsChanged(self.list_path, RowChange.REMOVE, index))

    def action_move_row(self, delta: int) -> None:
        index = self.current_index()
        if index is not None:
            self.post_message(RowsChanged(self.list_path, RowChange.MOVE, index, delta=delta))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.query_one(ListHeading).update(self._heading_text())
        for row in self.query_children(ListRow):
            row.fields.display = self._is_open(row.index)
            self.refresh_row(row.index)
