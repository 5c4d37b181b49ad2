"""Stories about the encrypted-file key store: the real CryptFileKeyring on disk, real Argon2."""

from __future__ import annotations

import base64
import getpass
import io
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from consult_tui.paths import AppPaths, app_paths
from consult_tui.security.backends import encrypted_file_keyring
from consult_tui.security.keys import (
    KEYRING_SERVICE,
    CryptFileKeyStore,
    KeyMissing,
    KeyringLocked,
    KeyStoreError,
    PassphraseUnavailable,
    WeakPassphrase,
    WrongPassphrase,
    database_key_name,
    select_keystore,
)

PASSPHRASE = "kettle orchard lantern twelve"
OTHER_PASSPHRASE = "kettle orchard lantern eleven"


@dataclass(frozen=True)
class PreparedKeyStore:
    file: Path
    database: Path
    key: bytes


@pytest.fixture(scope="module")
def prepared_key_store(tmp_path_factory: pytest.TempPathFactory) -> PreparedKeyStore:
    """A key store holding one database's key, made once per module because Argon2 is slow."""
    folder = tmp_path_factory.mktemp("prepared")
    paths = AppPaths(
        config_file=folder / "config.toml",
        data_dir=folder,
        default_database=folder / "consultations.db",
        cryptfile_keyring=folder / "keyring.cfg",
        crash_dir=folder / "crash",
    )
    store = CryptFileKeyStore(paths)
    store.unlock(PASSPHRASE)
    key = store.database_key(paths.default_database, create=True)
    store.lock()
    return PreparedKeyStore(file=paths.cryptfile_keyring, database=paths.default_database, key=key)


@pytest.fixture
def existing_key_store(prepared_key_store: PreparedKeyStore) -> PreparedKeyStore:
    """This test's own copy of the prepared key store, in this test's data folder."""
    target = app_paths().cryptfile_keyring
    target.parent.mkdir(parents=True, mode=0o700)
    shutil.copy2(prepared_key_store.file, target)
    return PreparedKeyStore(
        file=target, database=prepared_key_store.database, key=prepared_key_store.key
    )


@pytest.fixture
def never_prompt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any attempt to prompt on the terminal; the key store must never make one itself."""
    prompts: list[str] = []

    def refuse(prompt: str = "", stream: object = None) -> str:
        prompts.append(prompt)
        raise AssertionError("the key store tried to prompt on the terminal")

    monkeypatch.setattr(getpass, "getpass", refuse)
    return prompts


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_unlock_creates_a_key_store_only_its_owner_can_read() -> None:
    store = select_keystore("cryptfile")
    assert isinstance(store, CryptFileKeyStore)
    assert store.needs_passphrase
    assert store.first_run
    assert not store.keyring_file.exists()

    store.unlock(PASSPHRASE)

    assert store.is_unlocked
    assert not store.first_run
    assert _mode(store.keyring_file) == 0o600
    assert _mode(store.keyring_file.parent) == 0o700
    assert store.keyring_file == app_paths().cryptfile_keyring
    assert str(store.keyring_file) in store.backend_name


def test_database_key_is_the_same_after_reopening_the_key_store(tmp_path: Path) -> None:
    database = tmp_path / "records" / "consultations.db"
    first = select_keystore("cryptfile")
    first.unlock(PASSPHRASE)
    key = first.database_key(database, create=True)
    first.lock()

    reopened = select_keystore("cryptfile")
    assert not reopened.first_run
    reopened.unlock(PASSPHRASE)

    assert len(key) == 32
    assert reopened.has_key(database)
    assert reopened.database_key(database, create=False) == key
    # Writes replace the file in one step; nothing half-written is left beside it.
    assert sorted(p.name for p in reopened.keyring_file.parent.iterdir()) == ["keyring.cfg"]


def test_wrong_passphrase_is_refused_and_the_key_store_file_is_untouched(
    existing_key_store: PreparedKeyStore,
) -> None:
    before = existing_key_store.file.read_bytes()
    store = select_keystore("cryptfile")

    with pytest.raises(WrongPassphrase) as refused:
        store.unlock(OTHER_PASSPHRASE)

    assert existing_key_store.file.read_bytes() == before
    assert not store.is_unlocked
    assert OTHER_PASSPHRASE not in str(refused.value)
    assert "try again" in str(refused.value)
    with pytest.raises(KeyringLocked):
        store.has_key(existing_key_store.database)


def test_weak_first_passphrase_is_refused_before_anything_is_written() -> None:
    store = select_keystore("cryptfile")

    with pytest.raises(WeakPassphrase) as refused:
        store.unlock("password1234")

    assert "password1234" not in str(refused.value)
    assert not store.keyring_file.exists()
    assert store.first_run


def test_neither_the_key_nor_the_passphrase_appears_in_the_key_store_file(
    existing_key_store: PreparedKeyStore,
) -> None:
    key = existing_key_store.key
    stored = existing_key_store.file.read_bytes()

    for secret in (
        key,
        key.hex().encode(),
        key.hex().upper().encode(),
        base64.b64encode(key),
        base64.b64encode(key.hex().encode()),
        PASSPHRASE.encode(),
    ):
        assert secret not in stored
    # Entry names are plaintext in this file, so they carry a hash of the path, never the path.
    assert str(existing_key_store.database).encode() not in stored
    assert database_key_name(existing_key_store.database).split(":")[1].encode() in stored


def test_existing_database_without_a_key_is_never_given_a_new_one(
    existing_key_store: PreparedKeyStore, tmp_path: Path
) -> None:
    database = tmp_path / "consultations.db"
    database.write_bytes(b"an encrypted database made with a key that has since been lost")
    store = select_keystore("cryptfile")
    store.unlock(PASSPHRASE)
    before = existing_key_store.file.read_bytes()

    with pytest.raises(KeyMissing) as missing:
        store.database_key(database, create=True)

    message = str(missing.value)
    assert str(database) in message
    assert str(existing_key_store.file) in message
    assert "CONSULT_TUI_KEYRING" in message
    assert "will not create a new key for an existing database" in message
    assert not store.has_key(database)
    assert existing_key_store.file.read_bytes() == before


def test_opening_a_database_that_does_not_exist_points_to_init(
    existing_key_store: PreparedKeyStore, tmp_path: Path
) -> None:
    store = select_keystore("cryptfile")
    store.unlock(PASSPHRASE)

    with pytest.raises(KeyMissing, match="consult-tui init"):
        store.database_key(tmp_path / "not-made-yet.db", create=False)

    assert not store.has_key(tmp_path / "not-made-yet.db")


def test_passphrase_from_the_environment_unlocks_without_a_terminal(
    existing_key_store: PreparedKeyStore,
    monkeypatch: pytest.MonkeyPatch,
    never_prompt: list[str],
) -> None:
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    store = select_keystore("cryptfile")

    store.unlock()

    assert store.is_unlocked
    assert never_prompt == []


def test_no_terminal_and_no_passphrase_in_the_environment_is_a_clear_error(
    existing_key_store: PreparedKeyStore,
    monkeypatch: pytest.MonkeyPatch,
    never_prompt: list[str],
) -> None:
    # A pipe with the passphrase in it is not a terminal: it is not read.
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    store = select_keystore("cryptfile")

    with pytest.raises(PassphraseUnavailable, match="CONSULT_TUI_PASSPHRASE"):
        store.unlock()

    assert never_prompt == []


def test_locking_forgets_the_passphrase_and_unlocking_again_gives_the_same_key(
    existing_key_store: PreparedKeyStore, never_prompt: list[str]
) -> None:
    store = select_keystore("cryptfile")
    store.unlock(PASSPHRASE)
    store.lock()

    assert not store.is_unlocked
    with pytest.raises(KeyringLocked, match="passphrase"):
        store.database_key(existing_key_store.database, create=False)

    store.unlock(PASSPHRASE)
    assert store.database_key(existing_key_store.database, create=False) == existing_key_store.key
    assert never_prompt == []


def test_the_library_underneath_never_falls_back_to_a_terminal_prompt(
    existing_key_store: PreparedKeyStore, never_prompt: list[str]
) -> None:
    # With no passphrase set, keyrings.cryptfile itself would call getpass, drawing over the
    # Textual screen; the backend consult-tui builds refuses instead.
    bare = encrypted_file_keyring(existing_key_store.file)

    with pytest.raises(KeyringLocked):
        bare.get_password(KEYRING_SERVICE, database_key_name(existing_key_store.database))
    never_created = app_paths().data_dir / "new.cfg"
    with pytest.raises(KeyringLocked):
        encrypted_file_keyring(never_created).set_password(KEYRING_SERVICE, "db-key:0000", "00")
    assert not never_created.exists()
    assert never_prompt == []


def test_demo_database_key_can_be_forgotten(existing_key_store: PreparedKeyStore) -> None:
    store = select_keystore("cryptfile")
    store.unlock(PASSPHRASE)

    store.delete_key(existing_key_store.database)
    store.delete_key(existing_key_store.database)  # forgetting twice is harmless

    assert not store.has_key(existing_key_store.database)
    assert sorted(p.name for p in existing_key_store.file.parent.iterdir()) == ["keyring.cfg"]


def test_a_loosely_permitted_key_store_file_is_made_private_again(
    existing_key_store: PreparedKeyStore,
) -> None:
    existing_key_store.file.chmod(0o644)
    existing_key_store.file.parent.chmod(0o755)
    store = select_keystore("cryptfile")

    store.unlock(PASSPHRASE)

    assert _mode(existing_key_store.file) == 0o600
    # The folder is left as its owner set it (a folder the app did not just make is not its to
    # change); `consult-tui doctor` says when it can be read by others.
    assert _mode(existing_key_store.file.parent) == 0o755


def test_a_damaged_key_store_file_is_reported_as_damaged_not_as_a_wrong_passphrase() -> None:
    damaged = app_paths().cryptfile_keyring
    damaged.parent.mkdir(parents=True, mode=0o700)
    damaged.write_bytes(b"\x00\x01 this is not a key store \xff")
    before = damaged.read_bytes()
    store = select_keystore("cryptfile")
    assert not store.first_run

    with pytest.raises(KeyStoreError, match="Restore it from your backup") as problem:
        store.unlock(PASSPHRASE)

    assert not isinstance(problem.value, WrongPassphrase)
    assert damaged.read_bytes() == before
