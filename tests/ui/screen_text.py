"""Plain-text captures of the screen, and text snapshots compared against tests/ui/snapshots/.

The capture is what a monochrome terminal would show: the characters, no colour. That is the
point — meaning must survive without colour — and text baselines diff readably in review.
Set UPDATE_SNAPSHOTS=1 to (re)write the baselines.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from pathlib import Path

from rich.cells import cell_len
from textual.app import App

SNAPSHOTS = Path(__file__).parent / "snapshots"

# Rich's SVG export places each run of text at x = column * character width, clipped to its
# line: <text class="…" x="…" y="…" textLength="…" clip-path="url(#terminal-…-line-N)">…</text>.
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="(?P<x>[0-9.]+)" y="[^"]*" textLength="(?P<length>[0-9.]+)" '
    r'clip-path="url\(#[^)]*-line-(?P<line>\d+)\)">(?P<text>.*?)</text>'
)


def svg_text(svg: str, height: int) -> str:
    """The characters of an SVG screenshot (``App.export_screenshot``), line by line."""
    runs: list[list[tuple[float, str]]] = [[] for _ in range(height)]
    char_width = 0.0
    for found in _SVG_TEXT.finditer(svg):
        text = html.unescape(found["text"]).replace("\u00a0", " ")
        if not char_width:
            char_width = float(found["length"]) / len(text)
        runs[int(found["line"])].append((float(found["x"]), text))
    lines = []
    for line in runs:
        shown = ""
        for x, text in sorted(line):
            shown = shown.ljust(round(x / char_width) - cell_len(shown) + len(shown)) + text
        lines.append(shown.rstrip())
    return "\n".join(lines) + "\n"


def screen_text(app: App) -> str:
    """The current screen (with any modal over it) as lines of plain text.

    Read from the app's own SVG screenshot, the public way to the composed screen.
    """
    return svg_text(app.export_screenshot(), app.size.height)


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
