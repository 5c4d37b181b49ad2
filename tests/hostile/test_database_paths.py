"""What `--db` may be given instead of a database, and what each is told.

Before any key is looked up, the opening checks say what is really at the path — nothing, a
folder, a pipe, a text file, a plain SQLite file — each with its own next step, so nobody is
told "its key is not in the key store" about a folder, or "restore from backup" about a disk
that is only read-only. Every row leaves the real database and key store byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consult_tui.cli import main
from tests.hostile.hostile_helpers import (
    RECORD_ID,
    Home,
    assert_refused_cleanly,
    doctor_is_healthy,
    run_cli,
)

DbPath = Callable[[Home], str]

# (id, path maker, exit code, words the message must say: the problem, then the next step)
PATHS: list[tuple[str, DbPath, int, tuple[str, ...]]] = [
    (
        "a folder",
        lambda h: str(h.work / "a-folder"),
        1,
        ("is a folder, not a database file", "Give the database file itself"),
    ),
    (
        "a folder with a trailing /",
        lambda h: f"{h.work / 'a-folder'}/",
        1,
        ("ends with '/'", "Give the file's name"),
    ),
    (
        "a link to a folder",
        lambda h: str(h.work / "link-to-folder"),
        1,
        ("is a folder, not a database file", "Give the database file itself"),
    ),
    (
        "a text file",
        lambda h: str(h.work / "notes.txt"),
        1,
        ("it is a text file", "consult-tui import"),
    ),
    (
        "a plain SQLite file",
        lambda h: str(h.work / "plain.db"),
        1,
        ("plain, unencrypted SQLite database", "give --db the path of your consult-tui database"),
    ),
    (
        "a named pipe",
        lambda h: str(h.work / "fifo"),
        1,
        ("named pipe", "Give the path of the database file"),
    ),
    ("a device", lambda h: "/dev/null", 1, ("a device", "Give the path of the database file")),
    (
        "random bytes",
        lambda h: str(h.work / "noise.db"),
        1,
        ("not that of an encrypted database", "Check the database path"),
    ),
    (
        "an empty file",
        lambda h: str(h.work / "empty.db"),
        1,
        ("it is an empty file", "run init again"),
    ),
    (
        "a missing file",
        lambda h: str(h.work / "missing.db"),
        1,
        ("no database at", "point --db at"),
    ),
    (
        "a file under a file",
        lambda h: str(h.work / "existing.txt" / "x.db"),
        1,
        ("no database at", "point --db at"),
    ),
    (
        "a dangling link",
        lambda h: str(h.work / "dangling"),
        1,
        ("which does not exist", "Point it at the real database"),
    ),
    ("an empty path", lambda h: "", 2, ("empty path", "leave --db out")),
    ("a blank path", lambda h: "  ", 2, ("empty path", "leave --db out")),
    (
        "an unknown user's home",
        lambda h: "~nosuchuser-consult/c.db",
        1,
        ("no user called", "give the full path"),
    ),
]

COMMANDS: list[tuple[str, list[str]]] = [
    ("list", ["list"]),
    ("show", ["show", RECORD_ID]),
    ("export", ["export", "--all"]),
    ("audit verify", ["audit", "verify"]),
    ("doctor", ["doctor"]),
    ("move", ["move", "moved.db"]),
]

ROWS = [
    pytest.param(command, path, code, says, id=f"--db {path_id} {command_id}")
    for path_id, path, code, says in PATHS
    for command_id, command in COMMANDS
]


@pytest.mark.parametrize(("command", "path", "code", "says"), ROWS)
def test_a_wrong_database_path_is_named_for_what_it_is(
    capsys: pytest.CaptureFixture[str],
    home: Home,
    command: list[str],
    path: DbPath,
    code: int,
    says: tuple[str, ...],
) -> None:
    before = home.protected()
    work_before = sorted(p.name for p in home.work.iterdir())
    outcome = run_cli(capsys, ["--db", path(home), *command])
    assert_refused_cleanly(outcome, home, before, code=code, says=says)
    assert "key store" not in outcome.said.lower() or "key store" in " ".join(says)
    assert "damaged" not in outcome.said.lower()
    assert sorted(p.name for p in home.work.iterdir()) == work_before


def test_a_read_only_disk_is_not_called_damaged(
    capsys: pytest.CaptureFixture[str], home: Home, small_disk
) -> None:
    database = small_disk.folder / "records.db"
    assert main(["--db", str(database), "demo", "--no-ui"]) == 0
    capsys.readouterr()
    keys_before = home.key_store.read_bytes()
    small_disk.read_only()
    stored = database.read_bytes()
    for command in (["list"], ["show", RECORD_ID], ["export", "--all"], ["audit", "verify"]):
        outcome = run_cli(capsys, ["--db", str(database), *command])
        assert outcome.code == 1, outcome.said
        assert "Traceback" not in outcome.said
        assert "mounted read-only" in outcome.err and "not damaged" in outcome.err
        assert "restore" not in outcome.err.lower() and "backup" not in outcome.err.lower()
    outcome = run_cli(capsys, ["--db", str(database), "doctor"])
    assert outcome.code == 1 and "mounted read-only" in outcome.out
    assert database.read_bytes() == stored
    assert home.key_store.read_bytes() == keys_before


def test_a_link_to_the_database_is_followed_and_said_so(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    before = home.protected()
    outcome = run_cli(capsys, ["--db", str(home.work / "link-to-database"), "list"])
    assert outcome.code == 0, outcome.said
    assert "is a symbolic link; using the database it points to" in outcome.err
    assert str(home.database) in outcome.err
    assert RECORD_ID in outcome.out
    assert home.protected() == before


def test_after_every_wrong_database_path_doctor_finds_the_store_healthy(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    doctor_is_healthy(capsys)
