"""Getting the app to a screen and letting it settle before its picture is taken.

The screens load their data in workers, through the store thread: a picture taken too early
would show "Loading" one run and the rows the next. `settled` waits until no worker is running
and the condition the story names holds, then stops every cursor blinking (a blinking cursor
is drawn or not depending on when the picture is taken). Only public Textual API is used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, TextArea

from tests.pilot_waits import wait_for

# What a test does to reach its screen, and the comparison of that screen with its SVG.
Story = Callable[[Pilot], Awaitable[None]]
Snap = Callable[[App, Story], bool]

# Workers that run as long as the app does: the type-ahead queue hands keys on for ever.
LIFELONG_GROUPS = {"type-ahead"}


def _workers_done(app: App) -> bool:
    return all(worker.is_finished or worker.group in LIFELONG_GROUPS for worker in app.workers)


def _steady_cursors(app: App) -> None:
    for screen in app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False
        for area in screen.query(TextArea):
            area.cursor_blink = False


async def settled(pilot: Pilot, ready: Callable[[], bool] = lambda: True) -> None:
    """Wait for the story's condition and for every worker; then hold the cursors still."""
    app = pilot.app
    await wait_for(pilot, lambda: ready() and _workers_done(app))
    _steady_cursors(app)
    await pilot.pause()
    await wait_for(pilot, lambda: ready() and _workers_done(app))


def showing(app: App, screen_type: type[Screen]) -> Callable[[], bool]:
    return lambda: isinstance(app.screen, screen_type)


async def press_for(pilot: Pilot, screen_type: type[Screen], *keys: str) -> None:
    """Press the keys, then wait until the screen they lead to has settled."""
    await pilot.press(*keys)
    await settled(pilot, showing(pilot.app, screen_type))


async def press_until(
    pilot: Pilot, key: str, condition: Callable[[], bool], *, most: int = 40
) -> None:
    """Press `key` until `condition` holds, as someone tabbing to a field does."""
    for _ in range(most):
        if condition():
            return
        await pilot.press(key)
        await pilot.pause()
    raise AssertionError(f"{key} pressed {most} times without reaching the field")


def select_row(table: DataTable, text: str) -> None:
    """Put the table's cursor on the first row with `text` in one of its cells."""
    for row in range(table.row_count):
        if any(text in str(cell) for cell in table.get_row_at(row)):
            table.move_cursor(row=row)
            return
    raise AssertionError(f"no row shows {text!r}")
