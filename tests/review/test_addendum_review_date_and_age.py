"""A review date and an age given after finalising, by an addendum: kept by the store, shown with
the record, and honoured by the reviews due (the review screen, the home screen, `list --due`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.parsing import Age, AgeUnit
from consult_tui.domain.record import Addendum, AgeCorrection, DecisionOutcome
from consult_tui.store.search import ReviewDue, ReviewQuery
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.addendum import AddendumModal
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.record_view import RecordViewScreen
from consult_tui.ui.widgets.record_reader import RecordReader
from consult_tui.workspace import Workspace
from tests.pilot_waits import wait_for
from tests.review.review_helpers import consultation, finalise


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as opened:
        yield opened


def _due_case_references(workspace: Workspace, today: date) -> set[str]:
    query = ReviewQuery(review=ReviewDue.DUE, today=today)
    return {summary.case_reference for summary in workspace.store.review_page(query, limit=50)}


def test_an_addendums_review_date_is_the_one_in_force(workspace: Workspace) -> None:
    record = consultation(case_reference="HV-LATER", decision=DecisionOutcome.DO_NOT_SHARE)
    final = finalise(workspace.store, record)
    today = date(2026, 12, 5)
    assert "HV-LATER" not in _due_case_references(workspace, today + timedelta(days=400))

    child = final.people[0]
    workspace.store.add_addendum(
        final.id,
        Addendum(
            author="P. Shah",
            reason="Review agreed at the core group",
            review_date=date(2026, 11, 17),
            ages=[AgeCorrection(person_id=child.id, amount=7, unit=AgeUnit.MONTHS)],
        ),
    )

    stored = workspace.store.get(final.id)
    assert stored.decision.review_date is None  # the finalised body is untouched
    assert stored.review_date() == date(2026, 11, 17)
    assert stored.age_of(stored.people[0]) == Age(7, AgeUnit.MONTHS)
    assert "HV-LATER" in _due_case_references(workspace, today)


async def test_a_review_date_and_an_infants_age_are_given_by_an_addendum(
    workspace: Workspace,
) -> None:
    final = finalise(workspace.store, consultation(case_reference="HV-AGE", child="Baby A"))
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f5")
        await pilot.press("slash", *"HV-AGE", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddendumModal))
        modal = app.screen
        modal.query_one("#addendum-author", Input).value = "P. Shah"
        modal.query_one("#addendum-reason", Input).value = "Seen again at the clinic"

        review = modal.query_one("#addendum-review-date", Input)
        review.focus()
        await pilot.press(*"after Easter")
        note = modal.query_one("#addendum-review-date-note", Static)
        await wait_for(pilot, lambda: str(note.render()).startswith("✗"))
        await pilot.press("f9")  # held back, with the reason, not dropped
        message = modal.query_one("#addendum-message", Static)
        await wait_for(pilot, lambda: "could not be read" in str(message.render()))
        assert isinstance(app.screen, AddendumModal)

        review.value = ""
        review.focus()
        await pilot.press(*"17 Nov 2026")
        await wait_for(pilot, lambda: str(note.render()) == "→ Tue 17 November 2026")
        age = modal.query_one("#addendum-age-0", Input)
        age.focus()
        await pilot.press(*"7 months")
        age_note = modal.query_one("#addendum-age-0-note", Static)
        await wait_for(pilot, lambda: str(age_note.render()) == "→ 7 months (0 years)")
        assert modal.query_one("#addendum-text", TextArea).text == ""
        await pilot.press("f9")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, RecordViewScreen)
                and "7 months (0 years)" in app.screen.query_one(RecordReader).text()
            ),
        )
        assert "2026-11-17" in app.screen.query_one(RecordReader).text()
    stored = workspace.store.get(final.id)
    note_stored = stored.addenda[-1]
    assert note_stored.review_date == date(2026, 11, 17)
    assert [(c.person_id, c.amount, c.unit) for c in note_stored.ages] == [
        (stored.people[0].id, 7, AgeUnit.MONTHS)
    ]
    assert "HV-AGE" in _due_case_references(workspace, date(2026, 12, 5))


def test_a_draft_printed_with_unread_dates_and_ages_shows_the_words_typed() -> None:
    from consult_tui.domain.guidance import default_pack
    from consult_tui.export.document import build_document
    from consult_tui.export.plain import render_plain

    draft = consultation(case_reference="HV-DRAFT", decision=DecisionOutcome.NOT_YET)
    draft.decision.review_date_text = "after Easter"
    draft.people[0].age_text = "about ten"
    baby = draft.people[0].model_copy(
        update={
            "id": "baby1",
            "name": "Baby B",
            "age": 0,
            "age_amount": 3,
            "age_text": "",
            "age_unit": AgeUnit.WEEKS,
        }
    )
    draft.people.append(baby)
    printed = render_plain(build_document(draft, default_pack()))
    assert "after Easter (as typed; not read as a date)" in printed
    assert "about ten (as typed; not read as an age)" in printed
    assert "3 weeks (0 years)" in printed


def test_list_due_at_the_command_line_honours_an_addendums_review_date(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    import json

    from consult_tui.cli import main
    from consult_tui.workspace import open_workspace, prepare_keystore

    passphrase = "lantern orchard quietly river"
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", passphrase)
    database = tmp_path / "records" / "consultations.db"
    monkeypatch.setenv("CONSULT_TUI_DB", str(database))
    assert main(["demo", "--no-ui"]) == 0
    settings = load_settings(database)
    opened = open_workspace(settings, prepare_keystore(settings), passphrase, create=False)
    try:
        final = finalise(opened.store, consultation(case_reference="GP-LATER", review=None))
        soon = date.today() + timedelta(days=3)
        opened.store.add_addendum(
            final.id, Addendum(author="Dr Rao", reason="Review set", review_date=soon)
        )
    finally:
        opened.close()
    capsys.readouterr()

    assert main(["list", "--due", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["records"]
    due = {r["case_reference"]: r["review_date"] for r in listed}
    assert due.get("GP-LATER") == soon.isoformat()


def test_a_follow_up_starts_from_the_age_in_force_in_its_unit() -> None:
    from consult_tui.domain.follow_up import follow_up_draft

    earlier = consultation(case_reference="HV-FOLLOW")
    baby = earlier.people[0]
    earlier.addenda.append(
        Addendum(
            author="P. Shah",
            reason="Age put right",
            ages=[AgeCorrection(person_id=baby.id, amount=10, unit=AgeUnit.WEEKS)],
        )
    )
    earlier.people.append(baby.model_copy(update={"id": "p2", "name": "J", "age_text": "teen"}))
    carried = follow_up_draft(earlier).people
    assert (carried[0].age, carried[0].age_amount, carried[0].age_unit) == (0, 10, AgeUnit.WEEKS)
    assert (carried[1].age, carried[1].age_text) == (None, "teen")
