"""Opening a record-store file: checked before keying, made if asked, upgraded after a backup.

A file that cannot be opened (missing, wrong key, damaged, not a store, too new) is left
byte-for-byte as it was. An upgrade first copies the file to ``<name>.pre-<revision>.bak`` (0600)
beside it, and runs in one transaction: if it fails, nothing of it remains.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from consult_tui.paths import ensure_private_dir

from . import engine, schema
from .errors import DatabaseMissing, MigrationFailed, NewerSchema, StoreBusy


def open_database(path: Path, key: bytes, *, create: bool, verify_pages: bool) -> Engine:
    """The engine for the store at ``path`` (absolute), made or upgraded to this schema."""
    engine.check_key(key)
    created = False
    if not path.exists():
        if not create:
            raise DatabaseMissing.at(path)
        ensure_private_dir(path.parent)
        engine.create_empty_file(path)
        created = True
        probe = engine.Probe(empty=True, revision=None)
    else:
        engine.check_database_file(path)
        probe = engine.probe_file(path, key, verify_pages=verify_pages)
        if probe.empty and not create:
            raise DatabaseMissing.at(path)
    if schema.is_newer_than_app(probe.revision):
        raise NewerSchema.at(path, str(probe.revision))

    try:
        database = _prepare(path, key, probe)
    except BaseException:
        if created:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        raise
    with contextlib.suppress(OSError):
        # Tighten a folder we own; a shared parent (say /srv) is left to its administrator.
        ensure_private_dir(path.parent)
    engine.tighten_file_modes(path)
    return database


def _prepare(path: Path, key: bytes, probe: engine.Probe) -> Engine:
    backup: Path | None = None
    upgrade = probe.empty or schema.needs_upgrade(probe.revision)
    if upgrade and not probe.empty:
        backup = free_backup_path(path, schema.HEAD_REVISION)
        try:
            engine.backup_to(path, key, backup)
        except Exception as exc:
            raise MigrationFailed.at(path, None) from exc
    database = engine.sqlcipher_engine(path, key)
    if not upgrade:
        return database
    try:
        with engine.write_transaction(database) as connection:
            schema.upgrade(connection)
    except Exception as exc:
        database.dispose()
        if isinstance(exc, SQLAlchemyError) and engine.is_busy(exc):
            raise StoreBusy.at(path) from exc
        raise MigrationFailed.at(path, backup) from exc
    return database


def free_backup_path(path: Path, revision: str) -> Path:
    """A backup name beside the file that no earlier upgrade's copy has taken."""
    candidate = path.with_name(f"{path.name}.pre-{revision}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.pre-{revision}.{number}.bak")
        number += 1
    return candidate
