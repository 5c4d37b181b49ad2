"""The messages screens send up to the App, declared once and typed.

Most ask the App to move somewhere (open a record, a chronology, the review screen, a draft to
edit); data itself is loaded and saved by the screens through the record service. The last two
carry an edit from a form widget up to the consultation screen, whose draft editor makes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ..domain.draft_editor import RowChange

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..domain.record import Consultation


class OpenRequested(Message):
    """Show this record: a draft to edit (from the list), or any record to read."""

    def __init__(self, record_id: str, *, to_edit: bool = False) -> None:
        self.record_id = record_id
        self.to_edit = to_edit
        super().__init__()


class ChronologyRequested(Message):
    """Show every consultation and addendum for a case reference, or for a child by name."""

    def __init__(self, case_reference: str | None = None, child: str | None = None) -> None:
        self.case_reference = case_reference
        self.child = child
        super().__init__()


class ReviewRequested(Message):
    """Open the review screen, on everything ("") or on a preset: "due" or "drafts"."""

    def __init__(self, preset: str = "") -> None:
        self.preset = preset
        super().__init__()


class EditRequested(Message):
    """Carry on editing this draft (shown read-only until now)."""

    def __init__(self, record: Consultation) -> None:
        self.record = record
        super().__init__()


class FollowUpRequested(Message):
    """Start a new draft that follows on from this record."""

    def __init__(self, record: Consultation) -> None:
        self.record = record
        super().__init__()


class FieldEdited(Message):
    """The practitioner typed a value into a field (already cleaned and parsed by the widget)."""

    def __init__(self, path: str, value: Any) -> None:
        self.path = path
        self.value = value
        super().__init__()


class FieldRead(Message):
    """A date, time or age field was read: the values it sets together, by path.

    What did not read is among them, kept verbatim in the record's ``*_text`` field, so that
    nothing typed is dropped (``widgets/parsed_line.py``).
    """

    def __init__(self, path: str, values: Sequence[tuple[str, Any]]) -> None:
        self.path = path
        self.values = tuple(values)
        super().__init__()


class RowsChanged(Message):
    """The practitioner added, removed or moved a row of a list (people, facts, recipients...).

    The list's widget only asks: the screen's draft editor changes the record, then the widget
    is rebuilt from it.
    """

    def __init__(
        self,
        list_path: str,
        change: RowChange,
        index: int,
        *,
        delta: int = 0,
        item: BaseModel | None = None,
    ) -> None:
        self.list_path = list_path
        self.change = change
        self.index = index
        self.delta = delta
        self.item = item
        super().__init__()
