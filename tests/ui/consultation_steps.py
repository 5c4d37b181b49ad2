"""Keyboard steps the consultation stories are written in: go to a field, type, choose, tick.

Each step moves the focus the way finalise's "go to field" does, then presses real keys, so the
screen sees exactly what a practitioner's keyboard sends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.widgets.choice_row import ChoiceRow
from consult_tui.ui.widgets.proportionality_panel import NoteList, ProportionalityPanel
from consult_tui.ui.widgets.record_binding import get_at
from consult_tui.ui.widgets.tick_box import Tick


def screen_of(pilot: Pilot) -> ConsultationScreen:
    for screen in reversed(pilot.app.screen_stack):
        if isinstance(screen, ConsultationScreen):
            return screen
    raise AssertionError("the consultation screen is not showing")


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for what a step set off to show. Waiting for the CPU to go idle is not enough on a
    busy machine: a starved test process looks idle while messages are still queued."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout}s")
        await pilot.pause(0.02)


async def go_to(pilot: Pilot, path: str, member: str | None = None) -> Any:
    screen = screen_of(pilot)
    target = screen.focus_field(path, member)
    assert target is not None, f"no field for {path}"
    await until(pilot, lambda: screen.focused is target)
    return target


def toasts(pilot: Pilot) -> str:
    """The words of the notifications showing now."""
    return "\n".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused text field, key by key."""
    field = screen_of(pilot).focused
    assert isinstance(field, TextArea)
    await pilot.press(*("space" if c == " " else c for c in text))
    await until(pilot, lambda: field.text.endswith(text))


async def paste(pilot: Pilot, text: str) -> None:
    """Paste into the focused field, as a terminal's bracketed paste delivers it."""
    field = screen_of(pilot).focused
    assert isinstance(field, TextArea)
    before = field.text
    pilot.app.post_message(events.Paste(text))  # as the terminal driver delivers it
    await until(pilot, lambda: field.text != before)


async def fill(pilot: Pilot, path: str, text: str) -> None:
    """Go to a field and paste into it (typing long text key by key only slows the story)."""
    await go_to(pilot, path)
    await paste(pilot, text)


async def choose(pilot: Pilot, path: str, value: Any) -> None:
    """Press → until the choice shows ``value``, as a practitioner would (letters pick nothing)."""
    row = await go_to(pilot, path)
    assert isinstance(row, ChoiceRow), f"{path} is not a choice"
    labels = dict(row.options)
    assert value in labels, f"{path} never offers {value!r}"
    for _ in range(len(row.options)):
        if row.value == value:
            return
        before = row.index
        await pilot.press("right")
        await until(pilot, lambda before=before: row.index != before)
    assert row.value == value, f"{path} never showed {value!r}"


async def tick(pilot: Pilot, path: str, member: str | None = None, *, ticked: bool = True) -> None:
    """Go to a tick box (one member of a list field, if given) and make it show ``ticked``."""
    box = await go_to(pilot, path, member)
    assert isinstance(box, Tick), f"{path} is not a tick box"
    if box.ticked != ticked:
        await pilot.press("space")
        await until(pilot, lambda: box.ticked == ticked)


async def add_row(pilot: Pilot, list_path: str) -> None:
    """Insert in a list: from its heading when empty, else after the current row; the new
    row's first field takes the focus."""
    screen = screen_of(pilot)
    await go_to(pilot, list_path)
    count = len(get_at(screen.record, list_path))
    await pilot.press("insert")
    await until(
        pilot,
        lambda: (
            len(get_at(screen.record, list_path)) == count + 1
            and isinstance(screen.focused, TextArea)
        ),
    )


def panel_text(pilot: Pilot) -> str:
    """Everything the proportionality panel says, as plain text (even parts scrolled away)."""
    panel = screen_of(pilot).query_one(ProportionalityPanel)
    parts = [str(static.content) for static in panel.query(Static) if static.display]
    notes = panel.query_one(NoteList)
    parts.extend(note.text for note in notes.notes)
    return "\n".join(parts)


def lean_line(pilot: Pilot) -> str:
    return str(screen_of(pilot).query_one("#panel-lean", Static).content)


def options_text(option_list: OptionList) -> list[str]:
    return [str(option.prompt) for option in option_list.options]
