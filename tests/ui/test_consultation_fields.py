"""How form fields find their place in the record, and how typed text is made safe to show."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_tui.domain.record import Consultation, Person
from consult_tui.ui.widgets.bound_fields import Unparsable, parse_value
from consult_tui.ui.widgets.plain_text import printable
from consult_tui.ui.widgets.record_binding import (
    field_description,
    get_at,
    list_path_and_index,
    parse_path,
    set_at,
)


def test_a_path_walks_through_lists_and_models() -> None:
    record = Consultation(people=[Person(name="A"), Person(name="B")])
    assert parse_path("people[1].consent.views") == ["people", 1, "consent", "views"]
    set_at(record, "people[1].consent.views", "wants help")
    assert get_at(record, "people[1].consent.views") == "wants help"
    assert record.people[0].consent.views == ""


def test_a_field_knows_its_list_row() -> None:
    assert list_path_and_index("facts[2].source") == ("facts", 2)
    assert list_path_and_index("decision.reason") is None


def test_help_starts_from_the_record_models_own_description() -> None:
    assert "whatever the decision" in field_description(Consultation, "decision.reason")
    assert "understanding was checked" in field_description(
        Consultation, "sharing.understanding_checked"
    )
    assert field_description(Consultation, "people[0].relation").startswith("Relation")


@pytest.mark.parametrize(
    ("kind", "typed", "value"),
    [
        ("int", "15", 15),
        ("int", " ", None),
        ("date", "2025-04-30", date(2025, 4, 30)),
        ("text", " as typed ", " as typed "),
    ],
)
def test_typed_text_becomes_the_fields_value(kind: str, typed: str, value: object) -> None:
    assert parse_value(kind, typed) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "typed"), [("int", "fifteen"), ("date", "30/04/2025")])
def test_what_cannot_be_read_yet_is_not_recorded(kind: str, typed: str) -> None:
    with pytest.raises(Unparsable):
        parse_value(kind, typed)  # type: ignore[arg-type]


def test_control_characters_get_visible_stand_ins() -> None:
    assert printable("\x1b[31mred\x07") == "␛[31mred␇"
    assert printable("a\nb") == "a␊b"
    assert printable("a\nb\tc", multiline=True) == "a\nb\tc"
    assert printable("\x9b2J") == "�2J", "a C1 control sequence introducer too"


@settings(max_examples=200)
@given(st.text())
def test_nothing_printable_can_drive_the_terminal(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    # Controls get one stand-in each; invisible format characters (a bidi override that could
    # disguise a case reference) are spelt out as <U+202E>; everything else is kept as typed.
    spelt = [c for c in text if unicodedata.category(c) == "Cf" and c not in "\u200c\u200d"]
    assert not any(c in shown for c in spelt)
    assert len(shown) == len(text) + sum(len(f"<U+{ord(c):04X}>") - 1 for c in spelt)
