"""The SSH link drops, again and again, at every kind of moment: the app leaves within 5 s, the
draft holds everything typed more than a second before the drop, and the database stays sound.

Each cycle logs in through a real sshd from a tmux pane (80x24, TERM=xterm-256color, no
COLORTERM), opens a new consultation, types its case reference in small bursts as a person would,
then kills the ssh client by pid. The key lives in a real Secret Service so that no cycle pays
for Argon2; the hang-up path is the same for every key store.

CONSULT_TUI_SSH_DROPS sets the number of cycles (30 by default) and CONSULT_TUI_DROP_SEED the
random moments; `benchmarks/reliability.py` runs more and prints the counts for the README.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.security.keys import select_keystore
from consult_tui.store.repository import RecordStore
from tests.e2e.ssh_server import SshServer, app_pids, remote_app_command, ssh_server
from tests.e2e.tmux_session import TmuxSession, isolated_env, process_alive
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

EXIT_DEADLINE_SECONDS = 5.0
KEPT_AFTER_SECONDS = 1.0  # what was typed this long before the drop must be in the draft
HOME_READY = "consultations.db · unlocked"
BURST_SECONDS = 0.1
# Read at import: the autouse fixture clears CONSULT_TUI_* before each test runs.
DROPS = int(os.environ.get("CONSULT_TUI_SSH_DROPS", "30"))
SEED = int(os.environ.get("CONSULT_TUI_DROP_SEED", "6"))


@dataclass
class Drop:
    """One cycle: when the link dropped and what was found afterwards."""

    number: int
    moment: str  # "first second", "home", "typing"
    delay: float
    typed: list[tuple[float, str]] = field(default_factory=list)  # (sent at, burst)
    dropped_at: float = 0.0
    exit_seconds: float | None = None
    saved: str | None = None
    integrity: str = ""

    @property
    def prefix(self) -> str:
        return f"D{self.number:02d}-"

    def must_be_kept(self) -> str:
        return "".join(
            burst for at, burst in self.typed if at <= self.dropped_at - KEPT_AFTER_SECONDS
        )

    def everything_typed(self) -> str:
        return "".join(burst for _, burst in self.typed)

    def problems(self) -> list[str]:
        found = []
        if self.exit_seconds is None or self.exit_seconds > EXIT_DEADLINE_SECONDS:
            found.append("the app did not exit within 5 s")
        kept = self.must_be_kept()
        saved = self.saved or ""
        if not saved.startswith(kept):
            found.append(f"the draft lost typing: kept {saved!r}, typed {kept!r} a second before")
        if not self.everything_typed().startswith(saved):
            found.append(f"the draft holds what was never typed: {saved!r}")
        if self.integrity != "ok":
            found.append(f"doctor: {self.integrity}")
        return found


def drop_schedule(count: int, seed: int) -> list[Drop]:
    """A fifth in the first second after logging in, some on the list, the rest mid-typing."""
    chance = random.Random(seed)
    drops = []
    for number in range(count):
        if number % 5 == 0:
            drops.append(Drop(number, "first second", chance.uniform(0.05, 1.0)))
        elif number % 5 == 1 and number % 10 == 1:
            drops.append(Drop(number, "home", chance.uniform(0.0, 0.6)))
        else:
            drops.append(Drop(number, "typing", chance.uniform(0.2, 3.0)))
    return drops


def wait_until_gone(environment_entry: bytes, since: float) -> float | None:
    """Seconds from the drop until no consult-tui process of this test is left (None: never)."""
    while time.monotonic() - since <= EXIT_DEADLINE_SECONDS + 1:
        if not [pid for pid in app_pids(environment_entry) if process_alive(pid)]:
            return time.monotonic() - since
        time.sleep(0.02)
    return None


def run_cycle(server: SshServer, env: dict[str, str], drop: Drop) -> None:
    session = TmuxSession(server.client(remote_app_command(env)), {"TERM": "xterm-256color"})
    started = time.monotonic()
    try:
        ssh_pid = session.pid()
        if drop.moment == "first second":
            time.sleep(max(0.0, drop.delay - (time.monotonic() - started)))
        else:
            session.wait_for(HOME_READY, timeout=30)
            if drop.moment == "home":
                time.sleep(drop.delay)
            else:
                session.press("C-n")
                session.wait_for("Case facts", timeout=30)
                typing_from = time.monotonic()
                bursts = [drop.prefix] + [f"{n:02d}." for n in range(200)]
                for burst in bursts:
                    if time.monotonic() - typing_from >= drop.delay:
                        break
                    session.type(burst)
                    drop.typed.append((time.monotonic(), burst))
                    time.sleep(BURST_SECONDS)
        drop.dropped_at = time.monotonic()
        os.kill(ssh_pid, signal.SIGKILL)
        entry = f"XDG_DATA_HOME={env['XDG_DATA_HOME']}".encode()
        drop.exit_seconds = wait_until_gone(entry, drop.dropped_at)
        if drop.exit_seconds is None:
            # Record the hang, then clear it so the next cycle starts clean.
            for pid in app_pids(entry):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    finally:
        session.close()


def saved_case_reference(store: RecordStore, prefix: str) -> str | None:
    matches = [s for s in store.list_summaries(limit=1000) if s.case_reference.startswith(prefix)]
    assert len(matches) <= 1, f"more than one draft for {prefix}"
    return matches[0].case_reference if matches else None


@pytest.mark.real("tmux", "sshd", "ssh", "dbus-daemon", "gnome-keyring-daemon")
def test_dropped_ssh_links_never_lose_what_was_typed_a_second_before(
    secret_service: SecretServiceSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    count, seed = DROPS, SEED
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    # The same folders the test process uses (conftest's), so the test can open what the app saved.
    env = isolated_env(
        tmp_path / "xdg",
        CONSULT_TUI_KEYRING="secretservice",
        DBUS_SESSION_BUS_ADDRESS=secret_service.bus.address,
    )
    assert consult_tui(["init"]) == 0
    settings = load_settings()
    keystore = select_keystore("secretservice")
    keystore.unlock()
    key = keystore.database_key(settings.database, create=False)
    capsys.readouterr()

    drops = drop_schedule(count, seed)
    began = time.monotonic()
    with ssh_server(tmp_path / "sshd") as server:
        for drop in drops:
            run_cycle(server, env, drop)
            with RecordStore.open(settings.database, key) as store:
                drop.saved = saved_case_reference(store, drop.prefix)
            code = consult_tui(["doctor"])
            report = capsys.readouterr().out
            line = next((ln for ln in report.splitlines() if "integrity check" in ln), "")
            drop.integrity = "ok" if code == 0 and line.startswith("ok ") else report
    took = time.monotonic() - began

    failures = [
        f"drop {d.number} ({d.moment}, {d.delay:.2f}s): {p}" for d in drops for p in d.problems()
    ]
    moments = {m: sum(d.moment == m for d in drops) for m in ("first second", "home", "typing")}
    clean = sum(not d.problems() for d in drops)
    slowest = max(d.exit_seconds or 0.0 for d in drops)
    with capsys.disabled():
        print(
            f"\nssh drops: {len(drops)} ({', '.join(f'{m} {n}' for m, n in moments.items())}), "
            f"{clean} clean, slowest exit {slowest:.2f}s, {took:.0f}s in all, seed {seed}",
            file=sys.stderr,
        )
    assert not failures, "\n".join(failures)
    # Something was really at stake in most typing cycles.
    typed = [d for d in drops if d.moment == "typing"]
    assert sum(bool(d.must_be_kept()) for d in typed) >= len(typed) // 2
