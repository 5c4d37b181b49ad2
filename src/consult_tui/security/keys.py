"""Where each database's key lives (desktop keyring or encrypted file) and how it is unlocked.

Every call here blocks (the encrypted file takes about a second to unlock): the UI runs them in a
worker. keyring and its backends are imported only when a key store is actually used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..paths import AppPaths, app_paths, ensure_private_dir
from .errors import (
    KeyMissing,
    KeyringLocked,
    KeyStoreError,
    NoKeyringBackend,
    PassphraseUnavailable,
    WeakPassphrase,
    WrongPassphrase,
)
from .passphrase import check_passphrase_strength, passphrase_from_environment_or_tty

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from .backends import SecretServiceState

_Result = TypeVar("_Result")

__all__ = [
    "KEYRING_SERVICE",
    "CryptFileKeyStore",
    "KeyMissing",
    "KeyStore",
    "KeyStoreError",
    "KeyringLocked",
    "NoKeyringBackend",
    "PassphraseUnavailable",
    "SecretServiceKeyStore",
    "WeakPassphrase",
    "WrongPassphrase",
    "check_passphrase_strength",
    "database_key_name",
    "passphrase_from_environment_or_tty",
    "select_keystore",
]

KEYRING_SERVICE = "consult-tui"
KEY_BYTES = 32
_KEY_NAME_PREFIX = "db-key:"
_MOVED_DATABASE_HINT = (
    "Keys are filed under the database's full path, so a database that was moved or renamed "
    "by hand has to go back where it was created (then move it with `consult-tui move`)."
)


def database_key_name(db_path: Path) -> str:
    """The keyring user name for a database's key: a hash of its full path, never its contents.

    Names are stored in plaintext in the encrypted file, so nothing about a case may appear here.
    """
    resolved = Path(db_path).expanduser().resolve()
    return _KEY_NAME_PREFIX + hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]


class KeyStore(ABC):
    """A place that keeps one random 32-byte key per database, behind an unlock step."""

    backend_name: str
    needs_passphrase: bool
    first_run: bool = False
    why_chosen: str = ""

    def __init__(self, paths: AppPaths, *, why_chosen: str = "") -> None:
        self._paths = paths
        self._unlocked = False
        self.why_chosen = why_chosen

    @property
    def is_unlocked(self) -> bool:
        return self._unlocked

    @abstractmethod
    def unlock(self, passphrase: str | None = None, *, database: Path | None = None) -> None:
        """Each backend does this its own way.

        ``database`` names the database whose key will be read next: a backend may prove the
        passphrase by reading that key, so opening costs one slow step, not two.
        """

    def lock(self) -> None:
        self._unlocked = False

    def has_key(self, db_path: Path) -> bool:
        """Whether a key is kept for this database (the encrypted file decrypts it: ~0.4 s)."""
        return self._read(database_key_name(db_path)) is not None

    def database_key(self, db_path: Path, *, create: bool) -> bytes:
        """The database's key; a new one only for a database that does not exist yet.

        A key is never made for a file that already exists, whatever `create` says: encrypting
        anything with a fresh key would not open the old records, and storing it could hide
        where the real key went.
        """
        name = database_key_name(db_path)
        stored = self._read(name)
        if stored is not None:
            return _decode_key(stored, db_path)
        database = Path(db_path).expanduser()
        if database.exists():
            raise KeyMissing(
                f"The database {database} exists but its key is not in the {self.backend_name} "
                f"key store, so it cannot be opened. {self._missing_key_advice()} "
                f"{_MOVED_DATABASE_HINT} consult-tui will not create a new key for an existing "
                "database."
            )
        if not create:
            raise KeyMissing(
                f"There is no database at {database} yet. Create it with `consult-tui init`, "
                "or point consult-tui at the database you meant."
            )
        key = secrets.token_bytes(KEY_BYTES)
        self.keep(name, key.hex(), "The new key", then=", so no database was created")
        return key

    def file_key(self, db_path: Path, key: bytes) -> None:
        """Keep an existing database's key under another path too (a database being moved).

        Refuses when a different key is already kept for that path: replacing it could cut off
        whatever database it belongs to.
        """
        name = database_key_name(db_path)
        existing = self._read(name)
        if existing is not None and existing != key.hex():
            raise KeyStoreError(
                f"A different key is already kept for {Path(db_path).expanduser()}, so nothing "
                "was moved. Choose another path, or move the database that key belongs to first."
            )
        if existing is None:
            self.keep(name, key.hex(), "The key", then=" under the new path, so nothing was moved")

    def keep(self, name: str, secret: str, what: str, *, then: str = "") -> None:
        """Write a secret and read it back before anything is encrypted or signed with it.

        A key that was not really kept would leave a database unreadable, or a seal nobody can
        check, for good; ``what`` and ``then`` word the refusal ("The new key", ", so no
        database was created").
        """
        self._write(name, secret)
        if self._read(name) != secret:
            raise KeyStoreError(
                f"{what} could not be kept in the {self.backend_name} key store{then}. "
                "Check the key store and try again."
            )

    def delete_key(self, db_path: Path) -> None:
        """Forget a database's key; only for throwaway (demo) databases. Absent keys are fine."""
        self._remove(database_key_name(db_path))

    @abstractmethod
    def _read(self, name: str) -> str | None:
        """Each backend does this its own way."""

    @abstractmethod
    def _write(self, name: str, secret: str) -> None:
        """Each backend does this its own way."""

    @abstractmethod
    def _remove(self, name: str) -> None:
        """Each backend does this its own way."""

    @abstractmethod
    def _missing_key_advice(self) -> str:
        """Each backend does this its own way."""


class CryptFileKeyStore(KeyStore):
    """Keys in an Argon2 + AES-GCM file in the user's data folder, opened with a passphrase."""

    needs_passphrase = True

    def __init__(self, paths: AppPaths, *, why_chosen: str = "") -> None:
        super().__init__(paths, why_chosen=why_chosen)
        self.keyring_file = paths.cryptfile_keyring
        self.backend_name = f"encrypted file ({self.keyring_file})"
        self._keyring: KeyringBackend | None = None
        # Keys already decrypted while unlocking (the one read that proved the passphrase).
        self._decrypted: dict[str, str] = {}

    @property  # type: ignore[override]
    def first_run(self) -> bool:
        from .backends import keyring_file_holds_passphrase_check

        return keyring_file_holds_passphrase_check(self.keyring_file) is False

    def unlock(self, passphrase: str | None = None, *, database: Path | None = None) -> None:
        """Check the passphrase by decrypting the file's check value; first time, create the file.

        Without a passphrase argument it comes from CONSULT_TUI_PASSPHRASE or the terminal.
        With ``database`` whose key the file holds, decrypting that key proves the passphrase
        instead: one Argon2 derivation (about half a second) rather than one for the check value
        and another for the key.
        """
        from .backends import (
            encrypted_file_keyring,
            keyring_file_holds_passphrase_check,
            keyring_file_names,
        )

        self.lock()
        state = keyring_file_holds_passphrase_check(self.keyring_file)
        if state is None:
            raise KeyStoreError(self._damaged_message())
        first_run = not state
        if passphrase is None:
            passphrase = passphrase_from_environment_or_tty(confirm=first_run)
        if first_run:
            reason = check_passphrase_strength(passphrase)
            if reason is not None:
                raise WeakPassphrase(reason)
        elif not passphrase.strip():
            raise WrongPassphrase("Type the key store passphrase to unlock it.")
        ensure_private_dir(self.keyring_file.parent)
        if self.keyring_file.exists() and self.keyring_file.stat().st_mode & 0o077:
            self.keyring_file.chmod(0o600)
        keyring = encrypted_file_keyring(self.keyring_file)
        if database is not None and not first_run:
            name = database_key_name(database)
            if keyring_file_names(self.keyring_file, KEYRING_SERVICE, name):
                stored = self._prove_by_reading(keyring, passphrase, name)
                if stored is not None:
                    self._decrypted[name] = stored
                    self._keyring = keyring
                    self._unlocked = True
                    return
                keyring = encrypted_file_keyring(self.keyring_file)
        try:
            # The setter decrypts the file's check value (or, first time, writes the file).
            keyring.keyring_key = passphrase
        except ValueError as problem:
            del keyring.keyring_key
            if str(problem) in ("MAC check failed", "Incorrect Password"):
                raise WrongPassphrase(
                    f"That passphrase does not open the key store {self.keyring_file}. Check it "
                    "(and Caps Lock) and try again."
                ) from None
            raise KeyStoreError(self._damaged_message()) from None
        self._keyring = keyring
        self._unlocked = True

    def _prove_by_reading(self, keyring: KeyringBackend, passphrase: str, name: str) -> str | None:
        """The stored key if the passphrase decrypts it; None if it does not.

        None leads to the usual check value, which then tells a wrong passphrase (the common
        case) from a damaged entry.
        """
        from .backends import set_passphrase_unchecked

        set_passphrase_unchecked(keyring, passphrase)
        try:
            return keyring.get_password(KEYRING_SERVICE, name)
        except ValueError:
            del keyring.keyring_key
            return None

    def lock(self) -> None:
        if self._keyring is not None:
            del self._keyring.keyring_key
        self._keyring = None
        self._decrypted.clear()
        super().lock()

    def _unlocked_keyring(self) -> KeyringBackend:
        if self._keyring is None:
            raise KeyringLocked(
                "The encrypted key store is locked. Unlock it with its passphrase first."
            )
        return self._keyring

    def _read(self, name: str) -> str | None:
        keyring = self._unlocked_keyring()
        if name in self._decrypted:
            return self._decrypted[name]
        try:
            return keyring.get_password(KEYRING_SERVICE, name)
        except ValueError:
            raise KeyStoreError(self._damaged_message()) from None

    def _write(self, name: str, secret: str) -> None:
        self._decrypted.pop(name, None)  # a read after a write goes to the file
        self._unlocked_keyring().set_password(KEYRING_SERVICE, name, secret)

    def _remove(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        self._decrypted.pop(name, None)
        with contextlib.suppress(PasswordDeleteError):
            self._unlocked_keyring().delete_password(KEYRING_SERVICE, name)

    def _missing_key_advice(self) -> str:
        return (
            f"Restore the key store file {self.keyring_file} from your backup, or, if the "
            "database was created with the desktop keyring, run consult-tui where that keyring "
            "is unlocked (or set CONSULT_TUI_KEYRING=secretservice)."
        )

    def _damaged_message(self) -> str:
        return (
            f"The key store file {self.keyring_file} cannot be read; it looks damaged. Restore "
            "it from your backup. consult-tui has not changed it."
        )


class SecretServiceKeyStore(KeyStore):
    """Keys in the desktop keyring (Secret Service), which the login session unlocks."""

    backend_name = "Secret Service"
    needs_passphrase = False

    def unlock(self, passphrase: str | None = None, *, database: Path | None = None) -> None:
        """Check that the default collection is unlocked; never pops up a prompt."""
        from .backends import SECRET_SERVICE_LOCKED, SecretServiceState, probe_secret_service

        self._unlocked = False
        state = probe_secret_service()
        if state is SecretServiceState.LOCKED:
            raise KeyringLocked(SECRET_SERVICE_LOCKED)
        if state is not SecretServiceState.UNLOCKED:
            raise NoKeyringBackend(_secret_service_unavailable(state))
        self._unlocked = True

    def _keyring(self) -> KeyringBackend:
        if not self._unlocked:
            raise KeyringLocked(
                "The key store has not been unlocked yet. Unlock it first, then try again."
            )
        from .backends import secret_service_keyring

        return secret_service_keyring()

    def _read(self, name: str) -> str | None:
        return self._talk(lambda keyring: keyring.get_password(KEYRING_SERVICE, name))

    def _write(self, name: str, secret: str) -> None:
        self._talk(lambda keyring: keyring.set_password(KEYRING_SERVICE, name, secret))

    def _remove(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        def delete(keyring: KeyringBackend) -> None:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, name)

        self._talk(delete)

    def _talk(self, operation: Callable[[KeyringBackend], _Result]) -> _Result:
        from jeepney.wrappers import DBusErrorResponse
        from keyring.errors import KeyringError
        from keyring.errors import KeyringLocked as KeyringLibraryLocked
        from secretstorage.exceptions import SecretStorageException

        from .backends import SECRET_SERVICE_LOCKED

        keyring = self._keyring()
        try:
            return operation(keyring)
        except KeyringLibraryLocked:
            raise KeyringLocked(SECRET_SERVICE_LOCKED) from None
        except (
            KeyringError,
            SecretStorageException,
            DBusErrorResponse,
            OSError,
            TimeoutError,
        ) as problem:
            raise KeyStoreError(_secret_service_failed(problem)) from None

    def _missing_key_advice(self) -> str:
        exists = self._paths.cryptfile_keyring.exists()
        file_note = (
            f" (an encrypted key store file exists at {self._paths.cryptfile_keyring})"
            if exists
            else ""
        )
        return (
            "If the database was created with the encrypted-file key store, set "
            f"CONSULT_TUI_KEYRING=cryptfile{file_note}; otherwise restore your desktop keyring "
            "from backup."
        )


def select_keystore(
    choice: str = "auto", *, paths: AppPaths | None = None, database: Path | None = None
) -> KeyStore:
    """Pick the key store explicitly; keyring's own auto-detection is never used.

    "auto": the encrypted file when it already holds the key of ``database``; otherwise the
    Secret Service when a session bus is present and its default collection is unlocked, else
    the encrypted file. "secretservice" insists on the Secret Service (a locked one is reported
    by unlock()); "cryptfile" always uses the file.

    The first rule matters on a server where a desktop keyring appears later (someone installs
    gnome-keyring): a database made with the key file must still open with it, not be reported
    as having lost its key.
    """
    from .backends import SecretServiceState, keyring_file_names, probe_secret_service

    paths = paths or app_paths()
    if (
        choice == "auto"
        and database is not None
        and keyring_file_names(
            paths.cryptfile_keyring, KEYRING_SERVICE, database_key_name(database)
        )
    ):
        return CryptFileKeyStore(
            paths,
            why_chosen="The key for this database is in the encrypted key file, so that file is "
            "used (a desktop keyring may be running too).",
        )
    if choice == "cryptfile":
        return CryptFileKeyStore(
            paths, why_chosen="The encrypted-file key store was chosen in the settings."
        )
    if choice == "secretservice":
        state = probe_secret_service()
        if state in (SecretServiceState.UNLOCKED, SecretServiceState.LOCKED):
            return SecretServiceKeyStore(
                paths, why_chosen="The desktop keyring (Secret Service) was chosen in the settings."
            )
        raise NoKeyringBackend(_secret_service_unavailable(state))
    if choice == "auto":
        state = probe_secret_service()
        if state is SecretServiceState.UNLOCKED:
            return SecretServiceKeyStore(
                paths, why_chosen="Keys are kept in your unlocked desktop keyring (Secret Service)."
            )
        return CryptFileKeyStore(paths, why_chosen=_why_file_store(state))
    raise KeyStoreError(
        f"Unknown key store {choice!r}. Choose auto, secretservice or cryptfile "
        "(CONSULT_TUI_KEYRING, or [keyring] backend in the config file)."
    )


def _decode_key(stored: str, db_path: Path) -> bytes:
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyStoreError(
            f"The key kept for the database {Path(db_path).expanduser()} is damaged (it is not a "
            f"{KEY_BYTES}-byte key). Restore the key store from your backup."
        )
    return key


def _why_file_store(state: SecretServiceState) -> str:
    from .backends import SecretServiceState

    reasons = {
        SecretServiceState.NO_BUS: "there is no desktop session here",
        SecretServiceState.NO_SERVICE: "no desktop keyring (Secret Service) is running",
        SecretServiceState.NO_DEFAULT_COLLECTION: "the desktop keyring has no default collection",
        SecretServiceState.LOCKED: "the desktop keyring is locked",
    }
    reason = reasons.get(state, "the desktop keyring cannot be used")
    return f"Keys are kept in an encrypted file protected by your passphrase, because {reason}."


def _secret_service_unavailable(state: SecretServiceState) -> str:
    from .backends import SecretServiceState

    fallback = " Or set CONSULT_TUI_KEYRING=cryptfile to keep keys in an encrypted file instead."
    if state is SecretServiceState.NO_BUS:
        return (
            "The desktop keyring (Secret Service) was chosen, but there is no desktop session "
            "bus here (DBUS_SESSION_BUS_ADDRESS is not set or cannot be reached). Run consult-tui "
            "inside a desktop session." + fallback
        )
    if state is SecretServiceState.NO_DEFAULT_COLLECTION:
        return (
            "The desktop keyring (Secret Service) is running but has no default collection. "
            "Create one with your keyring app." + fallback
        )
    return (
        "The desktop keyring (Secret Service) was chosen, but no Secret Service answers on the "
        "session bus. Start gnome-keyring (or another Secret Service) in this session." + fallback
    )


def _secret_service_failed(problem: BaseException) -> str:
    return (
        f"The desktop keyring (Secret Service) did not answer as expected "
        f"({type(problem).__name__}). Check that it is running and unlocked and try again, or "
        "set CONSULT_TUI_KEYRING=cryptfile to keep keys in an encrypted file instead."
    )
