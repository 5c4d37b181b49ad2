"""Stories of two windows and one draft: the first holds it, the second is told who and since
when, and a window that dies (even by SIGKILL) lets go without anyone clearing anything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from consult_tui.store.lease import DraftLease, Holder, claim, lease_folder

HOLD_IN_ANOTHER_PROCESS = """
import sys, time
from pathlib import Path
from consult_tui.store.lease import claim
lease = claim(Path(sys.argv[1]), sys.argv[2])
print("held" if lease.__class__.__name__ == "DraftLease" else "refused", flush=True)
time.sleep(120)
"""


def hold_elsewhere(database: Path, record_id: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_ANOTHER_PROCESS, str(database), record_id],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_the_second_window_is_told_who_holds_the_draft_and_since_when(tmp_path: Path) -> None:
    database = tmp_path / "consultations.db"
    first = claim(database, "draft1")
    assert isinstance(first, DraftLease)
    second = claim(database, "draft1")
    assert isinstance(second, Holder)
    assert second.pid == os.getpid() and second.since is not None
    assert "open in another window (since " in second.describe()
    assert isinstance(claim(database, "draft2"), DraftLease)  # other drafts are free
    first.release()
    first.release()  # twice is harmless
    again = claim(database, "draft1")
    assert isinstance(again, DraftLease)
    again.release()


def test_a_window_killed_outright_lets_go_of_its_draft(tmp_path: Path) -> None:
    database = tmp_path / "consultations.db"
    holder = hold_elsewhere(database, "draft1")
    try:
        refused = claim(database, "draft1")
        assert isinstance(refused, Holder) and refused.pid == holder.pid
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        taken = claim(database, "draft1")
        assert isinstance(taken, DraftLease)
        taken.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()


def test_the_lock_files_hold_no_case_data_and_only_the_owner_can_read_them(
    tmp_path: Path,
) -> None:
    database = tmp_path / "consultations.db"
    lease = claim(database, "draft1")
    assert isinstance(lease, DraftLease)
    folder = lease_folder(database)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert lease.path.stat().st_mode & 0o777 == 0o600
    assert set(lease.path.read_text().split('"')) >= {"pid", "host", "since"}
    lease.release()
    assert not lease.path.exists()


@pytest.mark.parametrize("record_id", ["", "../escape", ".hidden"])
def test_a_record_id_cannot_name_a_file_outside_the_lock_folder(
    tmp_path: Path, record_id: str
) -> None:
    with pytest.raises(ValueError):
        claim(tmp_path / "consultations.db", record_id)
