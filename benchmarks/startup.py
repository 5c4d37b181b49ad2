"""Time to interactive: launch until a key typed into the passphrase field is echoed (a `•`).

Measured in a real tmux pane against a bare Textual app's first frame, both started alternately
with the same Python from the project's virtual environment in the same run; the figure that
matters is the ratio of medians (target ≤ 1.3), because the machine's speed cancels out.

A key ("x") is typed into the pane every few milliseconds from the moment it is started, as an
impatient practitioner would; the time is when the first `•` shows. The first frame of the
unlock screen ("Database:") is reported too, for comparison with earlier figures.

    uv run python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tmux_timing import TmuxServer

KEY_EVERY_SECONDS = 0.005


def _time_to_echo(
    tmux: TmuxServer, command: list[str], env: dict[str, str], timeout: float = 20.0
) -> tuple[float, float]:
    """Seconds to the unlock screen's first frame, and to the first typed key echoed as `•`."""
    session = f"s-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    tmux.run(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "80",
        "-y",
        "24",
        f"exec env {exports} {shlex.join(command)}",
    )
    first_frame: float | None = None
    try:
        while True:
            tmux.run("send-keys", "-t", session, "-l", "x")
            screen = tmux.run("capture-pane", "-p", "-t", session)
            now = time.perf_counter() - start
            if first_frame is None and "Database:" in screen:
                first_frame = now
            if "•" in screen:
                return (first_frame if first_frame is not None else now), now
            if now > timeout:
                raise TimeoutError(f"no key echoed within {timeout}s:\n{screen}")
            time.sleep(KEY_EVERY_SECONDS)
    finally:
        tmux.run("kill-session", "-t", session)


def measure(runs: int = 9) -> dict[str, float]:
    python = sys.executable
    here = Path(__file__).resolve().parent
    bare_command = [python, str(here / "bare_app.py")]
    app_command = [python, "-m", "consult_tui.cli"]
    with tempfile.TemporaryDirectory() as home, TmuxServer() as tmux:
        env = {
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_STATE_HOME": f"{home}/state",
            "CONSULT_TUI_KEYRING": "cryptfile",
            "TERM": "xterm-256color",
        }
        # One untimed run of each warms the file cache and bytecode, as a second launch would be.
        tmux.time_to_text(bare_command, "bare app ready", env=env)
        _time_to_echo(tmux, app_command, env)
        bare: list[float] = []
        frame: list[float] = []
        echo: list[float] = []
        for _ in range(runs):
            bare.append(tmux.time_to_text(bare_command, "bare app ready", env=env))
            first_frame, echoed = _time_to_echo(tmux, app_command, env)
            frame.append(first_frame)
            echo.append(echoed)
    bare_median = statistics.median(bare) * 1000
    echo_median = statistics.median(echo) * 1000
    return {
        "runs": runs,
        "bare_ms": bare_median,
        "first_frame_ms": statistics.median(frame) * 1000,
        "interactive_ms": echo_median,
        "ratio": echo_median / bare_median,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    figures = measure(parser.parse_args().runs)
    print(f"runs: {figures['runs']}")
    print(f"bare Textual app first frame:          median {figures['bare_ms']:.0f} ms")
    print(f"consult-tui unlock screen first frame: median {figures['first_frame_ms']:.0f} ms")
    print(f"consult-tui key typed → • echoed:      median {figures['interactive_ms']:.0f} ms")
    print(f"time to interactive ratio: {figures['ratio']:.2f} (target <= 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
