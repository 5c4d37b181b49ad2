"""Which window is editing a draft: one lock file per open draft, beside the database.

Two consult-tui windows on one database must never both edit the same draft, or the later save
would silently replace the earlier one. The window that opens a draft first holds it; a second
window is told who holds it and since when, and is shown the draft read-only.

The hold is an advisory lock (flock) on ``<database>.open/<record id>``, which the kernel lets go
the moment the holding process ends, however it ends: a dropped SSH link or a SIGKILL leaves no
stale claim to clear by hand. The file holds the holder's pid, host and start time, never case
data (a record id is random).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from consult_tui.paths import ensure_private_dir

_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Holder:
    """Another window editing the draft; any field may be unknown if it is just starting."""

    pid: int | None
    host: str
    since: datetime | None

    def describe(self) -> str:
        when = f" (since {self.since.astimezone():%H:%M})" if self.since else ""
        return f"This record is open in another window{when}; opened read-only."


class DraftLease:
    """This window's hold on one draft, until release() or the end of the process."""

    def __init__(self, record_id: str, path: Path, descriptor: int) -> None:
        self.record_id = record_id
        self.path = path
        self._descriptor: int | None = descriptor

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        """Let the draft go. Safe to call twice; never raises."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        # Remove the file while still holding it, so nobody can take a lock on a name that is
        # about to vanish (claim() checks it locked the file that is still at the path).
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(descriptor)


def any_held(database: Path) -> bool:
    """Whether some window holds a draft of this database now (its lock file is locked)."""
    try:
        leases = [entry for entry in lease_folder(database).iterdir() if entry.is_file()]
    except OSError:
        return False
    for lease in leases:
        try:
            descriptor = os.open(lease, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(descriptor)
    return False


def lease_folder(database: Path) -> Path:
    database = Path(database)
    return database.with_name(f"{database.name}.open")


def claim(database: Path, record_id: str) -> DraftLease | Holder:
    """Hold the draft for this window, or say who holds it. OSError if the folder is unusable."""
    if not record_id or "/" in record_id or record_id.startswith("."):
        raise ValueError("not a record id")
    folder = ensure_private_dir(lease_folder(database))
    path = folder / record_id
    for _ in range(_ATTEMPTS):
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(descriptor)
            os.close(descriptor)
            return holder
        except BaseException:
            os.close(descriptor)
            raise
        try:
            same_file = os.fstat(descriptor).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same_file = False
        if not same_file:  # released and removed between our open and our lock: try again
            os.close(descriptor)
            continue
        try:
            _write_holder(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
        return DraftLease(record_id, path, descriptor)
    raise OSError(f"the draft lock file in {folder} kept changing; try again")


def _write_holder(descriptor: int) -> None:
    details = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, json.dumps(details).encode("utf-8"), 0)


def _read_holder(descriptor: int) -> Holder:
    try:
        details = json.loads(os.pread(descriptor, 4096, 0).decode("utf-8"))
        since = datetime.fromisoformat(details["since"])
        return Holder(pid=int(details["pid"]), host=str(details["host"]), since=since)
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(pid=None, host="", since=None)
