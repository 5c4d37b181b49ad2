"""Stories about opening a store that is missing, locked with another key, damaged or not a store.

Each failure must name the file, say what to do, and leave every byte on disk as it was.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

import pytest

from consult_tui.store import schema
from consult_tui.store.engine import open_raw_connection
from consult_tui.store.errors import (
    CorruptDatabase,
    DatabaseMissing,
    NewerSchema,
    NotADatabase,
    StoreError,
    WrongKey,
)
from consult_tui.store.repository import RecordStore
from tests.store.store_helpers import folder_snapshot, health_visitor_record


@pytest.fixture
def closed_store(db_path: Path, key: bytes) -> Path:
    """A store with a few records, closed again (so no -wal file is left beside it)."""
    with RecordStore.open(db_path, key, create=True) as store:
        for number in range(40):
            store.save_draft(health_visitor_record(case_reference=f"HV-{number}", note="x" * 400))
    assert not Path(f"{db_path}-wal").exists()
    return db_path


def test_a_missing_store_is_reported_and_nothing_is_created(tmp_path: Path, key: bytes) -> None:
    missing = tmp_path / "nowhere" / "consultations.db"
    with pytest.raises(DatabaseMissing) as caught:
        RecordStore.open(missing, key)
    assert str(missing) in str(caught.value)
    assert "settings" in str(caught.value)
    assert not missing.parent.exists()


def test_create_makes_a_new_store_in_a_new_private_folder(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "fresh" / "consultations.db"
    with RecordStore.open(path, key, create=True) as store:
        assert store.count() == 0
        assert store.schema_version() == schema.HEAD_REVISION
    assert not list(path.parent.glob("*.bak")), "a new store needs no pre-upgrade copy"


def test_the_wrong_key_is_refused_and_the_file_is_untouched(
    closed_store: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    before = folder_snapshot(closed_store.parent)
    with pytest.raises(WrongKey) as caught:
        RecordStore.open(closed_store, secrets.token_bytes(32))
    assert str(closed_store) in str(caught.value)
    assert "key" in str(caught.value)
    assert folder_snapshot(closed_store.parent) == before
    # SQLCipher's own log would draw over the screen: it must stay silent.
    assert capfd.readouterr().err == ""


def test_random_bytes_are_not_a_database_and_stay_as_they_were(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "consultations.db"
    path.write_bytes(secrets.token_bytes(10_000))
    before = folder_snapshot(tmp_path)
    with pytest.raises(NotADatabase) as caught:
        RecordStore.open(path, key)
    assert str(path) in str(caught.value)
    assert folder_snapshot(tmp_path) == before


def test_a_plain_unencrypted_sqlite_file_is_not_taken_for_a_store(
    tmp_path: Path, key: bytes
) -> None:
    path = tmp_path / "consultations.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE notes (text)")
    plain.commit()
    plain.close()
    before = folder_snapshot(tmp_path)
    with pytest.raises(NotADatabase, match="unencrypted"):
        RecordStore.open(path, key)
    assert folder_snapshot(tmp_path) == before


def test_another_encrypted_database_under_the_same_key_is_not_a_store(
    tmp_path: Path, key: bytes
) -> None:
    path = tmp_path / "other.db"
    other = open_raw_connection(path, key)
    other.execute("CREATE TABLE shopping (item)")
    other.close()
    with pytest.raises(NotADatabase, match="something else"):
        RecordStore.open(path, key)


def test_a_damaged_store_is_reported_and_left_exactly_as_found(
    closed_store: Path, key: bytes, capfd: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(closed_store.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 32] = bytes(byte ^ 0xFF for byte in data[middle : middle + 32])
    closed_store.write_bytes(bytes(data))
    before = folder_snapshot(closed_store.parent)

    with pytest.raises(CorruptDatabase) as caught:
        RecordStore.open(closed_store, key)
    message = str(caught.value)
    assert str(closed_store) in message
    assert "backup" in message
    assert "page" in message
    assert folder_snapshot(closed_store.parent) == before
    assert not Path(f"{closed_store}-wal").exists()
    assert capfd.readouterr().err == ""


def test_an_empty_file_is_treated_as_no_store_yet(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "consultations.db"
    path.touch(mode=0o600)
    with pytest.raises(DatabaseMissing):
        RecordStore.open(path, key)
    with RecordStore.open(path, key, create=True) as store:
        assert store.schema_version() == schema.HEAD_REVISION


def test_a_store_from_a_newer_version_is_left_alone(closed_store: Path, key: bytes) -> None:
    raw = open_raw_connection(closed_store, key)
    raw.execute("UPDATE alembic_version SET version_num = 'v99'")
    raw.close()
    before = folder_snapshot(closed_store.parent)
    with pytest.raises(NewerSchema, match="newer version"):
        RecordStore.open(closed_store, key)
    assert folder_snapshot(closed_store.parent) == before


def test_a_key_of_the_wrong_size_is_a_programming_error(db_path: Path) -> None:
    with pytest.raises(ValueError, match="32 random bytes"):
        RecordStore.open(db_path, b"short", create=True)


def test_every_opening_problem_is_a_store_error_with_a_plain_sentence(
    tmp_path: Path, key: bytes
) -> None:
    path = tmp_path / "consultations.db"
    path.write_bytes(os.urandom(4096 * 3))
    with pytest.raises(StoreError) as caught:
        RecordStore.open(path, key)
    # Page-sized noise is indistinguishable from a store under another key, by design.
    assert isinstance(caught.value, WrongKey)
    assert str(caught.value).endswith(".")


def _lasting_files(folder: Path) -> dict[str, bytes]:
    # -shm is shared memory that any reader may rewrite: it holds no records, unlike -wal.
    return {
        name: data for name, data in folder_snapshot(folder).items() if not name.endswith("-shm")
    }


@pytest.fixture
def crashed_store(closed_store: Path, tmp_path: Path, key: bytes) -> tuple[Path, str]:
    """The files as a killed consult-tui leaves them: saved work still in the -wal file."""
    record = health_visitor_record(case_reference="HV-CRASH")
    with RecordStore.open(closed_store, key) as store:
        store.save_draft(record)
        left = tmp_path / "after-crash"
        left.mkdir(mode=0o700)
        for file in closed_store.parent.iterdir():
            (left / file.name).write_bytes(file.read_bytes())
    assert (left / "consultations.db-wal").stat().st_size > 0
    return left / "consultations.db", record.id


def test_work_saved_just_before_a_crash_is_there_on_the_next_open(
    crashed_store: tuple[Path, str], key: bytes
) -> None:
    path, record_id = crashed_store
    with RecordStore.open(path, key) as store:
        assert store.get(record_id).case_reference == "HV-CRASH"
        assert store.count() == 41
        assert store.verify_audit().ok


def test_a_wrong_key_after_a_crash_leaves_the_unsaved_work_alone(
    crashed_store: tuple[Path, str],
) -> None:
    path, _ = crashed_store
    before = _lasting_files(path.parent)
    with pytest.raises(WrongKey):
        RecordStore.open(path, secrets.token_bytes(32))
    assert _lasting_files(path.parent) == before


def test_a_damaged_store_after_a_crash_keeps_its_unsaved_work_for_recovery(
    crashed_store: tuple[Path, str], key: bytes
) -> None:
    path, _ = crashed_store
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 32] = bytes(32)
    path.write_bytes(bytes(data))
    before = _lasting_files(path.parent)
    with pytest.raises(CorruptDatabase):
        RecordStore.open(path, key)
    assert _lasting_files(path.parent) == before


def test_a_quick_open_defers_the_page_check_which_still_finds_the_damage(
    closed_store: Path, key: bytes
) -> None:
    """Unlocking a large store must not wait seconds for every page to be read; the app opens
    without the page check and runs it in the background, which must still catch the damage."""
    from consult_tui.store.engine import check_pages

    assert check_pages(closed_store, key) is None
    data = bytearray(closed_store.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 32] = bytes(byte ^ 0xFF for byte in data[middle : middle + 32])
    closed_store.write_bytes(bytes(data))

    RecordStore.open(closed_store, key, verify_pages=False).close()  # opens at once
    problem = check_pages(closed_store, key)
    assert problem is not None
    assert str(closed_store) in problem and "page" in problem


# -- what is at the path, told before any key is used -----------------------------------------


def test_a_folder_is_named_a_folder_with_the_file_to_give_instead(
    tmp_path: Path, key: bytes
) -> None:
    from consult_tui.store.engine import check_database_file
    from consult_tui.store.errors import NotAFile

    folder = tmp_path / "records"
    folder.mkdir()
    with pytest.raises(NotAFile) as caught:
        check_database_file(folder)
    assert "is a folder, not a database file" in str(caught.value)
    assert str(folder / "consultations.db") in str(caught.value)


def test_opening_a_folder_as_the_store_names_it_a_folder_and_makes_nothing(
    tmp_path: Path, key: bytes
) -> None:
    from consult_tui.store.errors import NotAFile

    folder = tmp_path / "records"
    folder.mkdir()
    with pytest.raises(NotAFile) as caught:
        RecordStore.open(folder, key, create=True)
    assert "is a folder, not a database file" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_a_named_pipe_is_named_and_never_read(tmp_path: Path, key: bytes) -> None:
    from consult_tui.store.engine import check_database_file
    from consult_tui.store.errors import NotAFile

    pipe = tmp_path / "consultations.db"
    os.mkfifo(pipe)
    # Reading a FIFO with no writer would hang: the check must look at what it is, not read it.
    with pytest.raises(NotAFile, match="named pipe"):
        check_database_file(pipe)


def test_a_text_file_is_named_a_text_file_and_import_is_suggested(
    tmp_path: Path, key: bytes
) -> None:
    path = tmp_path / "consultations.db"
    path.write_text('{"format": "consult-tui-records", "records": []}\n' * 20)
    before = folder_snapshot(tmp_path)
    with pytest.raises(NotADatabase) as caught:
        RecordStore.open(path, key)
    assert "it is a text file" in str(caught.value)
    assert "consult-tui import" in str(caught.value)
    assert folder_snapshot(tmp_path) == before


def test_an_empty_file_is_refused_before_a_key_is_sought_when_a_database_is_expected(
    tmp_path: Path,
) -> None:
    from consult_tui.store.engine import check_database_file

    path = tmp_path / "consultations.db"
    path.touch(mode=0o600)
    check_database_file(path)  # a store being created starts as an empty file
    with pytest.raises(NotADatabase, match="empty file"):
        check_database_file(path, empty_ok=False)


def test_an_existing_folder_keeps_its_mode_and_a_new_one_is_private(
    tmp_path: Path, key: bytes
) -> None:
    import stat

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with RecordStore.open(shared / "a" / "b" / "consultations.db", key, create=True):
        pass
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "a" / "b").stat().st_mode) == 0o700
