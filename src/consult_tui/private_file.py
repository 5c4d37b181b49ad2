"""The one way consult-tui writes a file: private, whole or not at all, and never over its own.

Exports and crash reports hold case data or clues to it, so every file the app writes is:

- an ordinary file, reached without following a symbolic link (a link could steer the bytes into
  someone else's file), with mode 0600 from the moment it exists;
- written to a temporary file beside it (created exclusively, 0600), flushed to disk, and only
  then given its name, so a full disk or a crash leaves no half file under the real name, and an
  audit entry written after the file is in place never claims an export that did not happen;
- never the database, its -wal/-shm/-journal files, its upgrade backups, its lease folder, the
  key store file or the config file, nor anything else inside the app's data folder except its
  exports folder: one mistyped `-o` must not turn the encrypted records into plain text;
- never over an existing file unless the person says so outright (`--overwrite`), and never over
  the app's own files, whatever they say.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .paths import AppPaths, file_kind, names_a_folder, shown_path

PRIVATE_MODE = 0o600
_NOT_WRITTEN = "Nothing was written."


class WriteRefused(Exception):
    """A file was not written; the message names it, says why, and what to do instead."""


@dataclass(frozen=True, slots=True)
class AppFiles:
    """The files and folders consult-tui keeps for itself, which no export or report may touch."""

    config_file: Path
    key_store_file: Path
    data_dir: Path
    exports_dir: Path
    databases: tuple[Path, ...] = ()

    @classmethod
    def of(cls, paths: AppPaths, databases: Iterable[Path | None] = ()) -> AppFiles:
        chosen = [Path(d) for d in databases if d is not None]
        return cls(
            config_file=paths.config_file,
            key_store_file=paths.cryptfile_keyring,
            data_dir=paths.data_dir,
            exports_dir=paths.exports_dir,
            databases=(*chosen, paths.default_database),
        )

    def why_protected(self, target: Path) -> str | None:
        """What app file ``target`` (an absolute path, folders resolved) is, or None."""
        real = _real(target)
        for database in self.databases:
            what = _database_file(real, _real(database))
            if what:
                return what
        if real == _real(self.key_store_file):
            return "the key store file, which holds the key of every database"
        if real == _real(self.config_file):
            return "consult-tui's config file"
        data_dir, exports_dir = _real(self.data_dir), _real(self.exports_dir)
        if _inside(real, data_dir) and not _inside(real, exports_dir, strictly=True):
            return (
                f"inside consult-tui's data folder {data_dir}, where only its exports folder "
                f"{exports_dir} takes files"
            )
        return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path, *, strictly: bool = False) -> bool:
    if path == folder:
        return not strictly
    return folder in path.parents


def _database_file(target: Path, database: Path) -> str | None:
    if target.parent == database.parent:
        name, base = target.name, database.name
        if name == base:
            return "the consult-tui database"
        if name in (f"{base}-wal", f"{base}-shm", f"{base}-journal"):
            return "one of the database's working files (its records live there too)"
        if fnmatch.fnmatchcase(name, f"{base}.pre-*.bak"):
            return "a backup copy of the database"
    lease_folder = database.with_name(f"{database.name}.open")
    if _inside(target, lease_folder):
        return "the database's lease folder, which marks drafts open in other windows"
    return None


def check_target(
    path: str | os.PathLike[str], *, app_files: AppFiles, overwrite: bool = False
) -> Path:
    """The absolute path a file would be written to, or WriteRefused saying why it may not be."""
    raw = os.fspath(path)
    if not raw.strip():
        raise WriteRefused(
            "An empty file name was given. Give the file to write (or leave -o out to print "
            f"to the screen). {_NOT_WRITTEN}"
        )
    from .paths import PathRefused, _expanded

    try:
        absolute = _expanded(raw, "The output path")
    except PathRefused as problem:
        raise WriteRefused(f"{problem} {_NOT_WRITTEN}") from None
    shown = shown_path(absolute)
    if names_a_folder(raw) or absolute.name in ("", ".", ".."):
        raise WriteRefused(
            f"Cannot write {shown}: it names a folder. Give a file name inside it, for "
            f"example {shown_path(absolute / 'consultation.json')}. {_NOT_WRITTEN}"
        )
    folder = absolute.parent
    # Links in the folders are followed: a link to the database's folder is the database's folder.
    target = Path(os.path.realpath(folder)) / absolute.name
    why = app_files.why_protected(target)
    if why is not None:
        raise WriteRefused(
            f"Cannot write {shown}: it is {why}. consult-tui never writes an export or report "
            f"there, even with --overwrite. Choose a file outside consult-tui's own folders, "
            f"for example in {shown_path(Path.home())}. {_NOT_WRITTEN}"
        )
    try:
        folder_mode = folder.stat().st_mode
    except FileNotFoundError:
        raise WriteRefused(
            f"Cannot write {shown}: the folder {shown_path(folder)} does not exist. Create it "
            f"first (mkdir -p {shown_path(folder)}) or choose another folder. {_NOT_WRITTEN}"
        ) from None
    except NotADirectoryError:
        raise WriteRefused(
            f"Cannot write {shown}: part of its folder path is a file, not a folder. "
            f"Choose a folder that exists. {_NOT_WRITTEN}"
        ) from None
    except PermissionError:
        raise WriteRefused(
            f"Cannot write {shown}: you may not enter the folder {shown_path(folder)}. Choose "
            f"a folder of your own. {_NOT_WRITTEN}"
        ) from None
    if not stat.S_ISDIR(folder_mode):
        raise WriteRefused(
            f"Cannot write {shown}: {shown_path(folder)} is a file, not a folder. {_NOT_WRITTEN}"
        )
    try:
        existing = target.lstat()
    except FileNotFoundError:
        return target
    if stat.S_ISLNK(existing.st_mode):
        pointee = Path(os.path.realpath(target))
        where = "nowhere (it is dangling)" if not pointee.exists() else shown_path(pointee)
        raise WriteRefused(
            f"Cannot write {shown}: it is a symbolic link, to {where}. consult-tui never writes "
            f"through a link, because it could lead into someone else's file. Give the real "
            f"file's name, or another name. {_NOT_WRITTEN}"
        )
    if not stat.S_ISREG(existing.st_mode):
        raise WriteRefused(
            f"Cannot write {shown}: it is {file_kind(existing.st_mode)}, not an ordinary file. "
            f"Give the name of a new file. {_NOT_WRITTEN}"
        )
    if _same_as_protected(target, app_files):
        raise WriteRefused(
            f"Cannot write {shown}: it is another name (a hard link) for one of consult-tui's "
            f"own files. Choose another file. {_NOT_WRITTEN}"
        )
    if not overwrite:
        raise WriteRefused(
            f"Cannot write {shown}: a file of that name already exists. Choose another name, "
            f"or give --overwrite to replace it. {_NOT_WRITTEN}"
        )
    return target


def _same_as_protected(target: Path, app_files: AppFiles) -> bool:
    candidates = [app_files.key_store_file, app_files.config_file]
    for database in app_files.databases:
        candidates += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    for candidate in candidates:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, candidate):
                return True
    return False


def write_private_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    app_files: AppFiles,
    overwrite: bool = False,
) -> Path:
    """Write ``data`` as a new private file (or, with overwrite, replace an ordinary file).

    Returns the absolute path written. Raises WriteRefused, naming the file and the next step,
    when the path may not be written or the write fails; then nothing is left behind.
    """
    target = check_target(path, app_files=app_files, overwrite=overwrite)
    shown = shown_path(target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(temporary, flags, PRIVATE_MODE)
    except OSError as error:
        raise WriteRefused(_failed(shown, error, started=False)) from None
    try:
        try:
            os.fchmod(descriptor, PRIVATE_MODE)  # the umask cannot loosen it, nor tighten it oddly
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _put_in_place(temporary, target, overwrite=overwrite)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteRefused(_failed(shown, error, started=True)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)
    return target


def _put_in_place(temporary: Path, target: Path, *, overwrite: bool) -> None:
    """Give the finished file its name; without overwrite, never replace what appeared since."""
    if overwrite:
        os.replace(temporary, target)  # replaces the name, never writes into the old file
        return
    try:
        # A hard link fails if the name is taken, even by a file made a moment ago.
        os.link(temporary, target, follow_symlinks=False)
    except FileExistsError:
        raise WriteRefused(
            f"Cannot write {shown_path(target)}: a file of that name appeared while writing. "
            f"Choose another name, or give --overwrite to replace it. {_NOT_WRITTEN}"
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links (FAT on a USB stick): check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists") from None
        os.rename(temporary, target)
        return
    temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry, so the file's name survives a power cut."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _failed(shown: str, error: OSError, *, started: bool) -> str:
    reasons = {
        errno.ENOSPC: ("the disk is full", "Free some space, or choose another disk"),
        errno.EDQUOT: ("your disk quota is used up", "Free some space, or choose another disk"),
        errno.EROFS: ("that disk is read-only", "Choose a folder on a disk you can write to"),
        errno.EACCES: ("you may not write in that folder", "Choose a folder of your own"),
        errno.EPERM: ("you may not write in that folder", "Choose a folder of your own"),
        errno.EIO: ("the disk reported an error", "Check the disk, or choose another one"),
        errno.EEXIST: ("a file of that name appeared while writing", "Choose another name"),
    }
    reason, next_step = reasons.get(
        error.errno or 0,
        (error.strerror or "the write failed", "Choose another file or folder"),
    )
    left = " No part of the file was left behind." if started else ""
    return f"Cannot write {shown}: {reason}.{left} {next_step}, then try again. {_NOT_WRITTEN}"
