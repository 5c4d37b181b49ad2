"""Bytes written to the terminal per key press while typing in a field: what crosses the SSH link.

Runs the real app (a throwaway demo database) in a tmux pane at 80x24, TERM=xterm-256color, opens
a new consultation and types into the case reference one key at a time; `tmux pipe-pane` copies
everything the app writes to the terminal into a file, whose growth after each key (once the
screen has settled) is that key's cost. Prints median and p95 bytes per key, then what opening
review, opening a record and paging through it send; asserts nothing.

    uv run python benchmarks/terminal_bytes.py [--keys 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tmux_timing import TmuxServer

TEXT = "Bruise on the left cheek seen at the 16 week visit "


def settle(path: Path, quiet: float = 0.25, timeout: float = 3.0) -> int:
    """Wait until nothing more has been written for `quiet` seconds; return the file size."""
    deadline = time.monotonic() + timeout
    size = path.stat().st_size if path.exists() else 0
    last_change = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        now = path.stat().st_size if path.exists() else 0
        if now != size:
            size, last_change = now, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            break
    return size


def measure(keys: int = 60) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home, TmuxServer() as tmux:
        env = {
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_STATE_HOME": f"{home}/state",
            "TERM": "xterm-256color",
        }
        session = tmux.start([sys.executable, "-m", "consult_tui.cli", "demo"], env=env)
        tmux.wait_for(session, "consultations")
        tmux.keys(session, "C-n")
        tmux.wait_for(session, "Case facts")
        stream = Path(home) / "stream.bin"
        tmux.run("pipe-pane", "-t", session, "-O", f"cat >> {stream}")
        before = settle(stream)
        costs: list[int] = []
        text = (TEXT * (keys // len(TEXT) + 1))[:keys]
        for character in text:
            tmux.run("send-keys", "-t", session, "-l", character)
            after = settle(stream)
            costs.append(after - before)
            before = after
        # Whole-screen changes cost more than a key press: what review, a record and a page of
        # it send over the link (informational; at 8 KB/s, say, 8 KB is a second).
        screens: dict[str, float] = {}
        for name, key, landmark in (
            ("review_bytes", "F5", "Open"),
            ("open_record_bytes", "Enter", "Addendum"),
            ("page_down_bytes", "PageDown", None),
        ):
            tmux.run("send-keys", "-t", session, key)
            if landmark is not None:
                tmux.wait_for(session, landmark)
            after = settle(stream)
            screens[name] = float(after - before)
            before = after
        # Back to the table, and the next record: the screens are built once and shown again.
        tmux.run("send-keys", "-t", session, "Escape")
        tmux.wait_for(session, "Open")
        tmux.run("send-keys", "-t", session, "Down")
        before = settle(stream)
        tmux.run("send-keys", "-t", session, "Enter")
        tmux.wait_for(session, "Addendum")
        screens["next_record_bytes"] = float(settle(stream) - before)
        tmux.run("pipe-pane", "-t", session)
    return {
        "keys": float(len(costs)),
        "median": float(statistics.median(costs)),
        "p95": float(sorted(costs)[int(0.95 * (len(costs) - 1))]),
        "max": float(max(costs)),
        **screens,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=60)
    figures = measure(parser.parse_args().keys)
    print(f"keys typed: {figures['keys']:.0f}")
    print(
        f"bytes to the terminal per key press: median {figures['median']:.0f}, "
        f"p95 {figures['p95']:.0f}, max {figures['max']:.0f} (budget: median < 2048)"
    )
    print(
        f"bytes for whole screens: review {figures['review_bytes']:.0f}, "
        f"open a record {figures['open_record_bytes']:.0f}, "
        f"Page Down in it {figures['page_down_bytes']:.0f}, "
        f"the next record {figures['next_record_bytes']:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
