"""One open record-store file: its engine, its lock and its signer, which every job works through.

The jobs (writes, reading, review queries, chronology, importing, health) are plain functions of
a StoreHandle, so each can live in its own module while still sharing one lock (one operation at
a time per store) and one translation of database errors into plain sentences.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from . import audit, engine
from .errors import CorruptDatabase, StoreBusy, StoreClosed, StoreError, StoreWriteFailed

if TYPE_CHECKING:
    from consult_tui.security.signing import InstallationKey


class StoreHandle:
    """The open file and what goes with it; RecordStore hands it to each job module."""

    def __init__(self, path: Path, database: Engine) -> None:
        self.path = path
        self.engine = database
        self.os_user = audit.current_os_user()
        self.signer: InstallationKey | None = None
        self.closed = False
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        """One operation at a time per store, and database errors told as plain sentences."""
        with self._lock:
            if self.closed:
                raise StoreClosed.at(self.path)
            try:
                yield
            except SQLAlchemyError as exc:
                raise plain_error(self.path, exc) from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads, inside working()."""
        with self.working(), self.engine.connect() as connection:
            yield connection

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (holding the write lock from its first read), inside working()."""
        with self.working(), engine.write_transaction(self.engine) as connection:
            yield connection

    def close(self) -> None:
        """Close the file. Safe to call twice, and from a signal handler: it never blocks long."""
        acquired = self._lock.acquire(timeout=engine.BUSY_TIMEOUT_SECONDS)
        try:
            if self.closed:
                return
            self.closed = True
            self.engine.dispose()
        finally:
            if acquired:
                self._lock.release()


def plain_error(path: Path, exc: SQLAlchemyError) -> StoreError:
    """A database error as a sentence naming the file and the next step, never the SQL."""
    if engine.is_busy(exc):
        return StoreBusy.at(path)
    if engine.is_write_failure(exc):
        return StoreWriteFailed.at(path)
    if engine.is_corruption(exc):
        return CorruptDatabase.at(path, "part of it can no longer be read")
    if engine.is_guard_refusal(exc):
        return StoreError(
            f"The record store at {path} refused to change a finalised record or the "
            "audit log. Add an addendum instead.",
            path=path,
        )
    return StoreError(
        f"The record store at {path} could not complete that action. Try again; if it "
        "keeps happening, run 'consult-tui doctor'.",
        path=path,
    )
