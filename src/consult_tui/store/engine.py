"""Database engines: the one place that knows SQLCipher/SQLite specifics.

Everything else in the store speaks portable SQLAlchemy. Here live the keying, the PRAGMAs, the
checks run before a file is trusted, the backup copy taken before an upgrade, and the SQLite
triggers that make finalised records and the audit log append-only inside the database itself.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CorruptDatabase,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnreadable,
    NotADatabase,
    NotAFile,
    StoreBusy,
    WrongKey,
)

if TYPE_CHECKING:
    import sqlcipher3
    from sqlalchemy import URL, Connection, Engine

KEY_BYTES = 32
BUSY_TIMEOUT_SECONDS = 5.0
PRIVATE_FILE_MODE = 0o600
_SQLITE_HEADER = b"SQLite format 3\x00"
# SQLCipher pages are 512–65536 bytes (4096 by default); every encrypted file is a whole number.
_SMALLEST_PAGE = 512
# Execution option that marks a connection whose transaction will write (see write_transaction).
_WRITE_OPTION = "consult_tui_write"

_silenced = False
_silence_lock = threading.Lock()


def silence_sqlcipher_log() -> None:
    """Stop SQLCipher writing its own log to file descriptor 2, where it garbles the screen.

    The setting is process-wide, so one in-memory connection sets it before any file is keyed.
    """
    global _silenced
    if _silenced:
        return
    import sqlcipher3

    with _silence_lock:
        if _silenced:
            return
        conn = sqlcipher3.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _silenced = True


def check_key(key: bytes) -> None:
    """A key of the wrong type or size is a programming error; the message never shows the key."""
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError(f"a record-store key is {KEY_BYTES} random bytes")


def _key_literal(key: bytes) -> str:
    """SQLCipher's raw-key form: no key derivation, because the key is already 256 random bits."""
    check_key(key)
    return f"x'{bytes(key).hex()}'"


def sqlcipher_url(path: Path, key: bytes) -> URL:
    from sqlalchemy import URL

    # URL.create needs no escaping and its repr masks the password.
    return URL.create("sqlite+pysqlcipher", password=_key_literal(key), database=str(path))


# -- raw connections: for the checks before a file is trusted, for tests and for the doctor ----


def open_raw_connection(
    path: Path, key: bytes, *, read_only: bool = False
) -> sqlcipher3.Connection:
    """A keyed sqlcipher3 connection in autocommit mode (BEGIN/COMMIT are issued by hand).

    It does not touch the file until the first statement runs, and switches nothing on (no WAL),
    so a failed first read leaves the file exactly as it was. A read-only connection never
    checkpoints a -wal file into the database when it closes.
    """
    import sqlcipher3

    silence_sqlcipher_log()
    target, uri = str(path), False
    if read_only:
        target, uri = f"file:{urllib.parse.quote(str(path))}?mode=ro", True
    conn = sqlcipher3.connect(
        target,
        uri=uri,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f'PRAGMA key = "{_key_literal(key)}"')
    except BaseException:
        conn.close()
        raise
    return conn


# -- what is at the path, judged before any key is looked up --------------------------------------

_TEXT_BYTES = 512


def check_database_file(path: Path, *, empty_ok: bool = True) -> None:
    """Say what is wrong with the file at ``path`` before a key is looked up or a page read.

    The checks run in the order a person would make them: is anything there, is it a file, can
    it be written (a read-only disk is not a damaged database), and is it shaped like an
    encrypted database at all (a text file, a plain SQLite file). Each failure has its own
    message and next step; the file is only read, never changed. Whether the key fits, and
    whether every page is sound, is left to probe_file. ``empty_ok=False`` refuses a file of
    no bytes (an interrupted `init` leaves one), which no existing database is.
    """
    from consult_tui.paths import file_kind

    try:
        status = path.stat()
    except FileNotFoundError:
        raise DatabaseMissing.at(path) from None
    except PermissionError:
        raise DatabaseUnreadable.at(path, "you may not enter its folder") from None
    except OSError as error:
        raise DatabaseUnreadable.at(path, error.strerror or "the disk reported an error") from None
    if not stat.S_ISREG(status.st_mode):
        raise NotAFile.at(path, file_kind(status.st_mode))
    if not os.access(path, os.R_OK):
        raise DatabaseUnreadable.at(path, "you may not read it: it belongs to someone else")
    folder = path.parent
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly.at(path, _read_only_reason(path, folder, "the file is read-only"))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseReadOnly.at(
            path,
            _read_only_reason(
                path,
                folder,
                f"its folder {folder} is read-only, and its working files "
                "(-wal, -shm) live beside it",
            ),
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(_TEXT_BYTES)
    except OSError as error:
        raise DatabaseUnreadable.at(path, error.strerror or "the disk reported an error") from None
    if status.st_size == 0 and not empty_ok:
        raise NotADatabase.at(
            path,
            "it is an empty file",
            "If `consult-tui init` was interrupted, remove the file and run init again; "
            "otherwise give --db the path of your consult-tui database.",
        )
    _check_shape(path, head, status.st_size)


def _read_only_reason(path: Path, folder: Path, plain: str) -> str:
    try:
        on_read_only_disk = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        on_read_only_disk = False
    if on_read_only_disk:
        return f"the disk it is on is mounted read-only ({folder})"
    return plain


def _check_shape(path: Path, head: bytes, size: int) -> None:
    if size == 0:
        return  # a new, empty store: probe_file decides what that means
    if head.startswith(_SQLITE_HEADER):
        raise NotADatabase.at(
            path,
            "it is a plain, unencrypted SQLite database",
            "consult-tui keeps records only in an encrypted store: give --db the path of your "
            "consult-tui database (`consult-tui locate` shows it).",
        )
    if _looks_like_text(head):
        raise NotADatabase.at(
            path,
            "it is a text file",
            "If it is an export to bring in, use `consult-tui import FILE`; otherwise give --db "
            "the path of your consult-tui database.",
        )
    if size % _SMALLEST_PAGE:
        # Random bytes of a page-aligned size look exactly like a store under another key: an
        # encrypted file is indistinguishable from noise, which is the point of encrypting it.
        raise NotADatabase.at(path, "its size is not that of an encrypted database")


def _looks_like_text(head: bytes) -> bool:
    # Encrypted pages are uniformly random: 512 bytes of them are never all printable UTF-8.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The sample may end inside a character: judge it without its last few bytes.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return bool(text) and all(c.isprintable() or c in "\t\n\r\f" for c in text)


@dataclass(frozen=True, slots=True)
class Probe:
    """What a file turned out to hold, learnt before any engine is pointed at it."""

    empty: bool  # a zero-length file or a keyed database with no tables yet
    revision: str | None  # the Alembic revision, None when there is no schema yet


def probe_file(path: Path, key: bytes, *, verify_pages: bool = True) -> Probe:
    """Check that a file is an undamaged consult-tui store opened by this key, changing nothing.

    Raises NotADatabase, WrongKey or CorruptDatabase. The file's bytes are never modified: no
    PRAGMA that writes is issued, and the connection is closed before anything else opens it.
    `verify_pages=False` skips reading every page (seconds at 100,000 records): the app checks
    pages in the background after unlocking instead, so a large store opens at once.
    """
    check_database_file(path)
    size = path.stat().st_size
    write_ahead_log = Path(f"{path}-wal").exists()
    if size == 0 and not write_ahead_log:
        return Probe(empty=True, revision=None)

    import sqlcipher3

    # A -wal already there (a crash, or another window) holds committed work: read past it but
    # never fold it into the file here. With none there, a read-write connection removes the
    # -wal and -shm it makes when it closes, where a read-only one would leave them behind.
    conn = open_raw_connection(path, key, read_only=write_ahead_log)
    try:
        try:
            names = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlcipher3.DatabaseError as exc:
            name = _error_name(exc)
            if name == "SQLITE_NOTADB":
                raise WrongKey.at(path) from None
            if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM")):
                raise DatabaseReadOnly.at(path, "it could not be opened for writing") from None
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise StoreBusy.at(path) from None
            if name.startswith(("SQLITE_IOERR", "SQLITE_FULL")):
                raise DatabaseUnreadable.at(path, f"the disk reported {name}") from None
            # Only a page that fails its check is damage.
            raise CorruptDatabase.at(path, "its first page cannot be read") from None
        damaged = page_problems(conn) if verify_pages else []
        if damaged:
            raise CorruptDatabase.at(path, _summarise(damaged))
        if not names:
            return Probe(empty=True, revision=None)
        if "alembic_version" not in names or "consultation" not in names:
            raise NotADatabase.at(path, "it is an encrypted database that holds something else")
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlcipher3.DatabaseError:
            raise CorruptDatabase.at(path, "its schema version cannot be read") from None
        return Probe(empty=False, revision=row[0] if row else None)
    finally:
        conn.close()


def page_problems(conn: Any) -> list[str]:
    """Every page whose HMAC fails, read through a raw keyed connection; [] when all are sound."""
    import sqlcipher3

    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlcipher3.DatabaseError:
        return ["its pages cannot be checked"]


def check_pages(path: Path, key: bytes) -> str | None:
    """A full page check on its own read-only connection (safe from a worker thread).

    Returns None when every page is sound, else a plain sentence naming the file.
    """
    conn = open_raw_connection(path, key, read_only=True)
    try:
        damaged = page_problems(conn)
    finally:
        conn.close()
    return str(CorruptDatabase.at(path, _summarise(damaged))) if damaged else None


def _error_name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", ""))


def _summarise(problems: list[str]) -> str:
    # SQLCipher says e.g. "HMAC verification failed for page 85": page numbers, no content.
    first = problems[0].rstrip(".")
    if len(problems) == 1:
        return first
    return f"{first}, and {len(problems) - 1} more damaged page(s)"


def backup_to(path: Path, key: bytes, target: Path) -> None:
    """Copy a live database to ``target`` (0600, same key) through SQLite's online backup.

    The backup API copies a consistent snapshot including anything still in the -wal file,
    which a plain file copy would miss.
    """
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(descriptor)
    source = open_raw_connection(path, key)
    try:
        destination = open_raw_connection(target, key)
        try:
            source.backup(destination)
            # The copy is a keepsake, not a working store: fold it into one self-contained file.
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    finally:
        source.close()
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()


def create_empty_file(path: Path) -> None:
    """Create the database file 0600 before SQLite sees it, so it is never briefly world-readable.

    SQLite gives the -wal and -shm files the same mode as the main file.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(descriptor)


def tighten_file_modes(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                candidate.chmod(PRIVATE_FILE_MODE)


# -- SQLAlchemy engines --------------------------------------------------------------------------


def sqlcipher_engine(path: Path, key: bytes) -> Engine:
    """The working engine for an encrypted file that probe_file has already accepted."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    silence_sqlcipher_log()
    engine = create_engine(
        sqlcipher_url(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        # Parameters can hold case text: never let them into an exception message.
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _prepare(dbapi_connection: Any, _record: Any) -> None:
        # The dialect has already keyed the connection. Take over BEGIN from the driver so that
        # reads are repeatable, DDL is transactional and writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # Sorting and temporary tables stay in memory, never in a plaintext temp file.
            cursor.execute("PRAGMA temp_store = MEMORY")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes the write lock at BEGIN, so a read-then-write transaction cannot fail
        # half-way with SQLITE_BUSY_SNAPSHOT; it waits up to the busy timeout instead.
        writes = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write; on SQLite it holds the write lock from its first read."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE_OPTION: True})
        with connection.begin():
            yield connection


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def cipher_version(connection: Connection) -> str:
    if not is_sqlite(connection):
        return ""
    row = connection.exec_driver_sql("PRAGMA cipher_version").first()
    return str(row[0]) if row and row[0] else ""


def integrity_problems(connection: Connection) -> list[str]:
    """Page-level (HMAC) and b-tree problems; an empty list means the file is sound."""
    if not is_sqlite(connection):
        return []
    problems = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check")]
    problems += [
        str(row[0])
        for row in connection.exec_driver_sql("PRAGMA integrity_check")
        if str(row[0]) != "ok"
    ]
    return problems


def missing_guards(connection: Connection, expected: tuple[str, ...]) -> list[str]:
    """Guard triggers a migration created that are no longer there (someone dropped them)."""
    if not is_sqlite(connection):
        return []
    present = {
        str(row[0])
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    return [name for name in expected if name not in present]


def is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def is_write_failure(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        phrase in text
        for phrase in ("disk i/o error", "database or disk is full", "readonly database")
    )


def is_corruption(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "malformed" in text or "file is not a database" in text


def is_guard_refusal(exc: BaseException) -> bool:
    return GUARD_MESSAGE in str(getattr(exc, "orig", exc))


# -- guards created by migration v2 (SQLite only; PostgreSQL will get its own) ------------------
# Frozen: a later revision adds new statements rather than editing these, because migration v2
# must build the same database forever.

GUARD_MESSAGE = "finalised records and the audit log cannot be changed"

GUARD_NAMES_V2 = (
    "consultation_finalised_not_updated",
    "consultation_finalised_not_deleted",
    "addendum_not_updated",
    "addendum_not_deleted",
    "audit_entry_not_updated",
    "audit_entry_not_deleted",
)


def _refuse_every(change: str, table: str) -> str:
    """A trigger refusing every UPDATE or DELETE on a table: v2's text, never to be changed."""
    return f"""
    CREATE TRIGGER {table}_not_{change.lower()}d BEFORE {change} ON {table}
    BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END
    """


SQLITE_GUARDS_V2 = (
    f"""
    CREATE TRIGGER consultation_finalised_not_updated
    BEFORE UPDATE ON consultation
    WHEN OLD.status = 'finalised' AND (
        NEW.body IS NOT OLD.body OR NEW.body_hash IS NOT OLD.body_hash
        OR NEW.status IS NOT OLD.status OR NEW.finalised_at IS NOT OLD.finalised_at
        OR NEW.id IS NOT OLD.id
    )
    BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER consultation_finalised_not_deleted
    BEFORE DELETE ON consultation WHEN OLD.status = 'finalised'
    BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END
    """,
    *(
        _refuse_every(change, table)
        for table in ("addendum", "audit_entry")
        for change in ("UPDATE", "DELETE")
    ),
)

SQLITE_GUARD_DROPS_V2 = tuple(f"DROP TRIGGER IF EXISTS {name}" for name in GUARD_NAMES_V2)
