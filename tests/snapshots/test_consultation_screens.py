"""A consultation being worked on: each pane with the focus in it, help for a field, and the
problems that hold back finalising."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.screens.finalise import FinaliseProblemsScreen
from consult_tui.ui.screens.help import HelpScreen
from tests.snapshots.snapshot_steps import Snap, Story, press_for, press_until, select_row, settled
from tests.snapshots.test_list_and_review_screens import at_home

AppOn = Callable[[str], ConsultApp]


async def consulting_on_the_bruised_baby(pilot: Pilot) -> None:
    """From the list, carry on the draft about a bruise on a four-month-old."""
    await at_home(pilot)
    select_row(pilot.app.screen.query_one(DataTable), "HV-2025-0412")
    await press_for(pilot, ConsultationScreen, "enter")


def pressing(key: str, then_showing: type[Screen] | None = None) -> Story:
    """In the bruised-baby draft, press `key` (and wait for the screen it brings up)."""

    async def story(pilot: Pilot) -> None:
        await consulting_on_the_bruised_baby(pilot)
        await press_for(pilot, then_showing or ConsultationScreen, key)

    return story


def _typing_about_a_person(pilot: Pilot) -> bool:
    """The focus is in a field of a person (their row is then open), not on a heading."""
    focused = pilot.app.focused
    if focused is None:
        return False
    around = focused.ancestors_with_self
    return any(w.id == "list-people" for w in around) and any(
        w.has_class("row-fields") for w in around
    )


async def tabbing_to_the_first_person(pilot: Pilot) -> None:
    await consulting_on_the_bruised_baby(pilot)
    await press_until(pilot, "tab", lambda: _typing_about_a_person(pilot))
    await settled(pilot)


async def finalising_a_new_consultation(pilot: Pilot) -> None:
    await at_home(pilot)
    await press_for(pilot, ConsultationScreen, "ctrl+n")
    await press_for(pilot, FinaliseProblemsScreen, "f9")


def test_the_case_facts_pane_with_the_case_reference_to_type(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), pressing("f2"))


def test_the_first_person_opens_when_tabbed_into(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), tabbing_to_the_first_person)


def test_the_proportionality_panel_and_decision(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), pressing("f3"))


def test_the_communication_and_consent_checklist(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), pressing("f4"))


def test_help_explains_the_focused_field_and_the_guidance_behind_it(
    snap: Snap, app_on: AppOn
) -> None:
    assert snap(app_on("seeded"), pressing("f1", then_showing=HelpScreen))


def test_finalising_a_new_consultation_lists_what_is_missing(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), finalising_a_new_consultation)
