"""Stories of opening consult-tui: unlocking, the list of consultations, starting a new one."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.unlock import UnlockScreen
from tests.pilot_waits import wait_for

PASSPHRASE = "lantern orchard quietly river"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    return load_settings(tmp_path / "data" / "consultations.db")


def message_text(app: ConsultApp) -> str:
    return str(app.screen.query_one("#unlock-message", Static).render())


async def type_passphrase(pilot: Pilot, first: str, again: str | None = None) -> None:
    screen = pilot.app.screen
    screen.query_one("#passphrase", Input).value = first
    if again is not None:
        screen.query_one("#passphrase-again", Input).value = again
    screen.query_one("#passphrase", Input).focus()
    await pilot.press("enter")
    if again is not None:
        await pilot.press("enter")


async def unlock_first_time(pilot: Pilot) -> None:
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, UnlockScreen) and app.screen.mode == "create"
    )
    await type_passphrase(pilot, PASSPHRASE, PASSPHRASE)
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_first_use_asks_for_a_passphrase_twice_and_refuses_a_weak_one(settings):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "create")
        assert app.screen.query_one("#passphrase-again", Input).display
        await type_passphrase(pilot, "short", "short")
        await wait_for(pilot, lambda: message_text(app) != "")
        assert app.screen.mode == "create"
        await type_passphrase(pilot, PASSPHRASE, PASSPHRASE + " typo")
        await wait_for(pilot, lambda: "differ" in message_text(app))
        assert not settings.database.exists()


async def test_first_use_opens_an_empty_list_that_says_how_to_start(settings):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first_time(pilot)
        empty = app.screen.query_one("#home-empty", Static)
        assert empty.display
        assert "ctrl+n" in str(empty.render())
        assert "unlocked" in app.sub_title
    assert settings.database.exists()


async def test_a_wrong_passphrase_says_so_and_the_right_one_unlocks(settings):
    async with ConsultApp(settings).run_test(size=(80, 24)) as pilot:
        await unlock_first_time(pilot)
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "enter")
        assert not app.screen.query_one("#passphrase-again", Input).display
        await type_passphrase(pilot, "a wrong passphrase entirely")
        await wait_for(pilot, lambda: app.screen.mode == "enter" and message_text(app) != "")
        assert "passphrase" in message_text(app).lower()
        await type_passphrase(pilot, PASSPHRASE)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_lost_key_store_is_explained_and_no_new_key_is_made(settings):
    async with ConsultApp(settings).run_test(size=(80, 24)) as pilot:
        await unlock_first_time(pilot)
    settings.paths.cryptfile_keyring.unlink()
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "failed")
        text = message_text(app)
        assert str(settings.database) in text
        assert "ctrl+q" in text
    assert not settings.paths.cryptfile_keyring.exists()


async def test_the_demo_lists_its_consultations_newest_first(settings):
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            table = app.screen.query_one("#home-table", DataTable)
            await wait_for(pilot, lambda: table.row_count == 4)
            updated = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert updated == sorted(updated, reverse=True)
            assert "4 consultations" in str(app.screen.query_one("#home-attention").render())


async def test_case_references_in_the_list_are_shown_as_typed_never_as_markup(settings):
    from consult_tui.domain.examples import bruised_baby
    from consult_tui.domain.record import new_id

    with open_throwaway_demo(settings) as workspace:
        record = bruised_baby()
        record.id = new_id()
        record.case_reference = "[red]HV-1[/red]\x1b]0;owned\x07"
        workspace.store.save_draft(record)
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.screen.query_one("#home-table", DataTable)
            await wait_for(pilot, lambda: table.row_count == 5)
            cells = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            assert "[red]HV-1[/red]␛]0;owned␇" in cells


async def test_a_new_consultation_starts_in_the_case_reference_and_is_saved_within_a_second(
    settings,
):
    from consult_tui.store.repository import RecordStore

    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first_time(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConsultationScreen")
        await wait_for(pilot, lambda: app.focused is not None)
        assert app.focused.id == "case-reference"
        await pilot.press(*"HV-2291")
        record_id = app.screen.record.id
        await asyncio.sleep(1.0)
        await pilot.pause()
        key = app.workspace.keystore.database_key(settings.database, create=False)
        other = RecordStore.open(settings.database, key)
        try:
            assert other.get(record_id).case_reference == "HV-2291"
        finally:
            other.close()


async def test_the_command_palette_offers_a_new_consultation(settings):
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert "New consultation" in titles
            assert "Open the selected consultation" in titles
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert type(app.screen).__name__ == "CommandPalette"
