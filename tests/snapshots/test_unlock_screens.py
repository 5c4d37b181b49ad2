"""The unlock screen as the practitioner first meets it: first use, the daily passphrase, and a
passphrase that does not open the key store."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from consult_tui.ui.app import ConsultApp
from tests.snapshots.snapshot_steps import Snap, settled

UnlockApp = Callable[[bool], ConsultApp]


def _asking(pilot: Pilot) -> bool:
    """The key store is chosen and the passphrase field waits for typing."""
    screen = pilot.app.screen
    still_opening = screen.query_one("#unlock-status").display
    return screen.query_one("#passphrase").display and not still_opening


async def asked_for_the_passphrase(pilot: Pilot) -> None:
    await settled(pilot, lambda: _asking(pilot))


async def typing_the_passphrase(pilot: Pilot) -> None:
    await asked_for_the_passphrase(pilot)
    await pilot.press(*"secret")
    await settled(pilot)


async def typing_a_wrong_passphrase(pilot: Pilot) -> None:
    await asked_for_the_passphrase(pilot)
    await pilot.press(*"not my passphrase", "enter")
    message = pilot.app.screen.query_one("#unlock-message", Static)
    await settled(pilot, lambda: "does not open" in str(message.render()))


def test_first_use_asks_for_a_new_passphrase_twice(snap: Snap, unlock_app: UnlockApp) -> None:
    assert snap(unlock_app(False), asked_for_the_passphrase)


def test_the_passphrase_is_shown_only_as_dots_while_typed(
    snap: Snap, unlock_app: UnlockApp
) -> None:
    assert snap(unlock_app(True), typing_the_passphrase)


def test_a_wrong_passphrase_says_so_and_asks_again(snap: Snap, unlock_app: UnlockApp) -> None:
    assert snap(unlock_app(True), typing_a_wrong_passphrase)
