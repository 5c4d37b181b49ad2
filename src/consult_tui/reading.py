"""Reading a file someone named: a regular file only, and never more than a stated size.

`/dev/zero` would be read until memory runs out, a FIFO would wait for a writer for ever, and a
folder gives a confusing error, so every file the app is told to read (an import, a record to
assess, the config) goes through here: it is opened without blocking, checked to be a regular
file, and read up to its limit plus one byte, so a file that grows while being read is caught too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024
# A records file: 100,000 records export to about 150 MB.
IMPORT_LIMIT = 256 * MB
# One record to assess.
RECORD_LIMIT = 4 * MB
# The settings file.
CONFIG_LIMIT = 1 * MB


class ReadRefused(Exception):
    """The file cannot or must not be read; the message names it and says why and what to do."""


def size_words(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"


def read_bytes(path: Path, *, limit: int, what: str) -> bytes:
    """The whole file's bytes, refusing anything that is not a regular file of at most ``limit``.

    ``what`` names the file in messages ("The import file", "The config file").
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadRefused(f"{what} {path} does not exist. Check the path.") from None
    except PermissionError:
        raise ReadRefused(
            f"{what} {path} cannot be read: permission denied. Check who owns it."
        ) from None
    except OSError as error:
        raise ReadRefused(
            f"{what} {path} cannot be opened ({_reason(error)}). Check the path."
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadRefused(f"{what} {path} is a folder, not a file. Name the file inside it.")
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused(
                f"{what} {path} is not a regular file (it is a device, pipe or socket); "
                "consult-tui reads only ordinary files. Save it to a file first."
            )
        too_big = (
            f"{what} {path} is larger than the {size_words(limit)} consult-tui reads. "
            "Check that it is the file you meant; split a records file into smaller ones."
        )
        if info.st_size > limit:
            raise ReadRefused(too_big)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ReadRefused(too_big)
        return b"".join(chunks)
    except OSError as error:
        raise ReadRefused(f"{what} {path} could not be read ({_reason(error)}).") from None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int, what: str) -> str:
    """The file as UTF-8 text, with the same refusals as read_bytes."""
    data = read_bytes(path, limit=limit, what=what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadRefused(
            f"{what} {path} is not UTF-8 text (byte {error.start} cannot be read). "
            "Save it as UTF-8 and try again."
        ) from None


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "too many symbolic links"
    return error.strerror or type(error).__name__
