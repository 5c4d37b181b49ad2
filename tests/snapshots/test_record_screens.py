"""A finalised record read later: the record itself, its case chronology, an addendum being
written, and the screen locked over the work."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.addendum import AddendumModal
from consult_tui.ui.screens.chronology import ChronologyScreen
from consult_tui.ui.screens.lock import LockScreen
from consult_tui.ui.screens.record_view import RecordViewScreen
from consult_tui.ui.widgets.review_table import ReviewTable
from tests.snapshots.prepared_store import CASE_WITH_HISTORY
from tests.snapshots.snapshot_steps import Snap, press_for, select_row
from tests.snapshots.test_list_and_review_screens import at_home, in_review

AppOn = Callable[[str], ConsultApp]


async def reading_the_record(pilot: Pilot) -> None:
    """From review, open the April decision on the case with a history (it has an addendum)."""
    await in_review(pilot)
    select_row(pilot.app.screen.query_one(ReviewTable), "2025-04-14")
    await press_for(pilot, RecordViewScreen, "enter")


async def reading_the_case_chronology(pilot: Pilot) -> None:
    await reading_the_record(pilot)
    await press_for(pilot, ChronologyScreen, "c")
    assert CASE_WITH_HISTORY in str(pilot.app.screen.query_one("#chronology-heading").render())


async def starting_an_addendum(pilot: Pilot) -> None:
    await reading_the_record(pilot)
    await press_for(pilot, AddendumModal, "a")


async def locking_the_list(pilot: Pilot) -> None:
    await at_home(pilot)
    await press_for(pilot, LockScreen, "ctrl+l")


def test_a_finalised_record_reads_top_to_bottom(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), reading_the_record)


def test_the_case_chronology_lists_each_decision_and_addendum_in_date_order(
    snap: Snap, app_on: AppOn
) -> None:
    assert snap(app_on("seeded"), reading_the_case_chronology)


def test_an_addendum_is_dated_and_leaves_the_record_as_it_was(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), starting_an_addendum)


def test_locking_covers_the_work_and_asks_for_the_passphrase(snap: Snap, app_on: AppOn) -> None:
    assert snap(app_on("seeded"), locking_the_list)
