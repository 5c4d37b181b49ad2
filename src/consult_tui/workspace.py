"""Opening a practitioner's workspace: key store, database key, record store and guidance pack.

The app and the command line open the same way, so the invariants hold for both: a database that
exists is never given a new key, and every failure is an exception whose message a person can act
on. The heavy imports (keyring, SQLAlchemy) happen here, after the first frame has been painted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .domain.guidance import GuidancePack
    from .security.keys import KeyStore
    from .store.repository import RecordStore


class WorkspaceError(Exception):
    """Opening failed for a reason that is neither the key store's nor the database's."""


@dataclass(slots=True)
class Workspace:
    settings: Settings
    keystore: KeyStore | None  # None: a throwaway demo whose key lives only in memory
    store: RecordStore
    pack: GuidancePack
    # Kept only to check pages on a separate connection; the engine holds the key anyway.
    _key: bytes | None = field(default=None, repr=False)

    @property
    def database(self) -> Path:
        return self.settings.database

    @property
    def key_location(self) -> str:
        if self.keystore is None:
            return "memory only (throwaway demo database)"
        return self.keystore.backend_name

    def check_pages(self) -> str | None:
        """Read every page once (slow on a big store: run it off the UI thread).

        Returns None when the file is sound, or a sentence saying what is damaged.
        """
        if self._key is None:
            return None
        from .store.engine import check_pages

        return check_pages(self.store.path, self._key)

    def close(self) -> None:
        self.store.close()


def prepare_keystore(settings: Settings) -> KeyStore:
    """Pick the key store for these settings, refusing early when the key cannot be there.

    A first-run encrypted-file key store beside an existing database means the key store file was
    lost or moved: creating a new one would silently orphan the database, so we stop and say so.
    """
    from .security.keys import KeyMissing, select_keystore
    from .store.engine import check_database_file

    if settings.database.exists():
        # What is at the path is told before anything about keys: a folder or a text file
        # given as the database must not be answered with "its key is not in the key store".
        check_database_file(settings.database, empty_ok=False)
    keystore = select_keystore(
        settings.keyring_backend, paths=settings.paths, database=settings.database
    )
    if keystore.needs_passphrase and keystore.first_run and settings.database.exists():
        raise KeyMissing(
            f"The database {settings.database} exists, but the key store "
            f"{keystore.backend_name} has never been set up on this account, so its key "
            "cannot be there. Restore the key store file from your backup, or choose the "
            "backend the database was created with (CONSULT_TUI_KEYRING). consult-tui will not "
            "make a new key for an existing database."
        )
    return keystore


def open_workspace(
    settings: Settings,
    keystore: KeyStore,
    passphrase: str | None,
    *,
    create: bool = True,
) -> Workspace:
    """Unlock, fetch (or, for a new database only, make) the key, open the store, load guidance.

    `create` allows a database to be made when its file does not exist yet; an existing file
    always needs its existing key.
    """
    from .domain.guidance import load_pack
    from .store.engine import check_database_file
    from .store.repository import RecordStore

    database = settings.database
    is_new = not database.exists()
    if not (create and is_new):
        check_database_file(database, empty_ok=False)  # before the key: see prepare_keystore
    # Naming the database lets the key store prove the passphrase by reading its key: one
    # Argon2 derivation for the whole unlock, not one for the check and one for the key.
    keystore.unlock(passphrase, database=database)
    key = keystore.database_key(database, create=create and is_new)
    # Pages are checked after opening (Workspace.check_pages), not before: at 100,000 records a
    # full check takes seconds, and the practitioner should not wait for it to start work.
    store = RecordStore.open(database, key, create=create and is_new, verify_pages=False)
    try:
        from .security.signing import installation_key

        # Finalised records are signed with this installation's key (store/seal.py).
        store.use_signer(installation_key(keystore))
        pack = load_pack(settings.guidance_pack)
    except Exception:
        store.close()
        raise
    return Workspace(settings=settings, keystore=keystore, store=store, pack=pack, _key=key)
