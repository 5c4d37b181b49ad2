"""The advice ladder: a manager or an anonymised talk with children's services, then one
professional, then one further — each rung recorded with who, named or anonymised, and the advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget

from ...domain.record import AdviceEntry, utc_now
from .bound_fields import BoundLine, BoundTextArea
from .choice_row import ChoiceRow
from .field_row import FieldRow
from .list_editor import RecordListEditor

NAMED_OR_ANONYMISED = [(True, "anonymised (family not named)"), (False, "named")]


class AdviceLadder(RecordListEditor):
    noun = "advice"
    plural = "advice sought"
    list_path = "advice"
    item_type = AdviceEntry

    def new_item(self) -> AdviceEntry:
        # When the advice was asked for is part of the record; the time it was added is the
        # honest default.
        return AdviceEntry(at=utc_now())

    def row_fields(self, index: int, item: Any) -> Iterable[Widget]:
        path = f"advice[{index}]"
        yield FieldRow("Who", BoundLine(f"{path}.who", item.who, placeholder="name"))
        yield FieldRow("Role", BoundLine(f"{path}.role", item.role, placeholder="e.g. manager"))
        yield FieldRow("Organisation", BoundLine(f"{path}.organisation", item.organisation))
        yield FieldRow(
            "Family",
            ChoiceRow(NAMED_OR_ANONYMISED, item.anonymised, field_path=f"{path}.anonymised"),
        )
        yield BoundTextArea(f"{path}.advice", item.advice, placeholder="what they advised")

    def describe(self, item: Any) -> str:
        who = item.who.strip() or item.role.strip() or "(who?)"
        when = item.at.astimezone().strftime("%d %b %H:%M") if item.at else ""
        named = "anonymised" if item.anonymised else "named"
        return " · ".join(part for part in (who, named, when) if part)
