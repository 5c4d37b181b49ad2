"""Who the information would go to: name, role, agency and how to reach them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget

from ...domain.record import Recipient
from .bound_fields import BoundLine
from .field_row import FieldRow
from .list_editor import RecordListEditor


def recipient_label(recipient: Recipient) -> str:
    who = recipient.name.strip() or "(no name yet)"
    where = ", ".join(part for part in (recipient.role.strip(), recipient.agency.strip()) if part)
    return f"{who} ({where})" if where else who


class RecipientList(RecordListEditor):
    noun = "recipient"
    plural = "recipients"
    list_path = "recipients"
    item_type = Recipient

    def row_fields(self, index: int, item: Any) -> Iterable[Widget]:
        path = f"recipients[{index}]"
        yield FieldRow("Name", BoundLine(f"{path}.name", item.name))
        yield FieldRow("Role", BoundLine(f"{path}.role", item.role))
        yield FieldRow("Agency", BoundLine(f"{path}.agency", item.agency))
        yield FieldRow("Contact", BoundLine(f"{path}.contact", item.contact))

    def describe(self, item: Any) -> str:
        return recipient_label(item)
