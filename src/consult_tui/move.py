"""Moving a database to another path, key and all: `consult-tui move NEW_PATH`.

A database's key is kept under a name made from the database's full path (nothing about a case
may name it), so a file moved by hand can no longer find its key. Moving it here files the key
under the new path first and reads it back, then moves the file, checks it opens with that key
where it now is, and only then forgets the old name. At every step one of the two names finds
the key; if anything fails the file stays where it was and is still opened as before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import ensure_private_dir
from .workspace import WorkspaceError

if TYPE_CHECKING:
    from .security.keys import KeyStore


@dataclass(frozen=True, slots=True)
class Moved:
    source: Path
    target: Path
    left_behind: tuple[Path, ...]  # upgrade backups beside the old file, kept where they were


def move_database(source: Path, target: Path, keystore: KeyStore, passphrase: str | None) -> Moved:
    """Move ``source`` to ``target`` and re-file its key; WorkspaceError says why not."""
    from .store.lease import lease_folder
    from .store.repository import RecordStore

    source = Path(source).expanduser().absolute()
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        target = target / source.name
    _check_paths(source, target)

    keystore.unlock(passphrase)
    key = keystore.database_key(source, create=False)
    # Opening proves the key fits (and brings an old schema up to date before it travels).
    RecordStore.open(source, key, verify_pages=False).close()
    _refuse_if_in_use(source)

    keystore.file_key(target, key)
    try:
        ensure_private_dir(target.parent)
        _move_file(source, target)
    except BaseException:
        with contextlib.suppress(Exception):
            keystore.delete_key(target)
        raise
    try:
        RecordStore.open(target, key, verify_pages=False).close()
    except BaseException:
        # The moved copy does not open: put the file back where its key is still kept.
        with contextlib.suppress(OSError):
            _move_file(target, source)
        raise
    keystore.delete_key(source)
    with contextlib.suppress(OSError):
        lease_folder(source).rmdir()
    backups = tuple(sorted(source.parent.glob(f"{source.name}.pre-*.bak")))
    return Moved(source=source, target=target, left_behind=backups)


def _check_paths(source: Path, target: Path) -> None:
    if not source.is_file():
        raise WorkspaceError(f"There is no database at {source} to move.")
    if target == source:
        raise WorkspaceError(f"The database is already at {target}.")
    for taken in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        if taken.exists():
            raise WorkspaceError(
                f"{taken} already exists, and moving will not overwrite anything. Choose a path "
                "that is free."
            )
    if target.parent.exists() and not target.parent.is_dir():
        raise WorkspaceError(f"{target.parent} is a file, not a folder.")


def _refuse_if_in_use(source: Path) -> None:
    """Refuse while another window has the database open.

    SQLite removes the -wal and -shm files when the last connection closes, so once ours has
    closed, either of them still there means another process is using the file. A draft being
    edited also holds a lock file in the lease folder.
    """
    from .store.lease import any_held

    open_elsewhere = [p for p in (Path(f"{source}-wal"), Path(f"{source}-shm")) if p.exists()]
    if open_elsewhere or any_held(source):
        raise WorkspaceError(
            f"The database {source} is open in another consult-tui window (or another program). "
            "Close consult-tui everywhere it runs, then move it. Nothing was changed."
        )


def _move_file(source: Path, target: Path) -> None:
    """Rename on one file system; across file systems copy, flush to disk, then remove."""
    try:
        os.rename(source, target)
        return
    except OSError as problem:
        if problem.errno != errno.EXDEV:  # a different file system
            raise
    partial = target.with_name(f".{target.name}.moving")
    try:
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o600)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.rename(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    source.unlink()
