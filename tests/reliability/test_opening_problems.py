"""Stories of opening when something is wrong: a damaged database, a locked desktop keyring, a
key that is not there. Each gets a calm screen that says what happened and what to do next;
nothing is changed, nothing crashes, no traceback reaches the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.lock import DamagedStoreScreen
from tests.reliability.app_driving import PASSPHRASE, screen_text, submit_passphrase, wait_for
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them


def unlock_message(app: ConsultApp) -> str:
    return str(app.screen.query_one("#unlock-message", Static).render())


def crash_reports(settings) -> list[Path]:
    folder = settings.paths.crash_dir
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_damaged_database_is_explained_and_left_exactly_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    assert consult_tui(["demo", "--no-ui", "--db", str(tmp_path / "examples.db")]) == 0
    settings = load_settings(tmp_path / "examples.db")
    # A few bytes of one page overwritten, as a failing disk or a careless copy would.
    damaged = bytearray(settings.database.read_bytes())
    middle = len(damaged) // 2
    damaged[middle : middle + 64] = bytes(64)
    settings.database.write_bytes(bytes(damaged))
    monkeypatch.delenv("CONSULT_TUI_PASSPHRASE")

    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "mode", "") == "enter")
        await submit_passphrase(pilot, "passphrase", PASSPHRASE)
        # A big store opens at once; the page check behind it finds the damage moments later.
        await wait_for(pilot, lambda: isinstance(app.screen, DamagedStoreScreen), timeout=20)
        shown = screen_text(app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert "The record store is damaged" in shown
    assert "HMAC verification failed" in shown and "backup" in shown
    assert "consult-tui doctor" in shown and "ctrl+q" in shown
    assert "Traceback" not in shown
    assert settings.database.read_bytes() == bytes(damaged)
    assert crash_reports(settings) == []  # explained, not a crash


@pytest.mark.real("dbus-daemon", "gnome-keyring-daemon")
async def test_a_locked_desktop_keyring_says_how_to_unlock_it_or_use_the_file_store(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    assert consult_tui(["init"]) == 0
    secret_service.lock_default_collection()
    settings = load_settings()
    before = settings.database.read_bytes()

    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "failed", timeout=20)
        message = unlock_message(app)
        shown = screen_text(app)
    assert "locked" in message and "Unlock it" in message
    assert "CONSULT_TUI_KEYRING=cryptfile" in message and "ctrl+q" in message
    assert "Traceback" not in shown
    assert secret_service.is_locked()  # nobody was prompted, nothing was unlocked behind us
    assert settings.database.read_bytes() == before


@pytest.mark.real("dbus-daemon", "gnome-keyring-daemon")
async def test_a_key_missing_from_the_desktop_keyring_is_never_replaced_by_a_new_one(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consult_tui.security.backends import secret_service_keyring
    from consult_tui.security.keys import KEYRING_SERVICE, database_key_name
    from consult_tui.security.signing import SIGNING_KEY_NAME

    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    assert consult_tui(["init"]) == 0
    settings = load_settings()
    before = settings.database.read_bytes()
    name = database_key_name(settings.database)
    # The keyring holds the database's key and the installation's signing key.
    assert sorted(secret_service.item_names(KEYRING_SERVICE)) == sorted([name, SIGNING_KEY_NAME])
    secret_service_keyring().delete_password(KEYRING_SERVICE, name)

    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "failed", timeout=20)
        message = unlock_message(app)
    assert str(settings.database) in message
    assert "will not create a new key" in message and "ctrl+q" in message
    assert secret_service.item_names(KEYRING_SERVICE) == [SIGNING_KEY_NAME]
    assert settings.database.read_bytes() == before


async def test_a_folder_given_as_the_database_is_named_a_folder_not_a_missing_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    folder = tmp_path / "records"
    folder.mkdir()
    settings = load_settings(folder)

    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "mode", "") == "failed", timeout=20)
        message = unlock_message(app)
    assert "is a folder, not a database file" in message
    assert str(folder / "consultations.db") in message
    assert "key" not in message.lower()
    assert crash_reports(settings) == []
    assert list(folder.iterdir()) == []
