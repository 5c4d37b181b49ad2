"""A whole consultation over a real SSH login, by keyboard only, at 80x24 with TERM=xterm-256color
and no COLORTERM: first-run passphrase, the consultation typed and finalised (each gap found by
F9 and jumped to with Enter), found again in review, exported. Afterwards a canary typed into
every field is nowhere on disk in the clear except the deliberate export: not in the database,
its WAL or journal, temporary files, logs or crash reports.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e.ssh_server import remote_app_command, ssh_server
from tests.e2e.tmux_session import TmuxSession, isolated_env

PASSPHRASE = "lantern orchard quietly river"
CANARY = "Canary7Quoll"
SETTLE = 0.7  # for a focus jump or a modal to land before the next key


def settle(seconds: float = SETTLE) -> None:
    time.sleep(seconds)


def first_problem(screen: str) -> str:
    found = re.search(r"1\. (.+?)\s*[▎┃]", screen)
    assert found, f"no problem list on screen:\n{screen}"
    return found.group(1)


def work_through_a_consultation(session: TmuxSession) -> None:
    """What a practitioner types, field by field, letting F9 say what is still missing."""
    session.press("C-n")
    session.wait_for("Case facts")
    settle()
    session.type(f"{CANARY}-REF")
    for text in (None, f"{CANARY} Name", f"Health visitor {CANARY}", f"{CANARY} Trust"):
        session.press("Tab")
        settle(0.4)
        if text:
            session.type(text)
    for _ in range(12):
        session.press("F9")
        settle()
        screen = session.screen()
        if "Finalise this record?" in screen:
            session.press("y")
            break
        problem = first_problem(screen)
        session.press("Enter")
        settle()
        if "facts of the concern" in problem:
            session.press("Insert")
            settle()
            session.type(f"Bruise seen on the arm by {CANARY} at the visit")
        elif "Say where fact" in problem:
            session.type(f"Seen by {CANARY} at the home visit")
        elif "Choose a decision" in problem:
            for _ in range(6):
                if "◀ not yet (review on a date) ▶" in session.screen():
                    break
                session.press("Right")
                settle(0.3)
        elif "reason for the decision" in problem:
            session.type(f"Waiting for the GP's view, as {CANARY} agreed")
        elif "date to review" in problem:
            session.type("2030-01-31")
        else:
            raise AssertionError(f"unexpected problem {problem!r}:\n{screen}")
        settle(0.3)
    session.wait_for("Finalised")


def find_it_in_review_and_export(session: TmuxSession) -> None:
    """F5, search for a word of the fact, open the record, export it as Markdown."""
    session.press("F5")
    session.wait_for("Search")
    settle()
    session.press("/")
    settle(0.3)
    session.type(CANARY.lower())
    session.wait_for("1 consultation")
    settle()
    session.press("Enter")
    settle(0.3)
    session.press("Enter")
    session.wait_for("FINALISED")
    settle()
    session.press("m")
    session.wait_for("Exported to")


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]


@pytest.mark.real("tmux", "sshd", "ssh")
def test_a_whole_consultation_over_ssh_leaves_case_text_only_in_the_deliberate_export(
    tmp_path: Path,
) -> None:
    home = tmp_path / "xdg"
    env = isolated_env(home)  # encrypted-file key store, as on a server without a desktop
    temp_folders = {Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp")}
    before = {folder: set(os.listdir(folder)) for folder in temp_folders if folder.is_dir()}
    started = time.time()

    with ssh_server(tmp_path / "sshd") as server:
        session = TmuxSession(server.client(remote_app_command(env)), {"TERM": "xterm-256color"})
        try:
            session.wait_for("First use on this account", timeout=30)
            session.type(PASSPHRASE)
            session.press("Enter")
            settle(0.3)
            session.type(PASSPHRASE)
            session.press("Enter")
            session.wait_for("No consultations yet", timeout=30)
            work_through_a_consultation(session)
            find_it_in_review_and_export(session)
            session.press("Escape")
            settle(0.3)
            ssh_client = session.pid()
            session.press("C-q")
            assert session.wait_until_exited(ssh_client, 10), session.screen()
        finally:
            session.close()

    # The deliberate export: there, private, and holding the case.
    (export_path,) = (home / "data" / "consult-tui" / "exports").glob("consultation-*.md")
    assert stat.S_IMODE(export_path.stat().st_mode) == 0o600
    markdown = export_path.read_text()
    for typed in (f"{CANARY}-REF", f"{CANARY} Name", f"{CANARY} Trust", "Review on:** 2030"):
        assert typed in markdown, f"{typed!r} missing from the export"

    # Everywhere else: the database and its WAL/journal, key store, crash reports, logs (sshd's
    # too), and anything new in the temporary folders.
    exports = export_path.parent
    scanned = [path for path in files_under(tmp_path) if exports not in path.parents]
    for folder, names in before.items():
        for name in set(os.listdir(folder)) - names:
            path = folder / name
            scanned += files_under(path) if path.is_dir() else [path]
    home_dir = Path.home()
    scanned += [p for p in home_dir.iterdir() if p.is_file() and p.stat().st_mtime >= started]
    databases = [p for p in scanned if p.name.startswith("consultations.db")]
    assert any(p.name == "consultations.db" for p in databases), "the database was not scanned"
    leaks = []
    for path in scanned:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if CANARY.encode() in data or CANARY.lower().encode() in data:
            leaks.append(str(path))
    assert not leaks, f"case text in the clear in: {leaks}"

    doctor = subprocess.run(
        [sys.executable, "-m", "consult_tui.cli", "doctor"],
        env={**os.environ, **env, "CONSULT_TUI_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "intact" in doctor.stdout
