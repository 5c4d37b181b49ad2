"""The people in the case: the child, siblings, parents or carers and other adults."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget

from ...domain.labels import choices, label_of
from ...domain.parsing import AgeUnit
from ...domain.record import Person, PersonKind, YesNo
from .bound_fields import BoundLine
from .choice_row import ChoiceRow
from .field_row import FieldRow
from .list_editor import RecordListEditor
from .parsed_line import ParsedField
from .tick_box import Tick


class PeopleEditor(RecordListEditor):
    noun = "person"
    plural = "people"
    list_path = "people"
    item_type = Person

    def row_fields(self, index: int, item: Any) -> Iterable[Widget]:
        path = f"people[{index}]"
        yield FieldRow("Name", BoundLine(f"{path}.name", item.name, placeholder="name or initials"))
        yield FieldRow("Who", ChoiceRow(choices(PersonKind), item.kind, field_path=f"{path}.kind"))
        yield FieldRow(
            "Relation",
            BoundLine(f"{path}.relation", item.relation, placeholder="e.g. mother, stepfather"),
        )
        yield FieldRow("Age", ParsedField.for_age(f"{path}.age", item.age_given(), item.age_text))
        yield FieldRow(
            "May be told",
            ChoiceRow(choices(YesNo), item.may_be_told, field_path=f"{path}.may_be_told"),
        )
        yield FieldRow(
            "Why (not) told",
            BoundLine(
                f"{path}.telling_reason",
                item.telling_reason,
                placeholder="why they may, or must not, be told",
            ),
        )
        yield Tick(
            "Alleged to cause harm",
            item.alleged_to_cause_harm,
            field_path=f"{path}.alleged_to_cause_harm",
        )
        yield Tick(
            "Would pass it on to someone alleged to cause harm",
            item.may_pass_on,
            field_path=f"{path}.may_pass_on",
        )

    def describe(self, item: Any) -> str:
        parts = [item.name.strip() or "(no name yet)", label_of(item.kind)]
        age = item.age_given()
        if age is not None:
            parts.append(f"{age.years}y" if age.unit is AgeUnit.YEARS else age.written())
        elif item.age_text.strip():
            parts.append("age not read")
        return " · ".join(parts)
