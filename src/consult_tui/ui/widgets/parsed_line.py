"""A one-line field that reads a date, a time or an age, and says under it what it understood.

What is typed is never dropped: text that reads becomes the record's value (and the line under
the field says "→ Tue 17 November 2026"); text that does not read is kept verbatim beside the
value (in the record's ``*_text`` field), marked "✗" with what to write instead, and the finalise
check refuses the record until it is put right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...domain.parsing import (
    AGE_EXAMPLE,
    Age,
    AgeUnit,
    NotUnderstood,
    describe_date,
    describe_datetime,
    read_age,
    read_date,
    read_datetime,
    written_date,
    written_datetime,
)
from ..messages import FieldRead
from .bound_fields import BoundLine
from .plain_text import literal

Reading = Literal["date", "datetime", "age"]

PLACEHOLDERS: dict[Reading, str] = {
    "date": "e.g. 17/11/2026 or 17 Nov 2026",
    "datetime": "e.g. 17/11/2026 14:30",
    "age": f"e.g. {AGE_EXAMPLE}",
}


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a field's text was read as: record values by path, and the line to show."""

    values: list[tuple[str, Any]]
    note: str
    read: bool


def written(reading: Reading, value: Any, text: str) -> str:
    """What the field shows for a stored value: the unread text if any, else the value."""
    if text:
        return text
    if value is None:
        return ""
    if reading == "date":
        return written_date(value)
    if reading == "datetime":
        return written_datetime(value)
    return value.written()


def understand(reading: Reading, field_path: str, text: str) -> Understanding:
    """Read the text and say which record fields take which values (pure, for tests)."""
    stripped = text.strip()
    if reading == "age":
        base = field_path.removesuffix("age")
        if not stripped:
            return Understanding(_age_values(base, None, ""), "", True)
        try:
            age = read_age(stripped)
        except NotUnderstood as problem:
            return Understanding(_age_values(base, None, text), f"✗ {problem.message}", False)
        return Understanding(_age_values(base, age, ""), f"→ {age.describe()}", True)
    keep = f"{field_path}_text"
    if not stripped:
        return Understanding([(field_path, None), (keep, "")], "", True)
    try:
        value: date | datetime
        if reading == "date":
            value = read_date(stripped)
            note = describe_date(value)
        else:
            value = read_datetime(stripped)
            note = describe_datetime(value)
    except NotUnderstood as problem:
        return Understanding([(field_path, None), (keep, text)], f"✗ {problem.message}", False)
    return Understanding([(field_path, value), (keep, "")], f"→ {note}", True)


def _age_values(base: str, age: Age | None, text: str) -> list[tuple[str, Any]]:
    unit = AgeUnit.YEARS if age is None else age.unit
    return [
        (f"{base}age", None if age is None else age.years),
        (f"{base}age_unit", unit),
        (f"{base}age_amount", None if age is None or unit is AgeUnit.YEARS else age.amount),
        (f"{base}age_text", text),
    ]


class ParsedLine(BoundLine):
    """The field itself; its ParsedField parent shows the understanding under it."""

    def __init__(self, field_path: str, reading: Reading, shown: str, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", PLACEHOLDERS[reading])
        super().__init__(field_path, shown, **kwargs)
        self.reading: Reading = reading

    def announce(self) -> None:
        """Every value the text was read as goes to the draft, the unread text included."""
        self.post_message(FieldRead(self.field_path, self.understanding().values))

    def understanding(self) -> Understanding:
        """Read what is typed now, show it under the field, and return the record values."""
        understood = understand(self.reading, self.field_path, self.text)
        self.set_class(not understood.read, "-unparsable")
        parent = self.parent
        if isinstance(parent, ParsedField):
            parent.show(understood)
        return understood


class ParsedField(Vertical):
    """The field with one line under it saying what was understood (shown once text is typed)."""

    def __init__(self, line: ParsedLine) -> None:
        super().__init__(classes="parsed-field")
        self.line = line
        self.note = Static("", classes="parsed-note")

    def compose(self) -> ComposeResult:
        yield self.line
        yield self.note

    def on_mount(self) -> None:
        self.line.understanding()

    def show(self, understood: Understanding) -> None:
        self.note.update(literal(understood.note))
        self.note.set_class(not understood.read, "-unparsable")
        self.note.display = bool(understood.note)

    @classmethod
    def for_date(cls, field_path: str, value: date | None, text: str) -> ParsedField:
        return cls(ParsedLine(field_path, "date", written("date", value, text)))

    @classmethod
    def for_datetime(cls, field_path: str, value: datetime | None, text: str) -> ParsedField:
        return cls(ParsedLine(field_path, "datetime", written("datetime", value, text)))

    @classmethod
    def for_age(cls, field_path: str, age: Age | None, text: str) -> ParsedField:
        return cls(ParsedLine(field_path, "age", written("age", age, text)))
