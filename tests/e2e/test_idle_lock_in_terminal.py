"""Walking away from an SSH session: after the configured idle time the real terminal shows the
lock screen and nothing of the case (not even in tmux's copy of the screen); Enter alone does
not lift it, a wrong passphrase does not, the right one brings the consultation back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.ssh_server import remote_app_command, ssh_server
from tests.e2e.tmux_session import TmuxSession, isolated_env

PASSPHRASE = "lantern orchard quietly river"
CANARY = "IdleCanary42"


def words(screen: str) -> str:
    """The screen's text as one line, box edges and wrapping left out."""
    return " ".join(screen.replace("┃", " ").split())


@pytest.mark.real("tmux", "sshd", "ssh")
def test_the_idle_lock_hides_the_case_in_the_real_terminal_until_the_passphrase(
    tmp_path: Path,
) -> None:
    home = tmp_path / "xdg"
    config = home / "config" / "consult-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[security]\nidle_lock_minutes = 0.05\n")  # 3 seconds
    env = isolated_env(home)

    with ssh_server(tmp_path / "sshd") as server:
        session = TmuxSession(server.client(remote_app_command(env)), {"TERM": "xterm-256color"})
        try:
            session.wait_for("First use on this account", timeout=30)
            session.type(PASSPHRASE)
            session.press("Enter")
            time.sleep(0.3)
            session.type(PASSPHRASE)
            session.press("Enter")
            session.wait_for("No consultations yet", timeout=30)
            session.press("C-n")
            session.wait_for("Case facts")
            time.sleep(0.5)
            session.type(CANARY)
            session.wait_for(CANARY)

            locked = words(session.wait_for("consult-tui is locked", timeout=10))
            assert "after 0.05 minutes without a key press. Your draft was saved." in locked
            assert CANARY not in locked and CANARY not in session.screen_with_styles()

            session.press("Enter")
            session.wait_for("Type your passphrase, then press Enter.")
            session.type("not my passphrase at all")
            session.press("Enter")
            after_wrong = session.wait_for("does not open", timeout=20)
            assert "consult-tui is locked" in after_wrong and CANARY not in after_wrong

            session.type(PASSPHRASE)
            session.press("Enter")
            back = session.wait_for(CANARY, timeout=20)
            assert "Case facts" in back
        finally:
            session.close()
