"""Driving the real app under Pilot for the reliability stories: unlock, wait, read the screen."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.unlock import UnlockScreen
from tests.pilot_waits import wait_for
from tests.ui.screen_text import screen_text

__all__ = [
    "PASSPHRASE",
    "focused_id",
    "screen_named",
    "screen_text",
    "submit_passphrase",
    "unlock",
    "wait_for",
]

PASSPHRASE = "lantern orchard quietly river"


async def submit_passphrase(pilot: Pilot, field_id: str, passphrase: str) -> None:
    field = pilot.app.screen.query_one(f"#{field_id}", Input)
    field.value = passphrase
    field.focus()
    await pilot.press("enter")


async def unlock(pilot: Pilot, *, first_time: bool) -> None:
    """Unlock the encrypted-file key store as a person would: the passphrase (twice, first time)."""
    app = pilot.app
    wanted = "create" if first_time else "enter"
    await wait_for(
        pilot, lambda: isinstance(app.screen, UnlockScreen) and app.screen.mode == wanted
    )
    screen = app.screen
    screen.query_one("#passphrase", Input).value = PASSPHRASE
    if first_time:
        screen.query_one("#passphrase-again", Input).value = PASSPHRASE
    screen.query_one("#passphrase", Input).focus()
    await pilot.press("enter")
    if first_time:
        await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


def focused_id(app: App) -> str:
    return (app.focused.id or "") if app.focused is not None else ""


def screen_named(app: App, name: str) -> bool:
    return type(app.screen).__name__ == name
