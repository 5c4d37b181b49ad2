"""Time how long a terminal program takes to show given text in a real tmux pane.

All sessions run on one private tmux server that is already up, so the figure is the program's
start-up, not tmux's, and no other tmux user on the machine is disturbed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid


class TmuxServer:
    def __init__(self) -> None:
        self.socket = f"consult-bench-{os.getpid()}"
        self._tmux("new-session", "-d", "-s", "keeper", "sleep 3600")

    def _tmux(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=not capture
        )
        return result.stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def run(self, *args: str) -> str:
        return self._tmux(*args, capture=True)

    def start(
        self,
        command: list[str],
        *,
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (80, 24),
    ) -> str:
        """Start `command` in a new session and return the session's name."""
        session = f"s-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        self._tmux(
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            f"exec env {exports} {shlex.join(command)}",
        )
        return session

    def keys(self, session: str, *keys: str) -> None:
        self._tmux("send-keys", "-t", session, *keys)

    def wait_for(self, session: str, text: str, timeout: float = 20.0) -> None:
        deadline = time.perf_counter() + timeout
        while text not in self._tmux("capture-pane", "-p", "-t", session, capture=True):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{text!r} did not appear within {timeout}s")
            time.sleep(0.01)

    def time_to_text(
        self,
        command: list[str],
        expect: str,
        *,
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (80, 24),
        timeout: float = 20.0,
        poll: float = 0.003,
    ) -> float:
        """Seconds from starting `command` in a new pane until `expect` is on its screen."""
        session = f"s-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell_command = f"exec env {exports} {shlex.join(command)}"
        start = time.perf_counter()
        self._tmux(
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            shell_command,
        )
        try:
            while True:
                screen = self._tmux("capture-pane", "-p", "-t", session, capture=True)
                if expect in screen:
                    return time.perf_counter() - start
                if time.perf_counter() - start > timeout:
                    raise TimeoutError(f"{expect!r} did not appear within {timeout}s:\n{screen}")
                time.sleep(poll)
        finally:
            self._tmux("kill-session", "-t", session, capture=True)
