"""Stories about unlocking the encrypted-file key store to open a database: one Argon2, not two.

Real CryptFileKeyring files and real Argon2; derivations are counted by wrapping argon2's own
function (which keyrings.cryptfile imports on each use), the work itself is done for real.
"""

from __future__ import annotations

import configparser
import shutil
from collections.abc import Iterator
from pathlib import Path

import argon2.low_level
import pytest
from keyrings.cryptfile.escape import escape as escape_for_ini

from consult_tui.paths import AppPaths, app_paths
from consult_tui.security.backends import encrypted_file_keyring
from consult_tui.security.keys import (
    KEYRING_SERVICE,
    CryptFileKeyStore,
    KeyStoreError,
    WrongPassphrase,
    database_key_name,
)

PASSPHRASE = "kettle orchard lantern twelve"
OTHER_PASSPHRASE = "kettle orchard lantern eleven"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A key file holding one database's key (made once: Argon2 is slow)."""
    folder = tmp_path_factory.mktemp("one-derivation")
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
    return paths.cryptfile_keyring, paths.default_database, key


@pytest.fixture
def key_store(prepared: tuple[Path, Path, bytes]) -> tuple[CryptFileKeyStore, Path, bytes]:
    file, database, key = prepared
    paths = app_paths()
    paths.cryptfile_keyring.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    shutil.copy2(file, paths.cryptfile_keyring)
    return CryptFileKeyStore(paths), database, key


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    counted: list[int] = []
    real = argon2.low_level.hash_secret_raw

    def counting(*args: object, **kwargs: object) -> bytes:
        counted.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(argon2.low_level, "hash_secret_raw", counting)
    yield counted


def test_opening_a_database_costs_one_argon2_derivation(key_store, derivations) -> None:
    store, database, key = key_store
    store.unlock(PASSPHRASE, database=database)
    assert store.database_key(database, create=False) == key
    assert len(derivations) == 1


def test_the_same_argon2_parameters_are_kept(key_store, monkeypatch) -> None:
    store, database, _ = key_store
    seen: list[dict[str, object]] = []
    real = argon2.low_level.hash_secret_raw

    def watching(*args: object, **kwargs: object) -> bytes:
        seen.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(argon2.low_level, "hash_secret_raw", watching)
    store.unlock(PASSPHRASE, database=database)
    (used,) = seen
    assert (used["time_cost"], used["memory_cost"], used["parallelism"]) == (15, 2**16, 2)


def test_a_wrong_passphrase_is_still_refused_when_the_key_is_read_straight_away(key_store):
    store, database, _ = key_store
    with pytest.raises(WrongPassphrase):
        store.unlock(OTHER_PASSPHRASE, database=database)
    assert not store.is_unlocked


def test_a_locked_store_forgets_the_key_it_read_while_unlocking(key_store) -> None:
    store, database, _ = key_store
    store.unlock(PASSPHRASE, database=database)
    store.lock()
    with pytest.raises(KeyStoreError):
        store.database_key(database, create=False)


def test_a_damaged_key_entry_is_reported_as_damage_not_as_a_wrong_passphrase(key_store) -> None:
    store, database, _ = key_store
    parser = configparser.RawConfigParser()
    parser.read(store.keyring_file)
    other = encrypted_file_keyring(store.keyring_file.with_name("other.cfg"))
    other.keyring_key = OTHER_PASSPHRASE  # an entry sealed under another passphrase
    other.set_password(KEYRING_SERVICE, database_key_name(database), "00" * 32)
    sealed = configparser.RawConfigParser()
    sealed.read(store.keyring_file.with_name("other.cfg"))
    section = escape_for_ini(KEYRING_SERVICE)
    name = escape_for_ini(database_key_name(database))
    parser.set(section, name, sealed.get(section, name))
    with store.keyring_file.open("w") as handle:
        parser.write(handle)
    store.unlock(PASSPHRASE, database=database)  # the check value still opens
    with pytest.raises(KeyStoreError) as refused:
        store.database_key(database, create=False)
    assert "damaged" in str(refused.value)


def test_the_library_still_keeps_its_passphrase_where_the_fast_path_puts_it(tmp_path) -> None:
    keyring = encrypted_file_keyring(tmp_path / "keyring.cfg")
    assert hasattr(keyring, "_keyring_key")
    assert keyring._keyring_key is None
