"""`consult-tui audit verify`, run as a person would run it, on an audit trail someone has
altered behind the app's back: an entry changed, one deleted, two swapped. Each is caught, with
the place and a plain sentence, and the command fails; the untouched trail passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.security.keys import select_keystore
from consult_tui.store import engine
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

COLUMNS = "at = ?, os_user = ?, action = ?, record_id = ?, detail = ?, prev_hash = ?, hash = ?"

TAMPERING = {
    "an entry changed": [("UPDATE audit_entry SET os_user = 'someone-else' WHERE seq = 3", ())],
    "an entry deleted": [("DELETE FROM audit_entry WHERE seq = 2", ())],
    "the last entry deleted": [("DELETE FROM audit_entry WHERE seq = 4", ())],
    "an entry deleted and the rest renumbered": [
        ("DELETE FROM audit_entry WHERE seq = 2", ()),
        ("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 2", ()),
    ],
    "two entries swapped": "swap 2 and 3",
}


def audit_verify(env: dict[str, str], database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consult_tui.cli", "--db", str(database), "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tamper(database: Path, key: bytes, how: object) -> None:
    """Do what someone with the key and sqlite3 could: drop the guards, then edit the log."""
    raw = engine.open_raw_connection(database, key)
    try:
        raw.execute("DROP TRIGGER audit_entry_not_updated")
        raw.execute("DROP TRIGGER audit_entry_not_deleted")
        if how == "swap 2 and 3":
            fields = "at, os_user, action, record_id, detail, prev_hash, hash"
            second = raw.execute(f"SELECT {fields} FROM audit_entry WHERE seq = 2").fetchone()
            third = raw.execute(f"SELECT {fields} FROM audit_entry WHERE seq = 3").fetchone()
            raw.execute(f"UPDATE audit_entry SET {COLUMNS} WHERE seq = 2", third)
            raw.execute(f"UPDATE audit_entry SET {COLUMNS} WHERE seq = 3", second)
        else:
            assert isinstance(how, list)
            for statement, parameters in how:
                raw.execute(statement, parameters)
    finally:
        raw.close()


@pytest.mark.real("dbus-daemon", "gnome-keyring-daemon")
def test_audit_verify_catches_every_kind_of_tampering_at_the_command_line(
    secret_service: SecretServiceSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    database = tmp_path / "records.db"
    assert consult_tui(["demo", "--no-ui", "--db", str(database)]) == 0
    settings = load_settings(database)
    keystore = select_keystore("secretservice", paths=settings.paths)
    keystore.unlock()
    key = keystore.database_key(database, create=False)
    env = dict(os.environ)
    pristine = database.read_bytes()

    intact = audit_verify(env, database)
    assert intact.returncode == 0, intact.stderr
    assert "Audit trail intact: 4 entries checked." in intact.stdout

    caught = {}
    for name, how in TAMPERING.items():
        database.write_bytes(pristine)
        tamper(database, key, how)
        result = audit_verify(env, database)
        caught[name] = (result.returncode, result.stderr.strip())

    for name, (code, said) in caught.items():
        assert code == 1, f"{name}: not caught ({said})"
        assert said.startswith("Audit trail BROKEN at entry "), f"{name}: {said}"
        assert "tampered with" in said, f"{name}: {said}"
        assert "Traceback" not in said


def test_entries_cut_off_the_end_of_the_log_are_missed_by_the_records_they_belonged_to(
    tmp_path: Path,
) -> None:
    """The hash chain cannot see its own tail cut off; the records can: each finalised record
    and each addendum must still find its entry."""
    import secrets

    from consult_tui.domain.examples import bruised_baby
    from consult_tui.domain.record import Addendum
    from consult_tui.store.repository import RecordStore

    key = secrets.token_bytes(32)
    database = tmp_path / "records.db"
    with RecordStore.open(database, key, create=True) as store:
        final = store.finalise(bruised_baby(), {"lean": "share"})
        store.add_addendum(final.id, Addendum(author="PS", text="GP called back"))
        whole = store.verify_audit()
    cut = [("DELETE FROM audit_entry WHERE action = 'addendum'", ())]
    tamper(database, key, cut)
    with RecordStore.open(database, key) as store:
        without_the_addendum = store.verify_audit()
    tamper_more = [("DELETE FROM audit_entry WHERE action = 'finalise'", ())]
    raw = engine.open_raw_connection(database, key)
    try:
        for statement, parameters in tamper_more:
            raw.execute(statement, parameters)
    finally:
        raw.close()
    with RecordStore.open(database, key) as store:
        without_the_finalisation = store.verify_audit()

    assert whole.ok and whole.checked == 3
    assert not without_the_addendum.ok
    assert "addenda the log has no entry for" in without_the_addendum.problem
    assert not without_the_finalisation.ok
    assert "finalised but the log has no entry" in without_the_finalisation.problem
