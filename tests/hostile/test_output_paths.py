"""Where an export may not go: every `-o` a careless or hostile command line could give.

Each row is an output path and the words the refusal must use (the problem, then the next
step). Each is tried with the three export forms, and each must change nothing: the database,
the key store and the config stay byte-identical, and no file appears.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.hostile.hostile_helpers import (
    RECORD_ID,
    Home,
    assert_refused_cleanly,
    doctor_is_healthy,
    run_cli,
)

Target = Callable[[Home], str]
OUTSIDE = "Choose a file outside consult-tui's own folders"

# (id, path maker, extra arguments, words the refusal must say)
TARGETS: list[tuple[str, Target, tuple[str, ...], tuple[str, ...]]] = [
    ("the database", lambda h: str(h.database), (), ("the consult-tui database", OUTSIDE)),
    (
        "the database, with --overwrite",
        lambda h: str(h.database),
        ("--overwrite",),
        ("the consult-tui database", "even with --overwrite"),
    ),
    ("its -wal", lambda h: f"{h.database}-wal", (), ("working files", OUTSIDE)),
    ("its -shm", lambda h: f"{h.database}-shm", (), ("working files", OUTSIDE)),
    ("its -journal", lambda h: f"{h.database}-journal", (), ("working files", OUTSIDE)),
    (
        "its upgrade backup",
        lambda h: f"{h.database}.pre-0004.bak",
        ("--overwrite",),
        ("backup copy of the database", OUTSIDE),
    ),
    (
        "inside its lease folder",
        lambda h: f"{h.database}.open/{RECORD_ID}",
        (),
        ("lease folder", OUTSIDE),
    ),
    ("the key store", lambda h: str(h.key_store), (), ("the key store file", OUTSIDE)),
    (
        "the key store, with --overwrite",
        lambda h: str(h.key_store),
        ("--overwrite",),
        ("the key store file", "even with --overwrite"),
    ),
    (
        "the key store by a path with ..",
        lambda h: f"{h.work}/../xdg-data/consult-tui/keyring.cfg",
        ("--overwrite",),
        ("the key store file", OUTSIDE),
    ),
    ("the config", lambda h: str(h.config), ("--overwrite",), ("config file", OUTSIDE)),
    (
        "a new file in the data folder",
        lambda h: str(h.data_dir / "notes.json"),
        (),
        ("inside consult-tui's data folder", "exports folder"),
    ),
    (
        "the data folder itself",
        lambda h: str(h.data_dir),
        (),
        ("inside consult-tui's data folder", OUTSIDE),
    ),
    (
        "the exports folder itself",
        lambda h: str(h.data_dir / "exports"),
        (),
        ("inside consult-tui's data folder", OUTSIDE),
    ),
    (
        "the database through a linked folder",
        lambda h: str(h.work / "link-to-records" / "consultations.db"),
        ("--overwrite",),
        ("the consult-tui database", OUTSIDE),
    ),
    (
        "the database by a path with ..",
        lambda h: f"{h.work}/../records/consultations.db",
        (),
        ("the consult-tui database", OUTSIDE),
    ),
    (
        "the database by a relative path",
        lambda h: "../records/consultations.db",
        (),
        ("the consult-tui database", OUTSIDE),
    ),
    (
        "a symbolic link to the database",
        lambda h: str(h.work / "link-to-database"),
        ("--overwrite",),
        ("the consult-tui database", "even with --overwrite"),
    ),
    (
        "a symbolic link to the key store",
        lambda h: str(h.work / "link-to-key-store"),
        ("--overwrite",),
        ("the key store file", OUTSIDE),
    ),
    (
        "a hard link to the database",
        lambda h: str(h.work / "hard-link-to-database"),
        ("--overwrite",),
        ("hard link", "Choose another file"),
    ),
    (
        "an existing file",
        lambda h: str(h.work / "existing.txt"),
        (),
        ("already exists", "--overwrite"),
    ),
    (
        "a symbolic link to an existing file",
        lambda h: str(h.work / "link-to-existing"),
        (),
        ("symbolic link", "Give the real file's name"),
    ),
    (
        "a symbolic link, with --overwrite",
        lambda h: str(h.work / "link-to-existing"),
        ("--overwrite",),
        ("symbolic link", "never writes through a link"),
    ),
    (
        "a dangling symbolic link",
        lambda h: str(h.work / "dangling"),
        (),
        ("dangling", "another name"),
    ),
    (
        "a symbolic link to a folder",
        lambda h: str(h.work / "link-to-folder"),
        (),
        ("symbolic link", "another name"),
    ),
    (
        "a folder",
        lambda h: str(h.work / "a-folder"),
        ("--overwrite",),
        ("a folder, not an ordinary file", "name of a new file"),
    ),
    (
        "a folder with a trailing /",
        lambda h: f"{h.work / 'a-folder'}/",
        (),
        ("names a folder", "Give a file name inside it"),
    ),
    ("the current folder", lambda h: ".", (), ("names a folder", "file name inside it")),
    ("the folder above", lambda h: "..", (), ("names a folder", "file name inside it")),
    (
        "a folder that does not exist",
        lambda h: str(h.work / "nowhere" / "out.json"),
        (),
        ("does not exist", "mkdir -p"),
    ),
    (
        "under a file",
        lambda h: str(h.work / "existing.txt" / "out.json"),
        (),
        ("is a file, not a folder", "Nothing was written"),
    ),
    ("an empty path", lambda h: "", (), ("empty file name", "leave -o out")),
    ("a blank path", lambda h: "   ", (), ("empty file name", "Give the file to write")),
    (
        "a named pipe",
        lambda h: str(h.work / "fifo"),
        ("--overwrite",),
        ("named pipe", "name of a new file"),
    ),
    ("a device", lambda h: "/dev/null", ("--overwrite",), ("a device", "name of a new file")),
    (
        "an unknown user's home",
        lambda h: "~nosuchuser-consult/out.json",
        (),
        ("no user called", "give the full path"),
    ),
    (
        "a NUL character",
        lambda h: str(h.work / "out\0.json"),
        (),
        ("NUL character", "Nothing was written"),
    ),
]

FORMS: list[tuple[str, list[str]]] = [
    ("export --all", ["export", "--all"]),
    ("export ID md", ["export", RECORD_ID, "--format", "md"]),
    ("export ID pdf", ["export", RECORD_ID, "--format", "pdf"]),
]

ROWS = [
    pytest.param(form, target, extra, says, id=f"{form_id} -o {target_id}")
    for target_id, target, extra, says in TARGETS
    for form_id, form in FORMS
]


@pytest.mark.parametrize(("form", "target", "extra", "says"), ROWS)
def test_an_export_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    home: Home,
    form: list[str],
    target: Target,
    extra: tuple[str, ...],
    says: tuple[str, ...],
) -> None:
    before = home.protected()
    work_before = sorted(p.name for p in home.work.iterdir())
    outcome = run_cli(capsys, [*form, "-o", target(home), *extra])
    assert_refused_cleanly(outcome, home, before, code=1, says=says)
    assert sorted(p.name for p in home.work.iterdir()) == work_before, "a file appeared"
    assert (home.work / "existing.txt").read_text() == "someone's notes\n"


def test_an_export_onto_a_read_only_disk_says_so_and_leaves_no_audit_entry(
    capsys: pytest.CaptureFixture[str], home: Home, small_disk
) -> None:
    small_disk.read_only()
    before = home.protected()
    outcome = run_cli(capsys, ["export", "--all", "-o", str(small_disk.folder / "all.json")])
    assert_refused_cleanly(
        outcome, home, before, code=1, says=("read-only", "Choose a folder on a disk")
    )
    assert list(small_disk.folder.iterdir()) == []


@pytest.mark.parametrize(
    "form",
    [pytest.param(form, id=form_id) for form_id, form in FORMS[:2]],
)
def test_an_export_onto_a_full_disk_leaves_no_half_file_and_no_audit_entry(
    capsys: pytest.CaptureFixture[str], home: Home, small_disk, form: list[str]
) -> None:
    small_disk.fill()
    before = home.protected()
    outcome = run_cli(capsys, [*form, "-o", str(small_disk.folder / "out.json")])
    # The audit trail is in the database: byte-identical means no "export" entry was written.
    assert_refused_cleanly(outcome, home, before, code=1, says=("disk is full", "Free some space"))
    assert sorted(p.name for p in small_disk.folder.iterdir()) == ["filler"]


def test_after_every_refused_export_doctor_finds_the_store_healthy(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    doctor_is_healthy(capsys)
