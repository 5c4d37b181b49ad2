"""Killed mid-save, again and again (SIGKILL: no handler, no cleanup): every time the database
opens, passes its integrity check and audit chain, and holds the last save that completed."""

from __future__ import annotations

import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from consult_tui.domain.record import Status
from consult_tui.store.repository import RecordStore

# Read at import: the autouse fixture clears CONSULT_TUI_* before each test runs.
KILLS = int(os.environ.get("CONSULT_TUI_SAVE_KILLS", "30"))
SAVE_LOOP = Path(__file__).with_name("save_loop.py")


class SaveLoop:
    """The fork server in save_loop.py, and what its children have reported."""

    def __init__(self, database: Path, key: bytes) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SAVE_LOOP), str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._send(key.hex())
        assert self._line() == "ready"
        self.last_saved: dict[str, int] = {}
        self.finalised: list[str] = []

    def _send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError("the save loop stopped unexpectedly")
        return line.strip()

    def _note(self, line: str) -> None:
        words = line.split()
        if words[0] == "saved":
            self.last_saved[words[1]] = int(words[2])
        elif words[0] == "finalised":
            self.finalised.append(words[1])

    def kill_after(self, record_id: str, saves: int, extra_seconds: float) -> None:
        """Start saving `record_id`; once `saves` saves completed, wait a moment, SIGKILL."""
        self._send(f"fork {record_id}")
        child = 0
        while child == 0 or self.last_saved.get(record_id, 0) < saves:
            line = self._line()
            if line.startswith("child "):
                child = int(line.split()[1])
            else:
                self._note(line)
        time.sleep(extra_seconds)
        os.kill(child, signal.SIGKILL)
        self._send("reap")
        while True:
            line = self._line()
            if line.startswith("reaped "):
                status = int(line.split()[2])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    f"the saving child for {record_id} ended by itself (wait status {status}) "
                    "before it was killed: its traceback is in the captured stderr"
                )
                return
            self._note(line)  # reports written before the kill, read only now

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def test_sigkill_during_saves_never_damages_the_database_or_loses_a_completed_save(
    tmp_path: Path,
) -> None:
    database = tmp_path / "records" / "consultations.db"
    key = secrets.token_bytes(32)
    RecordStore.open(database, key, create=True).close()
    chance = random.Random(30)
    loop = SaveLoop(database, key)
    damaged: list[str] = []
    began = time.monotonic()
    try:
        for kill in range(KILLS):
            record_id = f"kill{kill:03d}"
            loop.kill_after(record_id, chance.randint(1, 25), chance.uniform(0.0, 0.03))
            with RecordStore.open(database, key) as store:
                integrity = store.integrity_check()
                chain = store.verify_audit()
                # The last save reported as complete is there (or the one after it, which may
                # have completed in the instant before the kill without being reported).
                last = loop.last_saved[record_id]
                stored = store.get(record_id).case_reference
                if integrity != "ok" or not chain.ok:
                    damaged.append(f"kill {kill}: integrity {integrity!r}, audit {chain.problem}")
                if stored not in (f"save-{last}", f"save-{last + 1}"):
                    damaged.append(f"kill {kill}: saved {last} times but the store has {stored}")
                if kill % 10 == 9:  # now and then, every record ever reported
                    for earlier, number in loop.last_saved.items():
                        held = store.get(earlier).case_reference
                        if held not in (f"save-{number}", f"save-{number + 1}"):
                            damaged.append(f"kill {kill}: {earlier} lost saves ({held})")
                    for final in loop.finalised:
                        if store.get(final).status is not Status.FINALISED:
                            damaged.append(f"kill {kill}: {final} is no longer finalised")
    finally:
        loop.close()
    took = time.monotonic() - began
    clean = KILLS - len({problem.split(":")[0] for problem in damaged})
    print(
        f"\nSIGKILL during saves: {KILLS} kills, {clean} clean, "
        f"{sum(loop.last_saved.values())} saves and {len(loop.finalised)} finalisations "
        f"reported, {took:.1f}s",
        file=sys.stderr,
    )
    assert not damaged, "\n".join(damaged)
