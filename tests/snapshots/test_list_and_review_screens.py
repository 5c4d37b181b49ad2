"""The consultations list and the review screen, as a practitioner finds them on a given day."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable

from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.review import ReviewScreen
from tests.snapshots.snapshot_steps import Snap, press_for, settled

AppOn = Callable[[str], ConsultApp]


async def at_home(pilot: Pilot) -> None:
    app = pilot.app
    await settled(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.attention)


async def in_review(pilot: Pilot) -> None:
    await at_home(pilot)
    await press_for(pilot, ReviewScreen, "f5")


async def searching_for_a_word_nobody_wrote(pilot: Pilot) -> None:
    await in_review(pilot)
    await pilot.press("slash", *"zebrafinch", "enter")
    await settled(pilot, lambda: pilot.app.screen.query_one("#review-empty").display)


async def asking_for_drafts_with_a_review_due(pilot: Pilot) -> None:
    await in_review(pilot)
    table = pilot.app.screen.query_one(DataTable)
    everything = table.row_count
    await pilot.press("d", "v")
    await settled(pilot, lambda: table.row_count < everything)


def test_an_empty_list_says_how_to_start_a_consultation(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("empty"), at_home)


def test_the_list_puts_unfinished_drafts_and_reviews_due_first(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), at_home)


def test_review_lists_every_consultation_newest_first(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), in_review)


def test_a_search_that_finds_nothing_says_what_to_try(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), searching_for_a_word_nobody_wrote)


def test_filters_for_drafts_with_a_review_due_narrow_the_list(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), asking_for_drafts_with_a_review_due)
