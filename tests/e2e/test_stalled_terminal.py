"""The worst way for a link to drop: the terminal stops reading first, then hangs up.

Over a congested SSH link the app's screen updates back up until Textual's output thread blocks
and its queue fills; when the link finally drops, that thread dies on the dead terminal and the
main thread is left blocked on the full queue. A hang-up handler that waits for the event loop
never runs then, and the app hangs for good with the case open. Here the test owns the terminal
(a pty it stops reading, then closes), so the sequence happens every time, not one drop in a
hundred.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.security.keys import select_keystore
from consult_tui.store.repository import RecordStore
from tests.e2e.tmux_session import isolated_env, process_alive
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them
EXIT_DEADLINE_SECONDS = 5.0


class Terminal:
    """consult-tui on a pty whose other end is this test."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, master = pty.fork()
        if pid == 0:  # the child: exec at once (only this thread was copied)
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid = pid
        self.master = master
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.seen = b""

    def read_until(self, text: str, timeout: float = 30.0) -> None:
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while wanted not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared on the terminal")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                with contextlib.suppress(OSError):
                    self.seen = (self.seen + os.read(self.master, 65536))[-200_000:]

    def drain(self, seconds: float) -> None:
        with contextlib.suppress(AssertionError):
            self.read_until("\0never\0", timeout=seconds)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def hang_up(self) -> None:
        os.close(self.master)

    def exited_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            finished, _ = os.waitpid(self.pid, os.WNOHANG)
            if finished:
                return True
            time.sleep(0.02)
        return False

    def kill(self) -> None:
        if process_alive(self.pid):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


@pytest.mark.real("dbus-daemon", "gnome-keyring-daemon")
@pytest.mark.parametrize("attempt", range(2))
def test_a_terminal_that_stops_reading_then_hangs_up_still_gets_a_save_and_an_exit(
    secret_service: SecretServiceSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    attempt: int,
) -> None:
    # The key in a real Secret Service: no Argon2, so each attempt takes a few seconds.
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    assert consult_tui(["init"]) == 0
    env = {
        **os.environ,
        **isolated_env(
            tmp_path / "xdg",
            CONSULT_TUI_KEYRING="secretservice",
            DBUS_SESSION_BUS_ADDRESS=secret_service.bus.address,
        ),
    }
    env.pop("COLORTERM", None)
    terminal = Terminal([sys.executable, "-m", "consult_tui.cli"], env)
    try:
        terminal.read_until("unlocked")
        terminal.drain(0.5)
        terminal.type("\x0e")  # ctrl+n
        terminal.read_until("Case facts")
        terminal.drain(0.5)
        terminal.type("STALL-")
        terminal.drain(1.5)  # saved by now: typed more than a second before the drop
        # Stop reading: the screen updates for these keys back up until Textual's output
        # thread blocks and its queue fills.
        for number in range(300):
            terminal.type(f"{number % 10}")
            time.sleep(0.005)
        time.sleep(1.0)
        terminal.hang_up()
        assert terminal.exited_within(EXIT_DEADLINE_SECONDS), "the app hung after the hang-up"
    finally:
        terminal.kill()

    settings = load_settings()
    keystore = select_keystore("secretservice")
    keystore.unlock()
    key = keystore.database_key(settings.database, create=False)
    with RecordStore.open(settings.database, key) as store:
        (summary,) = store.list_summaries()
        assert summary.case_reference.startswith("STALL-")
    capsys.readouterr()
    assert consult_tui(["doctor"]) == 0, capsys.readouterr().out
