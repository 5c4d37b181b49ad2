"""The draft editor makes every change a practitioner makes to a draft, keeps the record whole,
and says what changed, so the screen redraws only that and saves only when something did."""

from __future__ import annotations

from consult_tui.domain.draft_editor import DraftEditor, RowChange, field_path
from consult_tui.domain.record import (
    ConsentState,
    Consultation,
    Fact,
    Person,
    PersonKind,
    Recipient,
)


def family_and_school() -> Consultation:
    gp, school = Recipient(name="Dr Patel", role="GP"), Recipient(name="Ms Khan", role="DSL")
    record = Consultation(
        people=[Person(name="Baby A"), Person(name="Ms A", kind=PersonKind.PARENT_CARER)],
        facts=[Fact(text="Bruise on the cheek"), Fact(text="Parents' accounts differ")],
        recipients=[gp, school],
    )
    record.sharing.recipient_ids = [gp.id, school.id]
    return record


def test_a_mothers_refusal_is_recorded_with_its_time_and_named_as_one_change() -> None:
    record = family_and_school()
    change = DraftEditor(record).set_field("people[1].consent.state", ConsentState.REFUSED)
    assert change is not None
    assert change.path.row == ("people", 1)
    assert record.people[1].consent.state is ConsentState.REFUSED
    assert record.people[1].consent.recorded_at is not None
    assert record.people[0].consent.recorded_at is None


def test_typing_what_a_field_already_holds_changes_nothing_and_asks_for_no_save() -> None:
    record = family_and_school()
    assert DraftEditor(record).set_field("facts[0].text", "Bruise on the cheek") is None


def test_a_recipient_removed_from_the_list_is_no_longer_ticked_as_told() -> None:
    record = family_and_school()
    school = record.recipients[1]
    change = DraftEditor(record).remove_row("recipients", 0)
    assert change is not None and change.change is RowChange.REMOVE
    assert [r.name for r in record.recipients] == ["Ms Khan"]
    assert record.sharing.recipient_ids == [school.id]


def test_a_fact_moved_up_swaps_places_and_the_practitioner_stays_on_it() -> None:
    record = family_and_school()
    editor = DraftEditor(record)
    change = editor.move_row("facts", 1, -1)
    assert change is not None and change.row == 0
    assert [f.text for f in record.facts] == ["Parents' accounts differ", "Bruise on the cheek"]
    assert editor.move_row("facts", 0, -1) is None  # already at the top: nothing moves


def test_a_row_added_after_the_last_lands_at_the_end() -> None:
    record = family_and_school()
    change = DraftEditor(record).add_row("facts", 99, Fact(text="Seen at nursery"))
    assert change is not None and change.row == 2
    assert record.facts[-1].text == "Seen at nursery"


def test_one_recipient_ticked_and_unticked_by_itself() -> None:
    record = family_and_school()
    editor = DraftEditor(record)
    gp, school = record.recipients
    assert editor.tick_member("sharing.recipient_ids", gp.id, False) is not None
    assert record.sharing.recipient_ids == [school.id]
    assert editor.tick_member("sharing.recipient_ids", gp.id, False) is None
    assert editor.tick_member("sharing.recipient_ids", gp.id, True) is not None
    assert record.sharing.recipient_ids == [school.id, gp.id]


def test_a_path_is_parsed_once_and_names_its_row() -> None:
    assert field_path("facts[2].text") is field_path("facts[2].text")
    assert field_path("facts[2].text").parts == ("facts", 2, "text")
    assert field_path("decision.reason").row is None
