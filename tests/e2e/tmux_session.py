"""A real terminal for end-to-end tests: the app runs in a tmux pane we type into and read."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from pathlib import Path


class TmuxSession:
    """One detached tmux session running one command at a fixed size.

    Each session has a tmux server of its own (a private socket): other tmux users on the
    machine, other tests and their environments cannot reach into it, and its panes stay
    readable after the program exits (remain-on-exit is set before the pane starts).
    """

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)):
        self.name = f"ct-{uuid.uuid4().hex[:8]}"
        self.socket = f"consult-tui-{self.name}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # `exec` so the pane's process is the app itself and signals reach it directly.
        shell = f"exec env {exports} {shlex.join(command)}"
        subprocess.run(
            [
                *self._tmux_command(),
                "-f",
                os.devnull,
                "start-server",
                ";",
                "set-option",
                "-g",
                "remain-on-exit",
                "on",
                ";",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shell,
            ],
            check=True,
            env={**os.environ, **env},
        )

    def _tmux_command(self) -> list[str]:
        return ["tmux", "-L", self.socket]

    def _tmux(self, *args: str, check: bool = False) -> str:
        return subprocess.run(
            [*self._tmux_command(), *args], capture_output=True, text=True, check=check
        ).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def screen_with_styles(self) -> str:
        """The screen with its colours and attributes as escape sequences (tmux's own encoding)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", self.name)

    def display(self, format_string: str) -> str:
        """A tmux format for the pane, e.g. "#{pane_title}" or "#{pane_dead}"."""
        return self._tmux("display-message", "-p", "-t", self.name, format_string).strip()

    def is_dead(self) -> bool:
        return self.display("#{pane_dead}") == "1"

    def wait_until_exited(self, pid: int, timeout: float = 10.0) -> bool:
        """Whether the pane's program (``pid``, from pid() while it ran) ended within ``timeout``.

        Judged by the process itself: tmux can leave an exited program unreaped for a while,
        and only then says "Pane is dead".
        """
        deadline = time.monotonic() + timeout
        while process_alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")
            time.sleep(0.05)

    def type(self, text: str) -> None:
        # "--": text that starts with "-" is typed, not read as an option.
        self._tmux("send-keys", "-t", self.name, "-l", "--", text, check=True)

    def paste(self, text: str) -> None:
        """Paste as a terminal does: bracketed (ESC[200~ … ESC[201~) when the app asked for it."""
        self._tmux("set-buffer", "-b", "typist", "--", text, check=True)
        self._tmux("paste-buffer", "-p", "-d", "-b", "typist", "-t", self.name, check=True)

    def press(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys, check=True)

    def pid(self) -> int:
        return int(
            self._tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}", check=True).split()[0]
        )

    def close(self) -> None:
        subprocess.run(
            [*self._tmux_command(), "kill-server"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a run of the real app whose data and keys live under `home`."""
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "xterm-256color",
        "CONSULT_TUI_KEYRING": "cryptfile",
        **extra,
    }


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); read its state.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"
