"""A consent answer and a "family told" mark carry the time they were recorded, so a reviewer can
put them in order against the rest of the case years later."""

from __future__ import annotations

from datetime import UTC, datetime

from consult_tui.domain.record import (
    ConsentState,
    Consultation,
    FamilyTold,
    Person,
    PersonKind,
)
from consult_tui.domain.stamps import stamp_recorded_times

MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AFTERNOON = datetime(2026, 3, 2, 15, 5, tzinfo=UTC)


def family() -> Consultation:
    return Consultation(
        people=[Person(name="Baby A"), Person(name="Ms A", kind=PersonKind.PARENT_CARER)]
    )


def test_a_mothers_refusal_is_stamped_with_the_time_it_was_recorded() -> None:
    record = family()
    record.people[1].consent.state = ConsentState.REFUSED
    assert stamp_recorded_times(record, "people[1].consent.state", MORNING)
    assert record.people[1].consent.recorded_at == MORNING
    assert record.people[0].consent.recorded_at is None


def test_consent_withdrawn_later_is_stamped_again_with_the_later_time() -> None:
    record = family()
    record.people[1].consent.state = ConsentState.GIVEN
    stamp_recorded_times(record, "people[1].consent.state", MORNING)
    record.people[1].consent.state = ConsentState.WITHDRAWN
    stamp_recorded_times(record, "people[1].consent.state", AFTERNOON)
    assert record.people[1].consent.recorded_at == AFTERNOON


def test_going_back_to_not_sought_clears_the_time_because_nothing_is_recorded() -> None:
    record = family()
    record.people[0].consent.state = ConsentState.SOUGHT
    stamp_recorded_times(record, "people[0].consent.state", MORNING)
    record.people[0].consent.state = ConsentState.NOT_SOUGHT
    assert stamp_recorded_times(record, "people[0].consent.state", AFTERNOON)
    assert record.people[0].consent.recorded_at is None


def test_the_family_marked_as_told_is_stamped_and_unmarking_clears_it() -> None:
    record = family()
    record.transparency.family_told = FamilyTold.TOLD
    stamp_recorded_times(record, "transparency.family_told", MORNING)
    assert record.transparency.told_at == MORNING
    record.transparency.family_told = FamilyTold.NOT_TOLD
    stamp_recorded_times(record, "transparency.family_told", AFTERNOON)
    assert record.transparency.told_at is None


def test_other_fields_carry_no_time_of_their_own() -> None:
    record = family()
    record.people[1].consent.views = "Does not want the school told"
    assert not stamp_recorded_times(record, "people[1].consent.views", MORNING)
    assert not stamp_recorded_times(record, "decision.reason", MORNING)
    assert record.people[1].consent.recorded_at is None
    assert record.transparency.told_at is None


def test_a_path_to_a_person_no_longer_on_the_list_changes_nothing() -> None:
    record = family()
    assert not stamp_recorded_times(record, "people[5].consent.state", MORNING)
