"""Where consult-tui keeps its config, data, key store and crash reports, and how a path a person
typed is turned into the one file it means.

Everything follows the platform's conventions (XDG on Linux) through platformdirs, so a test or
an administrator can move it all by setting XDG_* variables, and `consult-tui locate` shows it.
A path given on the command line is resolved once, here: symbolic links followed (and said so),
a link that points nowhere refused, an empty path refused, and a trailing "/" taken to mean a
folder that must exist. Nothing else in the app second-guesses a path.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "consult-tui"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Where this installation keeps its own files: what no export or report may write over."""

    config_file: Path
    data_dir: Path
    default_database: Path
    cryptfile_keyring: Path
    crash_dir: Path

    @property
    def exports_dir(self) -> Path:
        """The one folder inside the data folder that exports may be written to."""
        return self.data_dir / "exports"


def app_paths() -> AppPaths:
    # Imported here: platformdirs is cheap, but the unlock screen should import as little as it can.
    import platformdirs

    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    state_dir = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    config_file = Path(os.environ.get("CONSULT_TUI_CONFIG", config_dir / "config.toml"))
    return AppPaths(
        config_file=config_file,
        data_dir=data_dir,
        default_database=data_dir / "consultations.db",
        cryptfile_keyring=data_dir / "keyring.cfg",
        crash_dir=state_dir / "crash",
    )


def ensure_private_dir(path: Path) -> Path:
    """Make a folder, and any missing folder above it, that only its owner can enter (0700).

    A folder that is already there is left exactly as it is: it may be a team's shared folder
    (2775) or /tmp (1777), and its mode is its owner's business. `consult-tui doctor` warns when
    the database's folder can be read by others.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by someone else a moment ago: not ours to change
        # mkdir's mode passes through the umask; a folder we made is ours to set exactly.
        folder.chmod(0o700)
    return path


class PathRefused(Exception):
    """A path given by a person cannot be used; the message says why and what to give instead."""


@dataclass(frozen=True, slots=True)
class ResolvedPath:
    """The file a typed path means, and the link it was reached through, if any."""

    path: Path
    via_link: Path | None = None


def shown_path(text: str | os.PathLike[str]) -> str:
    """A typed path fit to print: control characters made visible, a long one cut short."""
    from .explained import shown

    return shown(os.fspath(text), limit=300)


def _expanded(text: str | os.PathLike[str], what: str) -> Path:
    raw = os.fspath(text)
    if not raw.strip():
        raise PathRefused(f"{what} was given an empty path. Give the file's name.")
    if "\0" in raw:
        raise PathRefused(f"{what} was given a path with a NUL character in it: {shown_path(raw)}.")
    try:
        expanded = Path(raw).expanduser()
    except RuntimeError:
        user = raw[1:].split("/", 1)[0]
        raise PathRefused(
            f"{what}: there is no user called {shown_path(user)} on this computer, so "
            f"{shown_path(raw)} cannot be found. Check the spelling, or give the full path."
        ) from None
    return expanded if expanded.is_absolute() else Path.cwd() / expanded


def _with_real_folder(path: Path) -> Path:
    """The path with every link in its folders resolved (the last name is kept as it is)."""
    return Path(os.path.realpath(path.parent)) / path.name


def names_a_folder(text: str | os.PathLike[str]) -> bool:
    raw = os.fspath(text)
    return raw.endswith(os.sep) or raw.endswith(f"{os.sep}.") or raw in (".", "..")


def resolve_database_path(text: str | os.PathLike[str], what: str = "--db") -> ResolvedPath:
    """The database file a typed path means: links followed, a dangling link refused.

    A path that does not exist yet is fine (`init` makes it); what is there is judged later,
    by the opening checks, each with its own message.
    """
    raw = os.fspath(text)
    path = _expanded(raw, what)
    if names_a_folder(raw):
        raise PathRefused(
            f"{what} {shown_path(raw)} ends with '/', so it names a folder, but a database is a "
            f"file. Give the file's name, for example {shown_path(path / 'consultations.db')}."
        )
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise PathRefused(
                f"{what} {shown_path(path)} is a symbolic link to {shown_path(target)}, which "
                "does not exist. Point it at the real database, or give the database's own path."
            )
        return ResolvedPath(target, via_link=path)
    return ResolvedPath(_with_real_folder(path))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not an ordinary file"
