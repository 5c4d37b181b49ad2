"""Bad move targets, bad numbers, bad record ids and a reader that goes away.

Every row ends in a sentence and an exit code (2 for a command typed wrongly, 1 for a problem
to fix), never a traceback, never an escape code echoed back to the terminal, and the database
and key store exactly as they were.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

import pytest

from tests.hostile.hostile_helpers import (
    RECORD_ID,
    Home,
    assert_refused_cleanly,
    doctor_is_healthy,
    run_cli,
    run_process,
)

Target = Callable[[Home], str]

# -- move: the new path ----------------------------------------------------------------------

MOVE_TARGETS: list[tuple[str, Target, tuple[str, ...]]] = [
    ("an empty path", lambda h: "", ("empty path", "Give the new file or folder")),
    ("a blank path", lambda h: "   ", ("empty path", "Give the new file or folder")),
    (
        "a dangling link",
        lambda h: str(h.work / "dangling"),
        ("symbolic link", "dangling", "Remove the link or choose another name"),
    ),
    (
        "a link to a file",
        lambda h: str(h.work / "link-to-existing"),
        ("symbolic link", "Remove the link or choose another name"),
    ),
    (
        "a link to the database",
        lambda h: str(h.work / "link-to-database"),
        ("symbolic link", "Remove the link or choose another name"),
    ),
    (
        "an existing file",
        lambda h: str(h.work / "existing.txt"),
        ("already exists", "Choose a path that is free"),
    ),
    (
        "a named pipe",
        lambda h: str(h.work / "fifo"),
        ("already exists", "Choose a path that is free"),
    ),
    (
        "a missing folder with a trailing /",
        lambda h: f"{h.work / 'new-folder'}/",
        ("no such folder", "mkdir -p"),
    ),
    (
        "under a file",
        lambda h: str(h.work / "existing.txt" / "moved.db"),
        ("is a file, not a folder", "Choose another path"),
    ),
    (
        "deep under a file",
        lambda h: str(h.work / "existing.txt" / "a" / "b" / "moved.db"),
        ("is a file, not a folder", "Choose another path"),
    ),
    (
        "where it already is",
        lambda h: str(h.database),
        ("already at", "Nothing was moved"),
    ),
    (
        "its own folder",
        lambda h: str(h.database.parent),
        ("already at", "Nothing was moved"),
    ),
    (
        "its own folder through a link",
        lambda h: str(h.work / "link-to-records"),
        ("already at", "Nothing was moved"),
    ),
    (
        "a hard link to it",
        lambda h: str(h.work / "hard-link-to-database"),
        ("already exists", "Choose a path that is free"),
    ),
    (
        "an unknown user's home",
        lambda h: "~nosuchuser-consult/moved.db",
        ("no user called", "give the full path"),
    ),
]


@pytest.mark.parametrize(
    ("target", "says"),
    [pytest.param(target, says, id=f"move to {name}") for name, target, says in MOVE_TARGETS],
)
def test_a_move_that_cannot_be_made_is_refused_before_anything_moves(
    capsys: pytest.CaptureFixture[str], home: Home, target: Target, says: tuple[str, ...]
) -> None:
    before = home.protected()
    work_before = sorted(p.name for p in home.work.iterdir())
    outcome = run_cli(capsys, ["move", target(home)])
    assert_refused_cleanly(outcome, home, before, code=1, says=says)
    assert home.database.exists()
    assert sorted(p.name for p in home.work.iterdir()) == work_before


def test_a_move_into_a_read_only_folder_is_refused_before_the_key_is_touched(
    capsys: pytest.CaptureFixture[str], home: Home, small_disk
) -> None:
    small_disk.read_only()
    before = home.protected()
    outcome = run_cli(capsys, ["move", str(small_disk.folder / "moved.db")])
    assert_refused_cleanly(
        outcome, home, before, code=1, says=("read-only", "Choose a folder you can write to")
    )


# -- integer arguments -----------------------------------------------------------------------

LIMITS = ["0", "-1", "-0", "100001", str(10**20), "abc", "1.5", "", " ", "1e3", "0x10", "½"]


@pytest.mark.parametrize("limit", [pytest.param(v, id=f"--limit {v!r}") for v in LIMITS])
def test_a_limit_out_of_range_is_a_usage_error_that_says_the_range(
    capsys: pytest.CaptureFixture[str], home: Home, limit: str
) -> None:
    before = home.protected()
    outcome = run_cli(capsys, ["list", "--limit", limit])
    assert_refused_cleanly(
        outcome, home, before, code=2, says=("--limit", "whole number from 1 to 100,000")
    )


def test_the_largest_limit_is_taken(capsys: pytest.CaptureFixture[str], home: Home) -> None:
    outcome = run_cli(capsys, ["list", "--limit", "100000"])
    assert outcome.code == 0, outcome.said
    assert RECORD_ID in outcome.out


# -- record ids echoed back ------------------------------------------------------------------

IDS: list[tuple[str, str]] = [
    ("an escape code", "\x1b[31mred\x1b[0m"),
    ("a title-setting escape", "\x1b]0;owned\x07"),
    ("a terminal reset", "\x1bc"),
    ("100 KB", "x" * 100_000),
    ("100 KB of escapes", "\x1b[2J" * 25_000),
    ("a right-to-left override", "ex0\u202ebruise001"),
    ("a zero-width space", "ex0bruise\u200b001"),
    ("a newline", "ex0bruise001\nforged line"),
    ("a carriage return", "ex0bruise001\rforged"),
    ("a path", "../../etc/passwd"),
    ("an empty id", ""),
    ("spaces", "   "),
    ("65 characters", "a" * 65),
    ("accented letters", "éxample"),
]

ID_COMMANDS = [("show", ["show"]), ("export", ["export", "--format", "md"])]


@pytest.mark.parametrize(
    ("command", "record_id"),
    [
        pytest.param(command, record_id, id=f"{command_name} {name}")
        for name, record_id in IDS
        for command_name, command in ID_COMMANDS
    ],
)
def test_a_bad_record_id_is_shown_safely_and_briefly(
    capsys: pytest.CaptureFixture[str], home: Home, command: list[str], record_id: str
) -> None:
    before = home.protected()
    outcome = run_cli(capsys, [*command, record_id])
    assert_refused_cleanly(
        outcome, home, before, code=1, says=("is not a record id", "consult-tui list")
    )
    assert len(outcome.err) < 400, "the id was echoed at length"
    assert "\u202e" not in outcome.err and "\u200b" not in outcome.err
    assert outcome.err.count("\n") == 1, "a newline in the id forged a line of output"


def test_a_missing_record_is_named_without_opening_anything_else(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    before = home.protected()
    outcome = run_cli(capsys, ["show", "ex0nosuch0001"])
    assert_refused_cleanly(
        outcome, home, before, code=1, says=("no record ex0nosuch0001", "check the database path")
    )


# -- usage mistakes echoed back ---------------------------------------------------------------

USAGE: list[tuple[str, list[str], str]] = [
    ("an unknown command", ["\x1b[31mfrobnicate"], "invalid choice"),
    ("an unknown option", ["list", "--\x1b]0;owned\x07"], "unrecognized arguments"),
    ("a bad format", ["export", RECORD_ID, "--format", "docx\x1b[2J"], "invalid choice"),
    ("--all with md", ["export", "--all", "--format", "md"], "--all exports JSON only"),
    ("--overwrite without -o", ["export", "--all", "--overwrite"], "--overwrite goes with -o"),
    ("export without what", ["export"], "one of the arguments"),
    ("chronology without a case", ["chronology"], "Give a case reference"),
]


@pytest.mark.parametrize(
    ("argv", "says"), [pytest.param(argv, says, id=name) for name, argv, says in USAGE]
)
def test_a_command_typed_wrongly_is_a_usage_error_without_echoing_escapes(
    capsys: pytest.CaptureFixture[str], home: Home, argv: list[str], says: str
) -> None:
    before = home.protected()
    outcome = run_cli(capsys, argv)
    assert_refused_cleanly(outcome, home, before, code=2, says=(says,))


# -- a reader that goes away ----------------------------------------------------------------

# 141 is how a shell reports a tool ended by a broken pipe; argparse's own help ignores it.
PIPED: list[tuple[str, list[str], int]] = [
    ("list --json", ["list", "--json"], 141),
    ("export --all", ["export", "--all"], 141),
    ("show", ["show", RECORD_ID], 141),
    ("locate", ["locate"], 141),
    ("--help", ["--help"], 0),
]


@pytest.mark.parametrize(
    ("argv", "code"), [pytest.param(argv, code, id=name) for name, argv, code in PIPED]
)
def test_output_to_a_reader_that_has_gone_ends_quietly(
    home: Home, argv: list[str], code: int
) -> None:
    """As `consult-tui list --json | true`: the reader is gone before the first byte."""
    before = home.protected()
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: every write meets EPIPE
    try:
        finished = run_process(home, argv, stdout=write_end, stdin=subprocess.DEVNULL)
    finally:
        os.close(write_end)
    assert finished.returncode == code, finished.stderr
    assert finished.stderr == "", "a gone reader is not an error to report"
    if argv[0] != "show":  # show is a viewing, which the audit trail records
        assert home.protected() == before


def test_after_every_bad_command_doctor_finds_the_store_healthy(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    doctor_is_healthy(capsys)
