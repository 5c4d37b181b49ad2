"""Every change to a draft goes through one editor, which keeps the record whole and says what
changed.

The form's widgets never change the record: they tell the consultation screen what the
practitioner did (typed into a field, ticked a box, added, removed or moved a row), the screen
hands that to this editor, and the editor makes the change, stamps the times that go with it
(``stamps.py``) and repairs what depends on it (a recipient removed is no longer ticked as told).
What it returns is what the screen needs to bring the rest of the form into step.

Fields are named by paths such as "facts[2].text". A path is parsed once, the first time it is
seen, and kept: a keystroke looks it up rather than parsing it again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .record import Consultation
from .stamps import stamp_recorded_times

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

PathPart = str | int


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A parsed path: "people[0].consent.views" → ("people", 0, "consent", "views")."""

    text: str
    parts: tuple[PathPart, ...]
    row: tuple[str, int] | None  # the outermost list row it is in: ("people", 0)

    def get(self, root: Any) -> Any:
        value = root
        for part in self.parts:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        return value

    def set(self, root: Any, value: Any) -> None:
        *parents, last = self.parts
        target = root
        for part in parents:
            target = target[part] if isinstance(part, int) else getattr(target, part)
        if isinstance(last, int):
            target[last] = value
        else:
            setattr(target, last, value)


@lru_cache(maxsize=1024)
def field_path(text: str) -> FieldPath:
    """The parsed path, parsed on first sight only (a form has a few hundred paths at most)."""
    parts: list[PathPart] = []
    row: tuple[str, int] | None = None
    for match in _PART.finditer(text):
        name, index = match.groups()
        if name is not None:
            parts.append(name)
            continue
        parts.append(int(index))
        if row is None:
            row = (".".join(str(p) for p in parts[:-1]), int(index))
    return FieldPath(text, tuple(parts), row)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field now holds a new value (and any time that goes with it was stamped)."""

    path: FieldPath


class RowChange(StrEnum):
    """What happened to a list's rows, so the screen knows where to put the practitioner."""

    ADD = "add"
    REMOVE = "remove"
    MOVE = "move"


@dataclass(frozen=True, slots=True)
class RowsChange:
    """A list gained, lost or reordered rows; ``row`` is where the practitioner now is."""

    list_path: str
    change: RowChange
    row: int


class DraftEditor:
    """Makes the practitioner's changes to one draft, and only those; see the module."""

    def __init__(self, record: Consultation) -> None:
        self.record = record

    # -- fields --------------------------------------------------------------------------------

    def set_field(self, path: str, value: Any) -> FieldChange | None:
        """Set a field; None when it already held that value (nothing to save or redraw)."""
        where = field_path(path)
        if where.get(self.record) == value:
            return None
        where.set(self.record, value)
        stamp_recorded_times(self.record, where.text)
        return FieldChange(where)

    def set_reading(self, path: str, values: Iterable[tuple[str, Any]]) -> FieldChange | None:
        """Set what one typed field was read as (a date and the text kept when it did not
        read; an age, its unit and amount) together, as one change of the field at ``path``."""
        changed = False
        for value_path, value in values:
            where = field_path(value_path)
            if where.get(self.record) != value:
                where.set(self.record, value)
                changed = True
        if not changed:
            return None
        where = field_path(path)
        stamp_recorded_times(self.record, where.text)
        return FieldChange(where)

    def tick_member(self, path: str, member: str, ticked: bool) -> FieldChange | None:
        """Tick or untick one member of a list field (one recipient told of several)."""
        members = list(field_path(path).get(self.record))
        if ticked and member not in members:
            members.append(member)
        elif not ticked and member in members:
            members.remove(member)
        else:
            return None
        return self.set_field(path, members)

    # -- rows ------------------------------------------------------------------------------------

    def rows(self, list_path: str) -> list[Any]:
        return field_path(list_path).get(self.record)

    def add_row(self, list_path: str, position: int, item: BaseModel) -> RowsChange:
        rows = self.rows(list_path)
        position = max(0, min(position, len(rows)))
        rows.insert(position, item)
        return self._edited(list_path, RowChange.ADD, position)

    def remove_row(self, list_path: str, index: int) -> RowsChange | None:
        rows = self.rows(list_path)
        if not 0 <= index < len(rows):
            return None
        del rows[index]
        return self._edited(list_path, RowChange.REMOVE, index)

    def move_row(self, list_path: str, index: int, delta: int) -> RowsChange | None:
        rows = self.rows(list_path)
        target = index + delta
        if not (0 <= index < len(rows) and 0 <= target < len(rows)):
            return None
        rows[index], rows[target] = rows[target], rows[index]
        return self._edited(list_path, RowChange.MOVE, target)

    def change_rows(
        self, list_path: str, change: RowChange, index: int, *, delta: int = 0, item: Any = None
    ) -> RowsChange | None:
        """One of the three row changes, as the list's widget asked for it."""
        if change is RowChange.ADD:
            return self.add_row(list_path, index, item)
        if change is RowChange.REMOVE:
            return self.remove_row(list_path, index)
        return self.move_row(list_path, index, delta)

    def _edited(self, list_path: str, change: RowChange, row: int) -> RowsChange:
        if list_path == "recipients":
            # Who the information was shared with can only name recipients that are listed.
            sharing = self.record.sharing
            sharing.recipient_ids = [i for i in sharing.recipient_ids if self.record.recipient(i)]
        return RowsChange(list_path, change, row)
