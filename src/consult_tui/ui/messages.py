"""The messages screens send up to the App, declared once and typed.

Each asks the App to move somewhere (open a record, a chronology, the review screen, a draft to
edit); data itself is loaded and saved by the screens through the record service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
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
