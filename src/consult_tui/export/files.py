"""Writing an export: readable by its owner only, because it holds case data in plain text."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from consult_tui.paths import app_paths, ensure_private_dir

PRIVATE_MODE = 0o600


class ExportError(Exception):
    """An export could not be made; the message says what to do next and quotes no case text."""


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` with mode 0600, replacing a file that is already there.

    A symbolic link at ``path`` is refused rather than followed, so an export cannot be steered
    into someone else's file.
    """
    path = Path(path).expanduser()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, PRIVATE_MODE)
    except OSError as error:
        raise ExportError(
            f"Cannot write {path}: {error.strerror or 'it cannot be opened'}. "
            "Choose another file or folder and export again."
        ) from None
    try:
        os.fchmod(descriptor, PRIVATE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise ExportError(
            f"Could not finish writing {path}: {error.strerror or 'the write failed'}. "
            "The file may be incomplete: delete it and export again."
        ) from None
    return path


def default_export_path(record_id: str, extension: str, folder: Path | None = None) -> Path:
    """A new file in the private exports folder, named by record id and time, never case text."""
    target = ensure_private_dir(folder or app_paths().data_dir / "exports")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = target / f"consultation-{record_id}-{stamp}.{extension}"
    number = 2
    while path.exists():
        path = target / f"consultation-{record_id}-{stamp}-{number}.{extension}"
        number += 1
    return path
