"""Stories of a practitioner and an administrator at the command line, with real keys and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consult_tui.cli import main
from consult_tui.domain.examples import bruised_baby

PASSPHRASE = "lantern orchard quietly river"


@pytest.fixture
def cryptfile_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An encrypted-file key store unlocked from the environment, and a database path."""
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    database = tmp_path / "records" / "consultations.db"
    monkeypatch.setenv("CONSULT_TUI_DB", str(database))
    return database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_locate_names_every_place_data_lives(capsys, tmp_path):
    code, out, _ = run(capsys, "--db", str(tmp_path / "x.db"), "locate")
    assert code == 0
    for label in ("config file", "database", "key store file", "crash reports"):
        assert label in out
    assert str(tmp_path / "x.db") in out


def test_init_makes_an_encrypted_database_and_doctor_finds_it_healthy(capsys, cryptfile_env):
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert cryptfile_env.exists()
    assert cryptfile_env.stat().st_mode & 0o777 == 0o600
    assert cryptfile_env.parent.stat().st_mode & 0o777 == 0o700

    code, out, err = run(capsys, "doctor")
    assert code == 0, out + err
    assert "SQLCipher on" in out
    assert "integrity check" in out and "healthy" in out.splitlines()[-1]


def test_init_leaves_an_existing_database_alone(capsys, cryptfile_env):
    assert run(capsys, "init")[0] == 0
    before = cryptfile_env.read_bytes()
    code, _, err = run(capsys, "init")
    assert code == 1
    assert "already exists" in err
    assert cryptfile_env.read_bytes() == before


def test_a_command_without_a_database_says_to_run_init(capsys, cryptfile_env):
    code, _, err = run(capsys, "export", "--all")
    assert code == 1
    assert "consult-tui init" in err
    assert not cryptfile_env.exists()


def test_demo_without_ui_keeps_the_examples_in_the_given_database(capsys, cryptfile_env):
    code, out, err = run(capsys, "demo", "--no-ui")
    assert code == 0, err
    assert "Seeded 4 example consultations" in out
    code, out, _ = run(capsys, "export", "--all", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert len(document["records"]) == 4
    assert "bruise" in out


def test_throwaway_demo_leaves_nothing_behind(capsys, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    code, out, _ = run(capsys, "demo", "--no-ui")
    assert code == 0
    assert "throwaway" in out
    assert list(scratch.iterdir()) == []


def test_export_to_a_file_is_private(capsys, cryptfile_env, tmp_path):
    run(capsys, "demo", "--no-ui")
    target = tmp_path / "export.json"
    code, _, err = run(capsys, "export", "--all", "-o", str(target))
    assert code == 0, err
    assert target.stat().st_mode & 0o777 == 0o600
    assert len(json.loads(target.read_text())["records"]) == 4


def test_import_refuses_a_bad_file_saying_where_and_writes_nothing(capsys, cryptfile_env, tmp_path):
    run(capsys, "init")
    record = json.loads(bruised_baby().model_dump_json())
    record["proportionality"]["risk"] = "very high"
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": "consult-tui-records", "schema_version": 1, "records": [record]})
    )
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1
    assert "records[0].proportionality.risk" in err or "records.0.proportionality.risk" in err
    assert "nothing was imported" in err.lower()
    code, out, _ = run(capsys, "export", "--all")
    assert json.loads(out)["records"] == []


def test_exported_records_import_into_another_database(capsys, cryptfile_env, tmp_path):
    run(capsys, "demo", "--no-ui")
    target = tmp_path / "all.json"
    run(capsys, "export", "--all", "-o", str(target))
    other = tmp_path / "other.db"
    assert run(capsys, "--db", str(other), "init")[0] == 0
    code, out, err = run(capsys, "--db", str(other), "import", str(target))
    assert code == 0, err
    assert "Imported 4" in out


def test_audit_verify_reports_an_intact_chain(capsys, cryptfile_env):
    run(capsys, "demo", "--no-ui")
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0
    assert "intact" in out


def test_audit_verify_catches_an_edited_entry(capsys, cryptfile_env):
    from consult_tui.security.keys import select_keystore
    from consult_tui.store.engine import open_raw_connection

    run(capsys, "demo", "--no-ui")
    keystore = select_keystore("cryptfile")
    keystore.unlock(PASSPHRASE)
    key = keystore.database_key(cryptfile_env, create=False)
    connection = open_raw_connection(cryptfile_env, key)
    # Someone holding the key removes the guard, then rewrites history.
    connection.execute("DROP TRIGGER audit_entry_not_updated")
    connection.execute("UPDATE audit_entry SET action = 'view' WHERE seq = 2")
    connection.commit()
    connection.close()
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1
    assert "BROKEN at entry 2" in err


def test_a_lost_key_store_never_gets_a_new_key_for_an_existing_database(
    capsys, cryptfile_env, tmp_path
):
    from consult_tui.paths import app_paths

    run(capsys, "demo", "--no-ui")
    keyring_file = app_paths().cryptfile_keyring
    assert keyring_file.exists()
    keyring_file.unlink()
    before = cryptfile_env.read_bytes()
    code, _, err = run(capsys, "export", "--all")
    assert code == 1
    assert str(cryptfile_env) in err
    assert "will not make a new key" in err
    assert not keyring_file.exists()
    assert cryptfile_env.read_bytes() == before


def test_a_wrong_passphrase_is_a_sentence_not_a_traceback(capsys, cryptfile_env, monkeypatch):
    run(capsys, "init")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", "not the right passphrase at all")
    code, out, err = run(capsys, "doctor")
    assert code == 1
    assert "Traceback" not in out + err
    assert "passphrase" in (out + err).lower()


def test_assess_prints_the_guidance_codes_for_a_record_file(capsys, tmp_path):
    path = tmp_path / "bruise.json"
    path.write_text(bruised_baby().model_dump_json())
    code, out, _ = run(capsys, "assess", str(path))
    assert code == 0
    assessment = json.loads(out)
    assert assessment["lean"] == "share"
    assert "share_now" in assessment["actions"]


def test_assess_names_the_place_a_record_file_is_wrong(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"proportionality": {"imminent": "perhaps"}}))
    code, _, err = run(capsys, "assess", str(path))
    assert code == 1
    assert "proportionality.imminent" in err


def test_doctor_describes_a_terminal_without_colorterm(monkeypatch):
    from consult_tui.doctor import terminal_description

    ok, text = terminal_description({"TERM": "xterm-256color"})
    assert ok and "256 colours" in text
    ok, text = terminal_description({"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert "NO_COLOR" in text
    assert terminal_description({"TERM": "dumb"})[0] is False
