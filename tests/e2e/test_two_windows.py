"""Two consult-tui windows on one database, in real terminals: the second is told the draft is
open elsewhere and shown it read-only; once the first lets go, the second carries on from the
first's last save; and both typing at once leave a sound database with every keystroke."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.security.keys import select_keystore
from consult_tui.store.repository import RecordStore
from tests.e2e.tmux_session import TmuxSession, isolated_env
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

HOME_READY = "consultations.db · unlocked"
APP = [sys.executable, "-m", "consult_tui.cli"]


def open_store() -> RecordStore:
    settings = load_settings()
    keystore = select_keystore("secretservice")
    keystore.unlock()
    return RecordStore.open(
        settings.database, keystore.database_key(settings.database, create=False)
    )


def window(env: dict[str, str]) -> TmuxSession:
    session = TmuxSession(APP, env)
    session.wait_for(HOME_READY, timeout=30)
    return session


def quit_window(session: TmuxSession) -> None:
    app = session.pid()
    session.press("C-q")
    assert session.wait_until_exited(app, 10), f"the window did not quit:\n{session.screen()}"


@pytest.fixture
def two_window_env(
    secret_service: SecretServiceSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    assert consult_tui(["init"]) == 0
    return isolated_env(
        tmp_path / "xdg",
        CONSULT_TUI_KEYRING="secretservice",
        DBUS_SESSION_BUS_ADDRESS=secret_service.bus.address,
    )


@pytest.mark.real("tmux", "dbus-daemon", "gnome-keyring-daemon")
def test_a_draft_open_in_one_window_is_read_only_in_another_until_it_is_let_go(
    two_window_env: dict[str, str],
) -> None:
    first = window(two_window_env)
    second = None
    try:
        first.press("C-n")
        first.wait_for("Case facts")
        first.type("TWO-WIN-A")
        time.sleep(1.2)

        second = window(two_window_env)
        second.wait_for("TWO-WIN-A")
        second.press("Enter")
        second.wait_for("open in another")
        # The note can show a moment before the record it is about: wait for the record itself.
        shown = second.wait_for("DRAFT")
        assert "open in another" in shown and "TWO-WIN-A" in shown
        # Asking to edit it again changes nothing while the first window has it.
        second.press("e")
        second.wait_for("open in another")
        assert "Case facts" not in second.screen()

        first.type("-MORE")
        time.sleep(1.2)
        quit_window(first)

        second.press("e")
        second.wait_for("Case facts")
        second.wait_for("TWO-WIN-A-MORE")  # carried on from the first window's last save
        second.press("End")
        second.type("-B")
        time.sleep(1.2)
        quit_window(second)
    finally:
        first.close()
        if second is not None:
            second.close()

    with open_store() as store:
        (summary,) = store.list_summaries()
        assert summary.case_reference == "TWO-WIN-A-MORE-B"
        assert store.integrity_check() == "ok"
        assert store.verify_audit().ok


@pytest.mark.real("tmux", "dbus-daemon", "gnome-keyring-daemon")
def test_two_windows_typing_at_once_keep_every_keystroke_and_a_sound_database(
    two_window_env: dict[str, str],
) -> None:
    windows = [window(two_window_env), window(two_window_env)]
    try:
        for session in windows:
            session.press("C-n")
        for session in windows:
            session.wait_for("Case facts")
        typed = ["", ""]
        for burst in range(30):
            for number, session in enumerate(windows):
                text = f"{'AB'[number]}{burst:02d}."
                session.type(text)
                typed[number] += text
            time.sleep(0.05)
        time.sleep(1.2)
        for session in windows:
            quit_window(session)
    finally:
        for session in windows:
            session.close()

    with open_store() as store:
        saved = sorted(summary.case_reference for summary in store.list_summaries())
        assert saved == sorted(typed)
        assert store.integrity_check() == "ok"
        assert store.verify_audit().ok
