"""What a practitioner types into a date, time or age field is what the store keeps.

Each story types into the real consultation screen of the real application, goes back to the list
(which saves the draft), and reads the record back from the encrypted store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.finalise import finalise_problems
from consult_tui.domain.parsing import AgeUnit
from consult_tui.domain.record import Consultation, DecisionOutcome
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.screens.finalise import FinaliseProblemsScreen
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.widgets.parsed_line import ParsedField, ParsedLine
from tests.pilot_waits import wait_for
from tests.ui.consultation_steps import add_row, choose, fill, go_to, type_text

REVIEW_DAY = date(2026, 11, 17)


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    return load_settings(tmp_path / "data" / "consultations.db")


async def _new_consultation(pilot: Pilot) -> ConsultationScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsultationScreen))
    screen = app.screen
    assert isinstance(screen, ConsultationScreen)
    return screen


def _note(line: ParsedLine) -> str:
    parent = line.parent
    assert isinstance(parent, ParsedField)
    return str(parent.note.render()) if parent.note.display else ""


def _row_of(table: DataTable, case_reference: str) -> int | None:
    return next(
        (i for i in range(table.row_count) if case_reference in str(table.get_row_at(i))), None
    )


async def _save_and_read(pilot: Pilot, workspace, record_id: str) -> Consultation:
    await pilot.press("f10")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    return workspace.store.get(record_id)


@pytest.mark.parametrize(
    "typed",
    ["17/11/2026", "17 Nov 2026", "2026-11-17", "17.11.26", "17 november 2026", "Tue 17/11/26"],
)
async def test_review_date_typed_the_uk_way_is_saved_as_that_day(settings, typed: str) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _new_consultation(pilot)
            field = await go_to(pilot, "decision.review_date")
            await type_text(pilot, typed)
            await wait_for(pilot, lambda: "Tue 17 November 2026" in _note(field))
            assert _note(field) == "→ Tue 17 November 2026"
            stored = await _save_and_read(pilot, workspace, screen.record.id)
    assert stored.decision.review_date == REVIEW_DAY
    assert stored.decision.review_date_text == ""


@pytest.mark.parametrize(
    ("typed", "years", "amount", "unit", "understood"),
    [
        ("15", 15, None, AgeUnit.YEARS, "→ 15 years"),
        ("15 years", 15, None, AgeUnit.YEARS, "→ 15 years"),
        ("7 months", 0, 7, AgeUnit.MONTHS, "→ 7 months (0 years)"),
        ("3 weeks", 0, 3, AgeUnit.WEEKS, "→ 3 weeks (0 years)"),
        ("18 months", 1, 18, AgeUnit.MONTHS, "→ 18 months (1 year)"),
    ],
)
async def test_a_persons_age_typed_in_years_months_or_weeks_is_kept_as_given(
    settings, typed: str, years: int, amount: int | None, unit: AgeUnit, understood: str
) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _new_consultation(pilot)
            await add_row(pilot, "people")
            field = await go_to(pilot, "people[0].age")
            await type_text(pilot, typed)
            await wait_for(pilot, lambda: _note(field) == understood)
            stored = await _save_and_read(pilot, workspace, screen.record.id)
    person = stored.people[0]
    assert (person.age, person.age_amount, person.age_unit) == (years, amount, unit)
    assert person.age_text == ""


async def test_an_unreadable_review_date_is_kept_shown_and_blocks_finalise(settings) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _new_consultation(pilot)
            await fill(pilot, "case_reference", "BL-SG-2026-101")
            field = await go_to(pilot, "decision.review_date")
            await type_text(pilot, "after half term")
            await wait_for(pilot, lambda: _note(field).startswith("✗"))
            assert field.has_class("-unparsable")
            stored = await _save_and_read(pilot, workspace, screen.record.id)
            assert stored.decision.review_date is None
            assert stored.decision.review_date_text == "after half term"

            # Opened again, the words are still there, still marked.
            table = app.screen.query_one("#home-table", DataTable)
            await wait_for(pilot, lambda: _row_of(table, "BL-SG-2026-101") is not None)
            table.move_cursor(row=_row_of(table, "BL-SG-2026-101"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ConsultationScreen))
            screen = app.screen
            assert isinstance(screen, ConsultationScreen)
            field = screen.query_one(ParsedLine)
            await wait_for(pilot, lambda: field.text == "after half term")
            await wait_for(pilot, lambda: _note(field).startswith("✗"))

            await pilot.press("f9")
            await wait_for(pilot, lambda: isinstance(app.screen, FinaliseProblemsScreen))
            problems = app.screen
            assert isinstance(problems, FinaliseProblemsScreen)
            listed = [str(p.message) for p in problems.problems]
            review = next(i for i, m in enumerate(listed) if "after half term" in m)
            assert "could not be read as a date" in listed[review]
            problems.query_one("#finalise-problems", OptionList).highlighted = review
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ConsultationScreen))
            await wait_for(pilot, lambda: screen.focused is field)


async def test_an_unreadable_age_is_kept_and_blocks_finalise_until_put_right(settings) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _new_consultation(pilot)
            await add_row(pilot, "people")
            field = await go_to(pilot, "people[0].age")
            await type_text(pilot, "about ten")
            await wait_for(pilot, lambda: _note(field).startswith("✗"))
            assert screen.record.people[0].age_text == "about ten"
            assert any(p.field == "people[0].age" for p in finalise_problems(screen.record))

            for _ in "about ten":
                await pilot.press("backspace")
            await type_text(pilot, "10")
            await wait_for(pilot, lambda: _note(field) == "→ 10 years")
            assert not any(p.field == "people[0].age" for p in finalise_problems(screen.record))
            stored = await _save_and_read(pilot, workspace, screen.record.id)
    assert (stored.people[0].age, stored.people[0].age_text) == (10, "")


@pytest.mark.parametrize(
    ("typed", "understood"),
    [
        ("17/11/2026 14:30", "→ Tue 17 November 2026, 14:30"),
        ("17 Nov 2026 2:30pm", "→ Tue 17 November 2026, 14:30"),
        ("this morning", "✗"),
    ],
)
async def test_when_it_was_shared_is_read_or_kept_as_typed(settings, typed, understood) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _new_consultation(pilot)
            await choose(pilot, "decision.outcome", DecisionOutcome.SHARE)
            field = await go_to(pilot, "sharing.shared_at")
            await type_text(pilot, typed)
            await wait_for(pilot, lambda: _note(field).startswith(understood))
            stored = await _save_and_read(pilot, workspace, screen.record.id)
    if understood == "✗":
        assert stored.sharing.shared_at is None
        assert stored.sharing.shared_at_text == typed
        assert any(p.field == "sharing.shared_at" for p in finalise_problems(stored))
    else:
        local = stored.sharing.shared_at.astimezone()
        assert (local.date(), local.hour, local.minute) == (REVIEW_DAY, 14, 30)
        assert stored.sharing.shared_at_text == ""
