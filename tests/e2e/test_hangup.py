"""A dropped SSH link mid-sentence: the app saves what was typed and leaves, in a real terminal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.tmux_session import TmuxSession, isolated_env, process_alive
from tests.real_tools import require_tool

PASSPHRASE = "lantern orchard quietly river"


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consult_tui.cli", *args],
        env={**os.environ, **env, "CONSULT_TUI_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_hangup_mid_typing_keeps_the_draft(tmp_path: Path, signum: int) -> None:
    require_tool("tmux")
    env = isolated_env(tmp_path)
    assert cli(env, "init").returncode == 0

    session = TmuxSession([sys.executable, "-m", "consult_tui.cli"], env)
    try:
        session.wait_for("Enter your passphrase")
        session.type(PASSPHRASE)
        session.press("Enter")
        session.wait_for("No consultations yet")
        session.press("C-n")
        session.wait_for("Case facts")
        session.type("HV-HANGUP-")
        time.sleep(1.2)
        session.type("42")  # typed just before the link drops: the signal-time save keeps it
        time.sleep(0.15)
        pid = session.pid()
        os.kill(pid, signum)
        deadline = time.monotonic() + 5
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_alive(pid), "the app did not exit within 5 s of the signal"
    finally:
        session.close()

    exported = cli(env, "export", "--all")
    assert exported.returncode == 0, exported.stderr
    references = [r["case_reference"] for r in json.loads(exported.stdout)["records"]]
    assert references == ["HV-HANGUP-42"]
    doctor = cli(env, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
