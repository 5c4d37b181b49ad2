"""An administrator moves a database to another disk or folder, and it still opens with its key.

Keys are kept under a name made from the database's full path, so a file moved by hand loses its
key; `consult-tui move` takes the key along. Real SQLCipher files, the real encrypted key file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from consult_tui.cli import main
from consult_tui.paths import app_paths
from consult_tui.security.backends import keyring_file_names
from consult_tui.security.keys import KEYRING_SERVICE, database_key_name, select_keystore
from consult_tui.store.repository import RecordStore

PASSPHRASE = "lantern orchard quietly river"


@pytest.fixture
def database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A database holding the four example consultations, its key in the encrypted file."""
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "old" / "consultations.db"
    assert main(["--db", str(path), "demo", "--no-ui"]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed_ids(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    code, out, err = run(capsys, "--db", str(path), "export", "--all", "--format", "json")
    assert code == 0, err
    return sorted(record["id"] for record in json.loads(out)["records"])


def key_kept_for(path: Path) -> bool:
    return keyring_file_names(
        app_paths().cryptfile_keyring, KEYRING_SERVICE, database_key_name(path)
    )


def test_a_moved_database_opens_at_its_new_path_with_every_record(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    before = listed_ids(capsys, database)
    target = tmp_path / "new" / "records.db"

    code, out, err = run(capsys, "--db", str(database), "move", str(target))

    assert code == 0, err
    assert "key is kept under the new path" in out
    assert f'path = "{target}"' in out
    assert not database.exists() and target.exists()
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700
    assert listed_ids(capsys, target) == before
    assert key_kept_for(target) and not key_kept_for(database)
    code, _, err = run(capsys, "--db", str(target), "audit", "verify")
    assert code == 0, err


def test_moving_into_a_folder_keeps_the_file_name(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    assert run(capsys, "--db", str(database), "move", str(folder))[0] == 0
    assert (folder / "consultations.db").exists()
    assert len(listed_ids(capsys, folder / "consultations.db")) == 4


@pytest.fixture
def other_file_system() -> Iterator[Path]:
    shared_memory = Path("/dev/shm")
    if (
        not shared_memory.is_dir()
        or os.stat(shared_memory).st_dev == os.stat(tempfile.gettempdir()).st_dev
    ):
        pytest.skip("no second file system here to move across")
    with tempfile.TemporaryDirectory(dir=shared_memory) as folder:
        yield Path(folder)


def test_a_move_to_another_file_system_copies_then_removes_the_original(
    capsys: pytest.CaptureFixture[str], database: Path, other_file_system: Path
) -> None:
    before = listed_ids(capsys, database)
    target = other_file_system / "consultations.db"
    code, _, err = run(capsys, "--db", str(database), "move", str(target))
    assert code == 0, err
    assert not database.exists()
    assert listed_ids(capsys, target) == before
    assert not list(other_file_system.glob(".*moving"))


def test_nothing_is_overwritten_and_nothing_changes_when_the_new_path_is_taken(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"someone else's file")
    before = database.read_bytes()

    code, _, err = run(capsys, "--db", str(database), "move", str(taken))

    assert code == 1
    assert "already exists" in err and "will not overwrite" in err
    assert taken.read_bytes() == b"someone else's file"
    assert database.read_bytes() == before
    assert key_kept_for(database) and not key_kept_for(taken)


def test_a_database_open_in_another_window_is_not_moved(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    keystore = select_keystore("cryptfile")
    keystore.unlock(PASSPHRASE)
    other_window = RecordStore.open(database, keystore.database_key(database, create=False))
    other_window.count()
    try:
        code, _, err = run(capsys, "--db", str(database), "move", str(tmp_path / "new.db"))
    finally:
        other_window.close()

    assert code == 1
    assert "open in another consult-tui window" in err
    assert database.exists() and not (tmp_path / "new.db").exists()
    assert key_kept_for(database) and not key_kept_for(tmp_path / "new.db")


def test_a_database_moved_by_hand_says_how_to_put_it_right(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    by_hand = tmp_path / "by-hand.db"
    database.rename(by_hand)

    code, _, err = run(capsys, "--db", str(by_hand), "list")

    assert code == 1
    assert "moved or renamed" in err and "consult-tui move" in err


def test_moving_through_a_link_moves_the_database_itself_and_says_what_became_of_the_link(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    before = listed_ids(capsys, database)
    link = tmp_path / "current.db"
    link.symlink_to(database)
    target = tmp_path / "new" / "records.db"

    code, out, err = run(capsys, "--db", str(link), "move", str(target))

    assert code == 0, err
    assert f"{link} is a symbolic link; using the database it points to, {database}" in err
    assert not database.exists() and target.is_file() and not target.is_symlink()
    assert f"{link} pointed to the old place and now points nowhere" in out
    assert link.is_symlink()  # left for its owner to remove or repoint, as the message says
    assert listed_ids(capsys, target) == before
    assert key_kept_for(target) and not key_kept_for(database)


def test_a_trailing_slash_moves_into_an_existing_folder_and_never_makes_a_file_of_that_name(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(database), "move", f"{tmp_path / 'archive'}/")
    assert code == 1
    assert "no such folder" in err and "mkdir -p" in err
    assert not (tmp_path / "archive").exists() and database.exists()

    (tmp_path / "archive").mkdir()
    code, _, err = run(capsys, "--db", str(database), "move", f"{tmp_path / 'archive'}/")
    assert code == 0, err
    assert (tmp_path / "archive" / "consultations.db").is_file()


def test_a_move_onto_a_dangling_link_is_refused_and_the_key_stays_where_it_was(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    link = tmp_path / "moved.db"
    link.symlink_to(tmp_path / "elsewhere" / "real.db")

    code, _, err = run(capsys, "--db", str(database), "move", str(link))

    assert code == 1
    assert "symbolic link" in err and "dangling" in err
    assert database.exists() and link.is_symlink()
    assert key_kept_for(database)
    assert not key_kept_for(link) and not key_kept_for(tmp_path / "elsewhere" / "real.db")
