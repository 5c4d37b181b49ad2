"""Nothing is cut without a sign: table columns take the width their content needs, up to the
room there is, and anything cut ends in "…"; the command line cuts notes at a word boundary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.text_fit import ELLIPSIS, cut, cut_words, fit_widths
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.chronology import ChronologyScreen
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.review import ReviewScreen
from consult_tui.ui.widgets.review_table import ReviewTable
from consult_tui.workspace import Workspace
from tests.pilot_waits import wait_for
from tests.review.review_helpers import consultation, finalise
from tests.ui.screen_text import screen_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LONG_REASON = (
    "Shared with the school nurse because the bruising pattern and the account given did not "
    "match, and the child said she was frightened to go home after school on Fridays"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as opened:
        finalise(
            opened.store,
            consultation(
                case_reference="BL-SG-2025-031",
                practitioner="Siobhán O'Callaghan-Whitfield",
                child="Zoë",
                reason=LONG_REASON,
                day=3,
            ),
        )
        yield opened


def _shown_cells(text: str) -> list[str]:
    return [line for line in text.splitlines() if "BL-SG-2025" in line]


@pytest.mark.parametrize("size", SIZES)
async def test_the_home_list_shows_a_whole_case_reference(workspace, size) -> None:
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=size
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "BL-SG-2025-031" in screen_text(app))
        row = _shown_cells(screen_text(app))[0]
        assert "BL-SG-2025-031" in row


@pytest.mark.parametrize("size", SIZES)
async def test_review_headings_are_whole_or_end_in_an_ellipsis(workspace, size) -> None:
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=size
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f5")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReviewScreen)
                and app.screen.query_one(ReviewTable).row_count > 0
            ),
        )
        await pilot.pause()
        grid = app.screen.query_one(ReviewTable)
        shown = screen_text(app)
        for column, width in zip(grid.ordered_columns, grid.fitted.widths, strict=True):
            heading = str(column.label)
            assert heading in shown or heading[: width - 1] + ELLIPSIS in shown, heading
        for heading in ("Status", "Review", "Case ref"):
            assert heading in shown
        if size == (120, 40):
            assert "Practitioner" in shown
            assert "Siobhán O'Callaghan-Whitfield" in shown
        else:
            assert "Practitio " not in shown and "Statu " not in shown


@pytest.mark.parametrize("size", SIZES)
async def test_the_chronology_gives_every_column_its_own_cell(workspace, size) -> None:
    workspace.store.save_draft(
        consultation(case_reference="BL-SG-2025-031", day=9, reason="Second look")
    )
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=size
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.push_screen(
            ChronologyScreen(
                "BL-SG-2025-031", workspace.store.chronology("BL-SG-2025-031", child=None)
            )
        )
        await wait_for(pilot, lambda: isinstance(app.screen, ChronologyScreen))
        await pilot.pause()
        table = app.screen.query_one("#chronology-table")
        assert len(table.ordered_columns) == 7
        first = [str(c) for c in table.get_row_at(0)]
        assert len(first) == 7
        assert first[5] == "Final" and first[6].startswith("Shared with the school nurse")
        shown = screen_text(app)
        note_line = next(line for line in shown.splitlines() if "Shar" in line)
        assert ELLIPSIS in note_line  # the long reason is cut with a sign


# -- the cutting itself ---------------------------------------------------------------------------


def test_a_cli_note_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    cut_note = cut_words(LONG_REASON, 60)
    assert cut_note.endswith(ELLIPSIS) and len(cut_note) <= 60
    assert LONG_REASON.startswith(cut_note[:-1])
    assert LONG_REASON[len(cut_note) - 1] == " "  # cut between words


@given(st.text(max_size=200), st.integers(min_value=0, max_value=120))
def test_cut_text_fits_and_says_so(text: str, width: int) -> None:
    for cutter in (cut, cut_words):
        shown = cutter(text, width)
        assert len(shown) <= width
        if shown != text:
            assert shown.endswith(ELLIPSIS) or width == 0
        else:
            assert len(text) <= width


@given(
    st.lists(st.tuples(st.integers(1, 80), st.integers(1, 12)), min_size=1, max_size=9),
    st.integers(0, 300),
)
def test_fitted_widths_use_the_room_and_keep_each_minimum(columns, available) -> None:
    natural = [n for n, _ in columns]
    minimum = [min(m, n) for n, m in columns]
    widths = fit_widths(natural, available, minimum)
    assert all(m <= w <= n for w, n, m in zip(widths, natural, minimum, strict=True))
    if sum(natural) <= available:
        assert widths == natural
    else:
        assert sum(widths) == max(available, sum(minimum))
