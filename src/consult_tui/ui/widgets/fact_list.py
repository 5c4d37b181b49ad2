"""Facts of the concern, each marked fact or opinion and with its source, as the guidance asks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget

from ...domain.labels import choices, label_of
from ...domain.record import Fact, FactKind
from .bound_fields import BoundLine, BoundTextArea
from .choice_row import ChoiceRow
from .field_row import FieldRow
from .list_editor import RecordListEditor


class FactList(RecordListEditor):
    noun = "fact"
    plural = "facts"
    list_path = "facts"
    item_type = Fact

    def row_fields(self, index: int, item: Any) -> Iterable[Widget]:
        path = f"facts[{index}]"
        yield BoundTextArea(f"{path}.text", item.text, placeholder="what was seen, heard or said")
        yield FieldRow(
            "Fact or opinion", ChoiceRow(choices(FactKind), item.kind, field_path=f"{path}.kind")
        )
        yield FieldRow(
            "Source",
            BoundLine(f"{path}.source", item.source, placeholder="who said or saw it, when"),
        )

    def describe(self, item: Any) -> str:
        words = " ".join(item.text.split())
        words = words if len(words) <= 40 else words[:39] + "…"
        return f"({label_of(item.kind)}) {words}" if words else f"({label_of(item.kind)})"
