"""Each pane of the consultation screen at 80x24 and 120x40, as text, against reviewed baselines
in tests/ui/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them after a deliberate change)."""

from __future__ import annotations

import time

import pytest

from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.record import Consultation, Practitioner
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.screen_text import assert_matches_snapshot


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch):
    """Times are shown in local time: pin it, so baselines do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("key", ["f2", "f3", "f4"])
async def test_each_pane_of_the_bruised_baby_example(size: tuple[int, int], key: str) -> None:
    app = ConsultationHarnessApp(bruised_baby())
    async with app.run_test(size=size) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert_matches_snapshot(app, f"consultation-bruised-baby-{key}-{size[0]}x{size[1]}")


async def test_a_new_consultation_at_80x24() -> None:
    app = ConsultationHarnessApp(Consultation(practitioner=Practitioner(name="Sam", role="DSL")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_matches_snapshot(app, "consultation-new-80x24")


async def test_the_finalise_problems_at_80x24() -> None:
    app = ConsultationHarnessApp(Consultation())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert_matches_snapshot(app, "consultation-finalise-problems-80x24")
