"""Stories of walking away: the screen locks (idle time or ctrl+l), the draft is saved first,
nothing of the case stays on screen, and only the passphrase brings it back."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.lock import LockScreen
from tests.reliability.app_driving import (
    PASSPHRASE,
    focused_id,
    screen_named,
    screen_text,
    submit_passphrase,
    unlock,
    wait_for,
)
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

CANARY = "LOCKCANARY7"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    return load_settings(tmp_path / "data" / "consultations.db")


def lock_message(app: ConsultApp) -> str:
    return str(app.screen.query_one("#lock-message", Static).render())


async def start_consultation(pilot, text: str) -> str:
    app = pilot.app
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: screen_named(app, "ConsultationScreen"))
    await wait_for(pilot, lambda: focused_id(app) == "case-reference")
    await pilot.press(*text)
    return app.screen.record.id


async def test_ctrl_l_saves_first_hides_the_case_and_only_the_passphrase_lifts_it(settings):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, first_time=True)
        record_id = await start_consultation(pilot, CANARY)
        assert CANARY in screen_text(app)

        # Locked at once, before the autosave's half second: the lock itself saved the draft.
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.workspace.store.get(record_id).case_reference == CANARY
        shown = screen_text(app)
        assert CANARY not in shown
        assert "consult-tui is locked" in shown and "Your draft was saved." in shown
        assert not app.workspace.keystore.is_unlocked

        # Enter alone, and every way elsewhere, leave it locked.
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Type your passphrase" in lock_message(app))
        for key in ("ctrl+n", "f10", "f5", "ctrl+p", "escape", "ctrl+l"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), f"{key} got past the lock"
        assert CANARY not in screen_text(app)

        await submit_passphrase(pilot, "lock-passphrase", "not the passphrase at all")
        await wait_for(pilot, lambda: "does not open" in lock_message(app), timeout=20)
        assert isinstance(app.screen, LockScreen)

        await submit_passphrase(pilot, "lock-passphrase", PASSPHRASE)
        await wait_for(pilot, lambda: screen_named(app, "ConsultationScreen"), timeout=20)
        assert app.workspace.keystore.is_unlocked
        assert CANARY in screen_text(app)
        # Typing carries on where it stopped, and is saved as before.
        await pilot.press("X")
        await asyncio.sleep(0.8)
        await pilot.pause()
        assert app.workspace.store.get(record_id).case_reference == CANARY + "X"


async def test_idle_time_locks_but_key_presses_keep_it_open(settings):
    quick = dataclasses.replace(settings, idle_lock_minutes=0.02)  # 1.2 s
    with open_throwaway_demo(quick) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            for _ in range(6):  # 2.4 s of someone at the keyboard
                await pilot.press("down")
                await asyncio.sleep(0.4)
            assert isinstance(app.screen, HomeScreen)
            await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), timeout=5)
            shown = screen_text(app)
            assert "after 0.02 minutes without a key press" in shown
            # A demo has no passphrase: the lock is left by quitting, never lifted by Enter.
            assert "demo has no passphrase" in shown
            assert not app.screen.query_one("#lock-passphrase", Input).display
            await pilot.press("enter", "space", "a")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            await pilot.press("ctrl+q")
            await wait_for(pilot, lambda: app.return_code is not None)
        assert app.return_code == 0


async def test_with_the_desktop_keyring_the_lock_explains_it_can_only_be_left_by_quitting(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    settings = load_settings(tmp_path / "data" / "consultations.db")
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        record_id = await start_consultation(pilot, CANARY)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        shown = screen_text(app)
        assert CANARY not in shown
        assert "desktop keyring" in shown and "ctrl+q" in shown
        assert not app.screen.query_one("#lock-passphrase", Input).display
        assert app.workspace.store.get(record_id).case_reference == CANARY
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
