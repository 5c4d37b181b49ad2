"""Plain-text captures of the screen, and text snapshots compared against tests/ui/snapshots/.

The capture is what a monochrome terminal would show: the characters, no colour. That is the
point — meaning must survive without colour — and text baselines diff readably in review.
Set UPDATE_SNAPSHOTS=1 to (re)write the baselines.
"""

from __future__ import annotations

import difflib
import io
import os
from pathlib import Path

from rich.console import Console
from textual.app import App

from consult_tui import compat

SNAPSHOTS = Path(__file__).parent / "snapshots"


def screen_text(app: App) -> str:
    """The current screen (with any modal over it) as lines of plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = compat.whole_screen_update(app)
    console.print(update)
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def assert_matches_snapshot(app: App, name: str) -> None:
    actual = screen_text(app)
    baseline = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not baseline.exists():
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            raise AssertionError(
                f"No baseline {baseline.name}; run with UPDATE_SNAPSHOTS=1 to write it, "
                "then review it."
            )
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        baseline.write_text(actual, encoding="utf-8")
        return
    expected = baseline.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{name} (baseline)",
                tofile=f"{name} (now)",
            )
        )
        raise AssertionError(f"Screen differs from {baseline.name}:\n{diff}")
