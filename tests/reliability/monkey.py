"""A seeded monkey: random keys on every screen of the real app, with a resize storm.

It drives ConsultApp under Pilot on a throwaway demo database with all four example
consultations. The keys are what a keyboard sends: printable characters, F1-F12, ctrl+letters,
Tab, Enter, Escape, arrows, Insert/Delete, Home/End, Page Up/Down. Only two things are held
back, because they end the run rather than test anything: ctrl+q (quit), and Enter while the
command palette is open (it could choose "Quit"). ctrl+l locks the demo for good (a demo has no
passphrase), so the monkey leaves it out here; the lock screen has its own storm of keys in
test_monkey.py.

Used by tests/reliability/test_monkey.py (a shorter run) and benchmarks/monkey.py (the full
20,000 keys).
"""

from __future__ import annotations

import random
import string
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from consult_tui import compat
from consult_tui.config import Settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp

PRINTABLE = list(string.ascii_letters + string.digits + " .,;:'\"!?-_/()[]{}<>@#$%^&*+=~`|\\")
NAMED = (
    [f"f{n}" for n in range(1, 13)]
    + ["tab", "shift+tab", "enter", "escape", "backspace", "delete", "insert", "home", "end"]
    + ["pageup", "pagedown", "up", "down", "left", "right", "space"]
    + ["alt+up", "alt+down", "shift+up", "shift+down", "ctrl+left", "ctrl+right"]
)
CTRL = [f"ctrl+{letter}" for letter in string.ascii_lowercase if letter not in "qlz"]
NEVER = {"ctrl+q", "ctrl+l", "ctrl+z"}  # quit, lock (a demo lock is quit-only), suspend
SMALLEST = (40, 12)
LARGEST = (200, 60)


@dataclass
class MonkeyReport:
    keys: int = 0
    resizes: int = 0
    seconds: float = 0.0
    screens: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        visited = ", ".join(f"{name} {count}" for name, count in self.screens.most_common())
        return (
            f"{self.keys} keys and {self.resizes} resizes in {self.seconds:.0f}s "
            f"({self.keys / max(self.seconds, 1e-9):.0f} keys/s); screens: {visited}; "
            f"problems: {len(self.problems)}"
        )


def random_key(chance: random.Random) -> str:
    roll = chance.random()
    if roll < 0.55:
        return chance.choice(PRINTABLE)
    if roll < 0.9:
        return chance.choice(NAMED)
    return chance.choice(CTRL)


def resize_storm(chance: random.Random, steps: int) -> list[tuple[int, int]]:
    """Down to 40x12, up to 200x60, and a few jumps between: where layouts break."""
    sizes = [SMALLEST, LARGEST, (80, 24)]
    for _ in range(steps):
        sizes.append(
            (chance.randint(SMALLEST[0], LARGEST[0]), chance.randint(SMALLEST[1], LARGEST[1]))
        )
    sizes.append((80, 24))
    return sizes


def key_event(key: str) -> events.Key:
    """The event a terminal key press becomes, built the way Pilot.press builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


async def type_burst(pilot: Pilot, keys: list[str]) -> None:
    """Keys arriving faster than the app handles them, as from a fast typist over SSH; the app
    is waited for once per burst, not once per key."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()


async def run_monkey(
    settings: Settings, *, keys: int, seed: int, burst: int = 8, resize_every: int = 400
) -> MonkeyReport:
    chance = random.Random(seed)
    report = MonkeyReport()
    began = time.monotonic()
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            next_storm = resize_every
            while report.keys < keys:
                screen = type(app.screen).__name__
                report.screens[screen] += 1
                batch: list[str] = []
                if screen == "CommandPalette":
                    # Search for something, then leave: Enter there could choose "Quit".
                    batch = [chance.choice(PRINTABLE) for _ in range(3)] + ["escape"]
                else:
                    while len(batch) < burst:
                        key = random_key(chance)
                        if key in NEVER:
                            continue
                        batch.append(key)
                        if key == "ctrl+p":  # what follows depends on the palette being open
                            break
                await type_burst(pilot, batch)
                report.keys += len(batch)
                if app.return_code is not None or compat.has_exit_message(app):
                    report.problems.append(f"the app stopped after key {report.keys}: {batch}")
                    break
                if resize_every and report.keys >= next_storm:
                    next_storm += resize_every
                    for width, height in resize_storm(chance, 6):
                        await pilot.resize_terminal(width, height)
                        report.resizes += 1
                    await pilot.pause()
            await pilot.pause()
        if app._exception is not None:
            report.problems.append(f"unhandled {type(app._exception).__name__}")
    crash_dir = Path(settings.paths.crash_dir)
    if crash_dir.exists() and any(crash_dir.iterdir()):
        report.problems.append(f"crash reports written in {crash_dir}")
    report.seconds = time.monotonic() - began
    return report
