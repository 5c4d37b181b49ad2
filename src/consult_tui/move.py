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


def resolve_target(typed: str | os.PathLike[str], source: Path) -> Path:
    """The file a typed NEW_PATH means, refused with a sentence when it cannot be used.

    A trailing "/" means a folder that must exist; an existing folder (or a link to one) takes
    the database under its own name; any other link is refused, because the key would be filed
    under one name and the file put under another. The folders above are resolved, so the key
    is filed under the one full path the file will really have.
    """
    from .paths import PathRefused, _expanded, names_a_folder, shown_path

    raw = os.fspath(typed)
    if not raw.strip():
        raise PathRefused(
            "move was given an empty path. Give the new file or folder. Nothing was moved."
        )
    path = _expanded(raw, "move")
    if names_a_folder(raw) and not path.is_dir():
        raise PathRefused(
            f"{shown_path(raw)} ends with '/', so it names a folder, and there is no such folder. "
            f"Create it first (mkdir -p {shown_path(path)}), or leave the '/' off to give the "
            "new file's name. Nothing was moved."
        )
    if path.is_symlink():
        pointee = Path(os.path.realpath(path))
        if not pointee.is_dir():
            where = shown_path(pointee) if pointee.exists() else "nowhere (it is dangling)"
            raise PathRefused(
                f"{shown_path(path)} is a symbolic link, to {where}. move will not put the "
                "database where a link is: its key would be filed under one name and the file "
                "under another. Remove the link or choose another name. Nothing was moved."
            )
    if path.is_dir():
        return Path(os.path.realpath(path)) / source.name
    # The nearest folder that exists: it must be a folder, and one we can make files in.
    above = path.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise PathRefused(
            f"{shown_path(above)} is a file, not a folder, so nothing can be put under it. "
            "Choose another path. Nothing was moved."
        )
    if not os.access(above, os.W_OK | os.X_OK):
        raise PathRefused(
            f"Cannot make files in {shown_path(above)} (it is read-only, or not yours). Choose "
            "a folder you can write to. Nothing was moved."
        )
    real_above = Path(os.path.realpath(above))
    return real_above / path.relative_to(above)


def move_database(
    source: Path, target: str | os.PathLike[str], keystore: KeyStore, passphrase: str | None
) -> Moved:
    """Move ``source`` to ``target`` and re-file its key; WorkspaceError/PathRefused say why not.

    ``source`` is the database's real path (links already resolved by the caller).
    """
    from .store.lease import lease_folder
    from .store.repository import RecordStore

    source = Path(source).expanduser().absolute()
    target = resolve_target(target, source)
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
    except BaseException as problem:
        with contextlib.suppress(Exception):
            keystore.delete_key(target)
        if isinstance(problem, OSError):
            raise WorkspaceError(
                f"The database could not be moved to {target}: "
                f"{problem.strerror or 'the disk refused'}. Nothing was moved: it is still at "
                f"{source} and opens as before."
            ) from None
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
        raise WorkspaceError(
            f"The database is already at {target}. Nothing was moved: give a new path."
        )
    for taken in (target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}.open")):
        if os.path.lexists(taken):
            raise WorkspaceError(
                f"{taken} already exists, and moving will not overwrite anything. Choose a path "
                "that is free. Nothing was moved."
            )
    if not os.access(source.parent, os.W_OK | os.X_OK):
        raise WorkspaceError(
            f"The database cannot be taken out of {source.parent} (it is read-only, or not "
            "yours), so it was not moved. Make the folder writable, then try again."
        )


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
