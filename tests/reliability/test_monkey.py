"""Random keys on every screen, and a resize storm from 40x12 to 200x60: the app never crashes,
never logs an error, never quits by itself. (The full 20,000 keys: benchmarks/monkey.py.)"""

from __future__ import annotations

import os
import random
import sys

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.lock import LockScreen
from tests.reliability.app_driving import screen_text, wait_for
from tests.reliability.monkey import PRINTABLE, random_key, run_monkey, type_burst

# Read at import: the autouse fixture clears CONSULT_TUI_* before each test runs.
KEYS = int(os.environ.get("CONSULT_TUI_MONKEY_KEYS", "2000"))
SEED = int(os.environ.get("CONSULT_TUI_MONKEY_SEED", "20000"))
SCREENS_TO_REACH = {"HomeScreen", "ConsultationScreen", "ReviewScreen", "FinaliseProblemsScreen"}


async def test_random_keys_and_resizes_on_every_screen_never_break_the_app() -> None:
    report = await run_monkey(load_settings(), keys=KEYS, seed=SEED, burst=12)
    print(f"\nmonkey (seed {SEED}): {report.summary()}", file=sys.stderr)
    assert not report.problems, report.problems
    assert report.keys >= KEYS and report.resizes > 0
    assert set(report.screens) >= SCREENS_TO_REACH, report.screens


async def test_the_lock_screen_stands_up_to_random_keys_and_shows_nothing_of_the_case() -> None:
    chance = random.Random(SEED)
    with open_throwaway_demo(load_settings()) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            await pilot.press("ctrl+l")
            await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
            for _ in range(40):
                burst = [k for k in (random_key(chance) for _ in range(10)) if k != "ctrl+q"]
                burst += [chance.choice(PRINTABLE), "enter", "ctrl+p", "f10", "ctrl+n"]
                await type_burst(pilot, burst)
                assert isinstance(app.screen, LockScreen)
                shown = screen_text(app)
                assert "HV-2025" not in shown and "Baby" not in shown
            assert app.return_code is None and app._exception is None
