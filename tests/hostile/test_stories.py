"""Stories of what consult-tui will not do to a practitioner's files, each on its own database."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from consult_tui import cli
from consult_tui.cli import main
from consult_tui.paths import app_paths

PASSPHRASE = "lantern orchard quietly river"


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> Path:
    """The four example consultations in a database of their own, key in the encrypted file."""
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "records" / "consultations.db"
    monkeypatch.setenv("CONSULT_TUI_DB", str(path))
    assert main(["demo", "--no-ui"]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exports_in_trail(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, err = run(capsys, "show", "ex0perin0001")
    assert code == 0, err
    return out.count("export")


def test_export_onto_the_database_the_key_store_or_an_existing_file_changes_nothing(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    key_store = app_paths().cryptfile_keyring
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n")
    before = {p: p.read_bytes() for p in (database, key_store, notes)}

    for target in (database, key_store, notes):
        code, out, err = run(capsys, "export", "--all", "-o", str(target))
        assert code == 1 and out == ""
        assert "Cannot write" in err and "Nothing was written" in err
    code, _, err = run(capsys, "export", "ex0bruise001", "--format", "md", "-o", str(database))
    assert code == 1 and "the consult-tui database" in err

    assert {p: p.read_bytes() for p in before} == before
    code, out, _ = run(capsys, "list")
    assert code == 0 and "ex0bruise001" in out  # every record is still there


def test_overwrite_replaces_an_ordinary_file_in_one_step(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    old = tmp_path / "last-week.json"
    old.write_text("last week's export\n")
    old.chmod(0o644)
    # A second name for the old file: if the export wrote into the old file in place, this
    # would change too. Replaced in one step, it keeps the old bytes.
    os.link(old, tmp_path / "kept.json")
    old_inode = old.stat().st_ino

    code, _, err = run(capsys, "export", "--all", "-o", str(old), "--overwrite")

    assert code == 0, err
    assert f"to {old}" in err
    assert len(json.loads(old.read_text())["records"]) == 4
    assert old.stat().st_ino != old_inode
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert (tmp_path / "kept.json").read_text() == "last week's export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_export_all_through_a_symbolic_link_is_refused(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    link = tmp_path / "out.json"
    link.symlink_to(victim)

    code, _, err = run(capsys, "export", "--all", "-o", str(link), "--overwrite")

    assert code == 1
    assert "symbolic link" in err and str(victim) in err
    assert victim.read_text() == "keep me"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert link.is_symlink()


def test_the_audit_trail_records_an_export_only_once_the_file_is_there(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    before = exports_in_trail(capsys)
    code, _, _ = run(capsys, "export", "--all", "-o", str(tmp_path / "missing" / "all.json"))
    assert code == 1
    assert exports_in_trail(capsys) == before

    code, _, err = run(capsys, "export", "--all", "-o", str(tmp_path / "all.json"))
    assert code == 0, err
    assert exports_in_trail(capsys) == before + 1


def test_opening_a_database_leaves_a_shared_team_folder_as_it_was(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    team.chmod(0o2775)
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    database = team / "consultations.db"

    assert run(capsys, "--db", str(database), "init")[0] == 0
    assert run(capsys, "--db", str(database), "list")[0] == 0
    assert stat.S_IMODE(team.stat().st_mode) == 0o2775
    assert stat.S_IMODE(database.stat().st_mode) == 0o600

    code, out, _ = run(capsys, "--db", str(database), "doctor")
    assert code == 0, out  # a warning, not a fault: the records themselves are 0600
    (warning,) = [line for line in out.splitlines() if line.startswith("warn")]
    assert "can be read by others" in warning
    assert f"chmod 700 {team}" in warning and "consult-tui move" in warning


def test_a_sticky_shared_folder_is_never_tightened(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "tmp-like"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)

    assert run(capsys, "--db", str(shared / "new" / "consultations.db"), "init")[0] == 0

    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "new").stat().st_mode) == 0o700  # made by consult-tui


def test_an_unexpected_error_leaves_a_crash_report_without_case_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("Baby R has an unexplained bruise")  # case text in the message

    monkeypatch.setitem(cli._HANDLERS, "locate", broken)
    code, out, err = run(capsys, "locate")

    assert code == 1 and out == ""
    assert "Traceback" not in err and "bruise" not in err
    assert "something unexpected went wrong (RuntimeError)" in err
    (report,) = app_paths().crash_dir.iterdir()
    assert str(report) in err
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    assert "RuntimeError" in text and "bruise" not in text
