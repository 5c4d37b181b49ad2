"""The fault loops at full length: SSH links dropped and saves killed, many more times than the
test suite does, printing the counts for the README's reliability table.

Each loop is the suite's own test, run by pytest with a larger count (the tests read
CONSULT_TUI_SSH_DROPS and CONSULT_TUI_SAVE_KILLS), so what is counted here is exactly what the
suite checks.

Usage: uv run python benchmarks/reliability.py [DROPS] [KILLS]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOPS = {
    "CONSULT_TUI_SSH_DROPS": "tests/e2e/test_ssh_drops.py",
    "CONSULT_TUI_SAVE_KILLS": "tests/reliability/test_killed_during_saves.py",
}


def run(variable: str, count: int) -> int:
    test = LOOPS[variable]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-s", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, variable: str(count)},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = (done.stdout + done.stderr).splitlines()
    for line in lines:
        if line.startswith(("ssh drops:", "SIGKILL during saves:")):
            print(line)
    print(f"  {test}: {'passed' if done.returncode == 0 else 'FAILED'}")
    if done.returncode != 0:
        print("\n".join(lines[-40:]))
    return done.returncode


def main() -> int:
    drops = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    failed = run("CONSULT_TUI_SSH_DROPS", drops)
    failed |= run("CONSULT_TUI_SAVE_KILLS", kills)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
