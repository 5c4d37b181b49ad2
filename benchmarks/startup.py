"""First frame of consult-tui (its unlock screen) against a bare Textual app, in a real tmux pane.

Both start with the same Python from the project's virtual environment, alternately, several
times; the figure that matters is the ratio of medians (target ≤ 1.3), because the machine's speed
cancels out. Run: `uv run python benchmarks/startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tmux_timing import TmuxServer


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
        tmux.time_to_text(app_command, "Database:", env=env)
        bare: list[float] = []
        app: list[float] = []
        for _ in range(runs):
            bare.append(tmux.time_to_text(bare_command, "bare app ready", env=env))
            app.append(tmux.time_to_text(app_command, "Database:", env=env))
    bare_median = statistics.median(bare) * 1000
    app_median = statistics.median(app) * 1000
    return {
        "runs": runs,
        "bare_ms": bare_median,
        "app_ms": app_median,
        "ratio": app_median / bare_median,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    figures = measure(parser.parse_args().runs)
    print(f"runs: {figures['runs']}")
    print(f"bare Textual app first frame: median {figures['bare_ms']:.0f} ms")
    print(f"consult-tui unlock screen:    median {figures['app_ms']:.0f} ms")
    print(f"ratio: {figures['ratio']:.2f} (target <= 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
