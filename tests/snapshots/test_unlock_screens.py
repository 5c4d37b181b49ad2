"""The unlock screen as the practitioner first meets it: first use, the daily passphrase, and a
passphrase that does not open the key store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from consult_tui.ui.app import ConsultApp
from tests.snapshots.snapshot_steps import SIZE_IDS, SIZES, settled

pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def _message(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#unlock-message", Static).render())


def _asking(pilot: Pilot) -> bool:
    return (
        pilot.app.screen.query_one("#passphrase").display
        and not pilot.app.screen.query_one("#unlock-status").display
    )


def test_first_use_asks_for_a_new_passphrase_twice(
    snap_compare, unlock_app: Callable[[bool], ConsultApp], size: tuple[int, int]
) -> None:
    async def story(pilot: Pilot) -> None:
        await settled(pilot, lambda: _asking(pilot))

    assert snap_compare(unlock_app(False), terminal_size=size, run_before=story)


def test_the_passphrase_is_shown_only_as_dots_while_typed(
    snap_compare, unlock_app: Callable[[bool], ConsultApp], size: tuple[int, int]
) -> None:
    async def story(pilot: Pilot) -> None:
        await settled(pilot, lambda: _asking(pilot))
        await pilot.press(*"secret")
        await settled(pilot)

    assert snap_compare(unlock_app(True), terminal_size=size, run_before=story)


def test_a_wrong_passphrase_says_so_and_asks_again(
    snap_compare, unlock_app: Callable[[bool], ConsultApp], size: tuple[int, int]
) -> None:
    async def story(pilot: Pilot) -> None:
        await settled(pilot, lambda: _asking(pilot))
        await pilot.press(*"not my passphrase", "enter")
        await settled(pilot, lambda: "does not open" in _message(pilot))

    assert snap_compare(unlock_app(True), terminal_size=size, run_before=story)
