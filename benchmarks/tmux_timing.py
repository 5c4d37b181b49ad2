"""Time how long a terminal program takes to show given text in a real tmux pane."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid


def time_to_text(
    command: list[str],
    expect: str,
    *,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (80, 24),
    timeout: float = 20.0,
    poll: float = 0.003,
) -> float:
    """Seconds from starting `command` in a fresh 80x24 tmux session until `expect` is on screen."""
    session = f"bench-{uuid.uuid4().hex[:8]}"
    full_env = dict(os.environ, **(env or {}))
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    shell_command = f"env {exports} {shlex.join(command)}"
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            shell_command,
        ],
        check=True,
        env=full_env,
    )
    try:
        while True:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if expect in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{expect!r} did not appear within {timeout}s:\n{screen}")
            time.sleep(poll)
    finally:
        subprocess.run(
            ["tmux", "kill-session", "-t", session], check=False, stderr=subprocess.DEVNULL
        )
