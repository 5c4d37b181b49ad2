"""The footer at 80 columns: the keys that fit, in an order that stays still while the
practitioner moves between fields, and always the way to every other key."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.examples import bruised_baby
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.widgets.key_footer import KeyFooter
from tests.pilot_waits import wait_for
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.screen_text import screen_text


def footer_line(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_the_consultation_footer_stays_still_while_tabbing_through_fields() -> None:
    app = ConsultationHarnessApp(bruised_baby())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = footer_line(app)
        assert first.strip().startswith("F1 Help  F2/F3/F4 Panes  F9 Finalise")
        assert first.rstrip().endswith("^p all keys") and len(first) <= 80
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
            assert footer_line(app) == first
        await pilot.press("f4")
        await pilot.pause()
        assert footer_line(app) == first


@pytest.fixture
def demo_app(tmp_path: Path):
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as workspace:
        yield ConsultApp(workspace.settings, demo_workspace=workspace)


async def test_the_list_offers_review_rather_than_itself(demo_app: ConsultApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(demo_app.screen, HomeScreen))
        await wait_for(pilot, lambda: bool(demo_app.screen.query_one(KeyFooter).entries))
        line = footer_line(demo_app)
        assert "F5 Review" in line and "F10 List" not in line
        assert line.rstrip().endswith("^p all keys")


async def test_a_locked_screen_offers_quit_and_no_palette(demo_app: ConsultApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(demo_app.screen, HomeScreen))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: type(demo_app.screen).__name__.endswith("LockScreen"))
        await wait_for(pilot, lambda: bool(demo_app.screen.query_one(KeyFooter).entries))
        assert footer_line(demo_app).strip() == "^q Quit"
