"""Stories about keys kept in a real desktop keyring: gnome-keyring on a private session bus."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from consult_tui.paths import app_paths
from consult_tui.security.keys import (
    KEYRING_SERVICE,
    CryptFileKeyStore,
    KeyMissing,
    KeyringLocked,
    NoKeyringBackend,
    SecretServiceKeyStore,
    database_key_name,
    select_keystore,
)
from tests.real_tools import require_tool
from tests.secret_service import SecretServiceSession, SessionBus, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

private_bus = pytest.mark.real("dbus-daemon")
PASSPHRASE = "kettle harbour violet ninety"
desktop_keyring = pytest.mark.real("dbus-daemon", "gnome-keyring-daemon")


@desktop_keyring
def test_database_key_round_trips_through_the_desktop_keyring(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    database = tmp_path / "consultations.db"
    store = select_keystore("auto")
    assert isinstance(store, SecretServiceKeyStore)
    assert not store.needs_passphrase
    assert not store.first_run
    store.unlock()

    key = store.database_key(database, create=True)

    reopened = select_keystore("secretservice")
    reopened.unlock()
    assert reopened.database_key(database, create=False) == key
    assert reopened.has_key(database)
    assert secret_service.stored_secrets(KEYRING_SERVICE) == {
        database_key_name(database): key.hex()
    }
    # Nothing was written to the encrypted-file store along the way.
    assert not app_paths().cryptfile_keyring.exists()


@desktop_keyring
def test_the_key_is_where_an_administrator_would_look_for_it(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    secret_tool = require_tool("secret-tool")
    database = tmp_path / "consultations.db"
    store = select_keystore("secretservice")
    store.unlock()
    key = store.database_key(database, create=True)

    name = database_key_name(database)
    looked_up = subprocess.run(
        [secret_tool, "lookup", "service", KEYRING_SERVICE, "username", name],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )

    assert looked_up.stdout.strip() == key.hex()


@desktop_keyring
def test_a_locked_desktop_keyring_is_reported_plainly_and_nobody_is_prompted(
    secret_service: SecretServiceSession,
) -> None:
    secret_service.lock_default_collection()
    store = select_keystore("secretservice")

    started = time.monotonic()
    with pytest.raises(KeyringLocked) as locked:
        store.unlock()

    assert time.monotonic() - started < 2
    message = str(locked.value)
    assert "locked" in message
    assert "CONSULT_TUI_KEYRING=cryptfile" in message
    assert secret_service.is_locked()


@desktop_keyring
def test_a_keyring_locked_while_the_app_runs_is_reported_when_the_key_is_needed(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    database = tmp_path / "consultations.db"
    store = select_keystore("secretservice")
    store.unlock()
    store.database_key(database, create=True)

    secret_service.lock_default_collection()

    with pytest.raises(KeyringLocked, match="locked"):
        store.database_key(database, create=False)
    assert secret_service.is_locked()


@desktop_keyring
def test_existing_database_without_a_key_in_the_desktop_keyring_gets_no_new_key(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    database = tmp_path / "consultations.db"
    database.write_bytes(b"an encrypted database whose key is elsewhere")
    store = select_keystore("secretservice")
    store.unlock()

    with pytest.raises(KeyMissing) as missing:
        store.database_key(database, create=True)

    message = str(missing.value)
    assert "Secret Service" in message
    assert "CONSULT_TUI_KEYRING=cryptfile" in message
    assert "will not create a new key for an existing database" in message
    assert secret_service.item_names(KEYRING_SERVICE) == []
    assert not store.has_key(database)


@desktop_keyring
def test_missing_key_advice_points_at_an_encrypted_file_store_that_exists(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    keyring_file = app_paths().cryptfile_keyring
    keyring_file.parent.mkdir(parents=True, mode=0o700)
    keyring_file.write_text("[keyring_2Dsetting]\n", encoding="utf-8")
    database = tmp_path / "consultations.db"
    database.write_bytes(b"made while keys were kept in the encrypted file")
    store = select_keystore("auto")
    store.unlock()

    with pytest.raises(KeyMissing, match="an encrypted key store file exists at"):
        store.database_key(database, create=True)


@desktop_keyring
def test_demo_database_key_is_removed_from_the_desktop_keyring(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    store = select_keystore("secretservice")
    store.unlock()
    store.database_key(database, create=True)

    store.delete_key(database)
    store.delete_key(database)

    assert secret_service.item_names(KEYRING_SERVICE) == []


@desktop_keyring
def test_auto_uses_the_desktop_keyring_only_while_it_is_unlocked(
    secret_service: SecretServiceSession,
) -> None:
    assert isinstance(select_keystore("auto"), SecretServiceKeyStore)

    secret_service.lock_default_collection()

    fallback = select_keystore("auto")
    assert isinstance(fallback, CryptFileKeyStore)
    assert "locked" in fallback.why_chosen


@desktop_keyring
def test_a_database_made_with_the_key_file_still_opens_once_a_desktop_keyring_appears(
    secret_service: SecretServiceSession, tmp_path: Path
) -> None:
    # Made on a server with no desktop session: the key went into the encrypted file.
    database = tmp_path / "consultations.db"
    with_file = select_keystore("cryptfile")
    with_file.unlock(PASSPHRASE)
    key = with_file.database_key(database, create=True)
    database.write_bytes(b"stands in for the encrypted database file")
    # Later someone installs gnome-keyring, and it is unlocked in this session.
    assert isinstance(select_keystore("auto"), SecretServiceKeyStore)

    chosen = select_keystore("auto", database=database)

    assert isinstance(chosen, CryptFileKeyStore)
    assert "key for this database is in the encrypted key file" in chosen.why_chosen
    chosen.unlock(PASSPHRASE)
    assert chosen.database_key(database, create=False) == key
    # Another database, whose key is not in the file, still goes to the desktop keyring.
    other = select_keystore("auto", database=tmp_path / "other.db")
    assert isinstance(other, SecretServiceKeyStore)


def test_auto_uses_the_encrypted_file_when_there_is_no_session_bus() -> None:
    store = select_keystore("auto")

    assert isinstance(store, CryptFileKeyStore)
    assert store.needs_passphrase
    assert "no desktop session" in store.why_chosen


@private_bus
def test_auto_uses_the_encrypted_file_when_the_bus_has_no_secret_service(
    session_bus: SessionBus,
) -> None:
    store = select_keystore("auto")

    assert isinstance(store, CryptFileKeyStore)
    assert "no desktop keyring" in store.why_chosen


def test_forcing_the_desktop_keyring_without_a_session_bus_explains_what_to_do() -> None:
    with pytest.raises(NoKeyringBackend) as unavailable:
        select_keystore("secretservice")

    message = str(unavailable.value)
    assert "DBUS_SESSION_BUS_ADDRESS" in message
    assert "CONSULT_TUI_KEYRING=cryptfile" in message


@private_bus
def test_forcing_the_desktop_keyring_on_a_bus_without_one_explains_what_to_do(
    session_bus: SessionBus,
) -> None:
    with pytest.raises(NoKeyringBackend, match="no Secret Service answers"):
        select_keystore("secretservice")


def test_a_session_bus_address_that_leads_nowhere_counts_as_no_bus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'gone'}")

    assert isinstance(select_keystore("auto"), CryptFileKeyStore)
    with pytest.raises(NoKeyringBackend, match="DBUS_SESSION_BUS_ADDRESS"):
        select_keystore("secretservice")
