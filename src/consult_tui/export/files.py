"""Writing an export: readable by its owner only, because it holds case data in plain text.

The bytes go through the app's one file writer (consult_tui.private_file), so an export made
from the screen obeys the same rules as one made at the command line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from consult_tui.paths import app_paths, ensure_private_dir
from consult_tui.private_file import PRIVATE_MODE, AppFiles, WriteRefused, write_private_file

__all__ = ["PRIVATE_MODE", "ExportError", "default_export_path", "write_private"]


class ExportError(Exception):
    """An export could not be made; the message says what to do next and quotes no case text."""


def write_private(
    path: Path,
    data: bytes,
    *,
    app_files: AppFiles | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``data`` to a new file at ``path`` (0600, whole or not at all); ExportError if not.

    A symbolic link, a folder, one of the app's own files or (without ``overwrite``) an existing
    file is refused rather than written, so an export cannot be steered into someone else's file.
    """
    guard = app_files if app_files is not None else AppFiles.of(app_paths())
    try:
        return write_private_file(path, data, app_files=guard, overwrite=overwrite)
    except WriteRefused as refused:
        raise ExportError(str(refused)) from None


def default_export_path(record_id: str, extension: str, folder: Path | None = None) -> Path:
    """A new file in the private exports folder, named by record id and time, never case text."""
    target = ensure_private_dir(folder or app_paths().exports_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = target / f"consultation-{record_id}-{stamp}.{extension}"
    number = 2
    while path.exists():
        path = target / f"consultation-{record_id}-{stamp}-{number}.{extension}"
        number += 1
    return path
