"""The full monkey run: 20,000 random keys on every screen with resize storms, at 80x24.

The test suite runs a shorter one (tests/reliability/test_monkey.py, 2,000 keys); this prints
the figures for the README's reliability table.

Usage: uv run python benchmarks/monkey.py [KEYS] [SEED]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    with tempfile.TemporaryDirectory(prefix="consult-monkey-") as home:
        # Private XDG folders: nothing from the person running it is read or written.
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(Path(home) / name.lower())
        for name in [n for n in os.environ if n.startswith("CONSULT_TUI_")]:
            del os.environ[name]
        from consult_tui.config import load_settings
        from tests.reliability.monkey import run_monkey

        report = asyncio.run(run_monkey(load_settings(), keys=keys, seed=seed, burst=12))
    print(f"monkey (seed {seed}): {report.summary()}")
    for problem in report.problems:
        print(f"  problem: {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
