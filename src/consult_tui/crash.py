"""Crash reports that help a maintainer without exposing a child's case.

Only the exception's type and the code locations are written: never local variables, never the
exception message (a validation error, for one, quotes the input that failed), never record text.
The report goes through the app's one file writer: 0600, whole or not at all.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from .paths import app_paths, ensure_private_dir


def write_crash_report(error: BaseException, crash_dir: Path) -> Path | None:
    """Write a redacted report (0600) and return its path, or None if even that failed."""
    from .private_file import AppFiles, WriteRefused, write_private_file

    try:
        ensure_private_dir(crash_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = crash_dir / f"crash-{stamp}-{os.getpid()}.txt"
        lines = [
            f"consult-tui crash report {stamp}",
            f"error type: {type(error).__module__}.{type(error).__qualname__}",
            "message: (withheld: it may contain case details)",
            "where (most recent call last):",
        ]
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        cause = error.__cause__ or error.__context__
        if cause is not None:
            lines.append(f"caused by: {type(cause).__module__}.{type(cause).__qualname__}")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        return write_private_file(path, data, app_files=AppFiles.of(app_paths()))
    except (OSError, WriteRefused):
        return None
