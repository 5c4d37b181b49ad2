"""A bug strikes while a practitioner types a case: in a real terminal the app says so calmly,
keeps the draft, writes a private crash report without the case text, and shows no traceback."""

from __future__ import annotations

import stat
import sys
import time
from pathlib import Path

import pytest

from consult_tui.config import load_settings
from consult_tui.security.keys import select_keystore
from consult_tui.store.repository import RecordStore
from tests.e2e.tmux_session import TmuxSession, isolated_env

PASSPHRASE = "lantern orchard quietly river"
CANARY = "CRASHCANARY-Zoe-5512"
DRIVER = Path(__file__).with_name("crash_driver.py")


@pytest.mark.real("tmux")
def test_a_crash_mid_typing_is_calm_keeps_the_draft_and_leaks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "records.db"
    env = isolated_env(tmp_path / "xdg", CONSULT_TUI_PASSPHRASE=PASSPHRASE)
    session = TmuxSession([sys.executable, str(DRIVER), "demo", "--db", str(database)], env)
    try:
        session.wait_for("unlocked", timeout=30)
        session.press("C-n")
        session.wait_for("Case facts")
        session.type(CANARY)
        time.sleep(1.0)
        app = session.pid()
        session.type("!")  # the planted bug goes off
        assert session.wait_until_exited(app, 15), f"the app did not stop:\n{session.screen()}"
        last_words = session.screen()
    finally:
        session.close()

    assert "stopped because of an unexpected error" in last_words
    assert "Your draft was saved" in last_words
    assert "Traceback" not in last_words and "ValueError" not in last_words
    assert CANARY not in last_words

    settings_env = {name: value for name, value in env.items() if name.startswith("XDG_")}
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(database)
    reports = sorted(settings.paths.crash_dir.iterdir())
    assert len(reports) == 1
    report = reports[0]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    assert "builtins.ValueError" in text and "crash_driver.py" in text
    assert CANARY not in text and "Zoe" not in text
    assert "withheld" in text

    # The draft holds what was typed before the bug went off.
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    keystore = select_keystore("cryptfile", paths=settings.paths)
    keystore.unlock(PASSPHRASE)
    key = keystore.database_key(database, create=False)
    with RecordStore.open(database, key) as store:
        references = [summary.case_reference for summary in store.list_summaries()]
    assert any(reference.startswith(CANARY) for reference in references)
    # And nothing else the app wrote holds the case text in the clear.
    for folder in (settings.paths.crash_dir, tmp_path / "xdg" / "state"):
        for path in folder.rglob("*"):
            if path.is_file():
                assert CANARY.encode() not in path.read_bytes(), path
