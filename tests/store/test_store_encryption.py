"""Stories about what an onlooker with the files but not the key can learn: nothing."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from consult_tui.domain.record import Addendum
from consult_tui.store.repository import RecordStore
from tests.store.store_helpers import CANARY, health_visitor_record

# Fragments that would betray the canary in any encoding a database might use.
_TELLTALES = (CANARY.encode("utf-8"), b"7f3a91", CANARY.encode("utf-16-le")[:24])


def _store_files(db_path: Path) -> list[Path]:
    return [
        candidate
        for candidate in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"))
        if candidate.exists()
    ]


def _assert_canary_absent(files: list[Path]) -> None:
    for file in files:
        data = file.read_bytes()
        for telltale in _TELLTALES:
            assert telltale not in data, f"case text readable in {file.name}"


def test_case_text_is_unreadable_in_every_file_while_open_and_after_close(
    store: RecordStore, db_path: Path
) -> None:
    record = health_visitor_record(note=CANARY)
    store.save_draft(record)
    final = store.finalise(record, {"recommendation": "share_now"})
    store.add_addendum(final.id, Addendum(author="Priya Shah", reason=CANARY, text=CANARY))
    assert CANARY in store.get(record.id).facts[0].text

    open_files = _store_files(db_path)
    assert Path(f"{db_path}-wal") in open_files, "the store should be writing ahead to -wal"
    _assert_canary_absent(open_files)

    store.close()
    _assert_canary_absent(_store_files(db_path))


def test_plain_sqlite_cannot_read_the_store(store: RecordStore, db_path: Path) -> None:
    store.save_draft(health_visitor_record())
    store.close()
    plain = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            plain.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        plain.close()


def test_the_store_reports_sqlcipher_in_use(store: RecordStore) -> None:
    assert store.cipher_in_use()
    assert store.integrity_check() == "ok"


def test_database_and_its_folder_are_private_to_the_user(store: RecordStore, db_path: Path) -> None:
    store.save_draft(health_visitor_record())
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    for file in _store_files(db_path):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert len(_store_files(db_path)) == 3, "expected the database, -wal and -shm while open"


def test_opening_tightens_the_file_but_leaves_a_folder_it_did_not_make_as_it_was(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    # The folder may be a team's shared folder: its mode is its owner's business, and
    # `consult-tui doctor` warns about it instead.
    store.close()
    db_path.parent.chmod(0o2775)
    db_path.chmod(0o644)
    RecordStore.open(db_path, key).close()
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o2775
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
