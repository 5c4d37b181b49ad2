"""Stories of a practitioner coming back to past decisions, driven through the real app."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.record import DecisionOutcome
from consult_tui.paths import app_paths
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.addendum import AddendumModal
from consult_tui.ui.screens.chronology import ChronologyScreen
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.record_view import RecordViewScreen
from consult_tui.ui.screens.review import ReviewScreen
from consult_tui.ui.widgets.record_reader import RecordReader
from consult_tui.ui.widgets.review_table import ReviewTable
from consult_tui.workspace import Workspace
from tests.pilot_waits import wait_for
from tests.review.review_helpers import consultation, finalise


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as opened:
        yield opened


def table(app: ConsultApp) -> ReviewTable:
    return app.screen.query_one(ReviewTable)


def first_column(app: ConsultApp) -> list[str]:
    grid = table(app)
    return [str(grid.get_row_at(row)[0]) for row in range(grid.row_count)]


async def open_review(pilot: Pilot) -> ConsultApp:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and table(app).row_count)
    return app


async def test_a_word_in_a_reason_finds_the_record_and_opening_it_is_audited(
    workspace: Workspace,
) -> None:
    wanted = consultation(case_reference="HV-ZEB", reason="Shared after the zebrafinch incident")
    workspace.store.save_draft(wanted)
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        assert table(app).row_count == 5
        await pilot.press("slash", *"zebraf")
        await wait_for(pilot, lambda: table(app).row_count == 1)
        assert first_column(app) == ["HV-ZEB"]
        found = str(app.screen.query_one("#review-found", Static).render())
        assert "1 consultation found" in found

        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        assert "zebrafinch" in app.screen.query_one(RecordReader).text()
    trail = workspace.store.audit_trail(wanted.id)
    assert trail[-1].action == "view"


async def test_overdue_reviews_are_listed_alone(workspace: Workspace) -> None:
    today = date.today()
    for number, review in enumerate(
        (today - timedelta(days=20), today - timedelta(days=1), today + timedelta(days=30))
    ):
        record = consultation(case_reference=f"R-{number}", review=review, day=number + 1)
        workspace.store.save_draft(record)
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        await pilot.press("v", "v")
        await wait_for(
            pilot, lambda: "overdue" in str(app.screen.query_one("#review-found").render())
        )
        # The demo's separation case had its review in April 2025: overdue too.
        expected = {"R-0", "R-1", "BL-SG-2025-031"}
        await wait_for(pilot, lambda: set(first_column(app)) == expected)
        grid = table(app)
        reviews = [str(grid.get_row_at(row)[6]) for row in range(grid.row_count)]
        assert all(review < today.isoformat() for review in reviews)


async def test_an_addendum_is_added_and_the_original_record_is_untouched(
    workspace: Workspace,
) -> None:
    final = finalise(workspace.store, consultation(case_reference="HV-ADD"))
    before = workspace.store.get(final.id)
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        await pilot.press("slash", *"HV-ADD", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddendumModal))
        modal = app.screen
        modal.query_one("#addendum-author", Input).value = "P. Shah"
        modal.query_one("#addendum-reason", Input).value = "Review held"
        modal.query_one("#addendum-text", TextArea).text = "The GP confirmed the referral"
        await pilot.press("f9")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, RecordViewScreen)
                and "GP confirmed" in app.screen.query_one(RecordReader).text()
            ),
        )
    after = workspace.store.get(final.id)
    assert after.addenda[-1].reason == "Review held"
    assert after.model_copy(update={"addenda": []}) == before
    assert workspace.store.audit_trail(final.id)[-1].action == "addendum"


async def test_exporting_a_pdf_puts_the_reason_in_its_text(workspace: Workspace) -> None:
    final = finalise(
        workspace.store,
        consultation(case_reference="HV-PDF", reason="Imminent risk of significant harm"),
    )
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        await pilot.press("slash", *"HV-PDF", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        await pilot.press("p")
        folder = app_paths().data_dir / "exports"
        await wait_for(pilot, lambda: folder.exists() and any(folder.glob("*.pdf")))
    exported = next(folder.glob("*.pdf"))
    assert exported.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(io.BytesIO(exported.read_bytes()))
    assert "Imminent risk of significant harm" in " ".join(p.extract_text() for p in reader.pages)
    assert workspace.store.audit_trail(final.id)[-1].detail == "format=pdf"


async def test_the_home_screen_leads_with_unfinished_drafts_and_reviews_due(
    workspace: Workspace,
) -> None:
    workspace.store.save_draft(consultation(review=date.today() - timedelta(days=3)))
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        needs = app.screen.query_one("#home-needs", Static)
        await wait_for(pilot, lambda: "drafts not finished" in str(needs.render()))
        text = str(needs.render())
        assert "5 drafts not finished" in text
        assert "overdue" in text
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await wait_for(pilot, lambda: table(app).row_count >= 1)
        assert "review due" in str(app.screen.query_one("#review-found").render())


async def test_a_follow_up_starts_a_prefilled_draft_linked_to_the_record(
    workspace: Workspace,
) -> None:
    final = finalise(workspace.store, consultation(case_reference="HV-FU", child="Zoë M"))
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(120, 40)
    ) as pilot:
        app = await open_review(pilot)
        await pilot.press("slash", *"HV-FU", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConsultationScreen")
        draft = app.screen.record
        assert draft.follow_up_of == final.id
        assert draft.case_reference == "HV-FU"
        assert [p.name for p in draft.people] == ["Zoë M"]
        assert draft.decision.outcome is DecisionOutcome.UNDECIDED
        assert draft.decision.reason == ""
    assert workspace.store.get(draft.id).follow_up_of == final.id


async def test_columns_sort_from_the_keyboard_and_more_rows_load_on_scrolling(
    workspace: Workspace,
) -> None:
    for number in range(230):
        workspace.store.save_draft(
            consultation(case_reference=f"P-{number:03d}", day=1 + number % 28)
        )
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        assert table(app).row_count == 50
        await pilot.press("1")
        await wait_for(pilot, lambda: first_column(app)[0] == "BL-SG-2025-031")
        references = first_column(app)
        assert references == sorted(references)
        await pilot.press("1")
        await wait_for(pilot, lambda: first_column(app)[0] == "RYP-0310")
        assert "Case ref ↓" in str(table(app).columns["case_reference"].label)

        await pilot.press("end")
        await wait_for(pilot, lambda: table(app).row_count == 234)
        assert len(set(first_column(app))) == 234


async def test_a_case_chronology_opens_from_the_review_table(workspace: Workspace) -> None:
    first = finalise(workspace.store, consultation(case_reference="CH-1", day=2, reason="First"))
    workspace.store.save_draft(consultation(case_reference="CH-1", day=9, reason="Second"))
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = await open_review(pilot)
        await pilot.press("slash", *"CH-1", "enter")
        await wait_for(pilot, lambda: table(app).row_count == 2)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChronologyScreen))
        assert [e.summary for e in app.screen.entries] == ["First", "Second"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        assert app.screen.record.id == first.id
