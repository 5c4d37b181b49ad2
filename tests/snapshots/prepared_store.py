"""One encrypted store and key store, made once per test session and copied for every snapshot.

Unlocking the encrypted key file costs an Argon2 derivation (about half a second); creating a
store runs its migrations. Doing that once and copying the files keeps the snapshot directory
fast, while every test still runs on a real SQLCipher file and a real key store file of its own.
The store is opened with its raw key (no derivation), as the app does after unlocking.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import time_machine

from consult_tui.domain.examples import all_examples
from consult_tui.domain.record import Addendum, Consultation
from consult_tui.paths import AppPaths
from consult_tui.security.keys import CryptFileKeyStore
from consult_tui.security.signing import InstallationKey
from consult_tui.store.repository import RecordStore
from tests.review.review_helpers import consultation, finalise

# Every snapshot is taken at this moment: after the examples (March 2025), so one of their
# reviews is overdue, and a day on which one finalised record's review falls due.
FROZEN_NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
PASSPHRASE = "kettle orchard lantern quilt"
DATABASE_NAME = "consultations.db"
KEYRING_NAME = "keyring.cfg"

# The finalised records the record, chronology and addendum snapshots open.
CASE_WITH_HISTORY = "HV-2025-0533"
# Two finalised decisions on one case, weeks apart: (name, day, fact, reason, review date).
_DECISIONS_ON_BABY_M = (
    (
        "earlier",
        date(2025, 4, 14),
        "Mother said she feels low and alone since the birth",
        "Shared with the GP with mother's agreement so she can be offered support",
        date(2025, 5, 30),
    ),
    (
        "later",
        date(2025, 5, 20),
        "Missed two appointments; the home visit found the flat cold and no formula",
        "Shared with children's social care: the baby's needs are not being met",
        date(2025, 6, 4),
    ),
)
# Seals are signed with this (test-only) key, and ids are set, so a record's seal is the same
# in every run: the record screen shows its id and its seal's hash.
SIGNING_KEY_HEX = "5e" * 32


@dataclass(frozen=True)
class PreparedStore:
    """The files to copy, and what a test needs to open the copy without the key store."""

    seeded: Path  # a folder holding a store with drafts, finalised records and reviews due
    empty: Path  # a folder holding a store with no records at all
    keyring: Path  # a key store file set up with PASSPHRASE
    key: bytes
    signer: InstallationKey

    def copy_store(self, source: Path, data_dir: Path) -> Path:
        """The store's files (with its WAL, if any) copied into data_dir; the copy's path."""
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for part in source.iterdir():
            if part.name.startswith(DATABASE_NAME):
                shutil.copy2(part, data_dir / part.name)
        return data_dir / DATABASE_NAME

    def copy_keyring(self, data_dir: Path) -> Path:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return Path(shutil.copy2(self.keyring, data_dir / KEYRING_NAME))


def prepare(folder: Path) -> PreparedStore:
    """Make the key store file and both stores (call with the clock frozen at FROZEN_NOW)."""
    keyring_dir = folder / "keyring"
    keyring_dir.mkdir(mode=0o700)
    keystore = CryptFileKeyStore(
        AppPaths(
            config_file=folder / "config.toml",
            data_dir=keyring_dir,
            default_database=keyring_dir / DATABASE_NAME,
            cryptfile_keyring=keyring_dir / KEYRING_NAME,
            crash_dir=folder / "crash",
        )
    )
    keystore.unlock(PASSPHRASE)  # first use: writes the file's check value (one Argon2)
    keystore.lock()
    key = secrets.token_bytes(32)
    signer = InstallationKey.from_hex(SIGNING_KEY_HEX)
    prepared = PreparedStore(
        seeded=folder / "seeded",
        empty=folder / "empty",
        keyring=keyring_dir / KEYRING_NAME,
        key=key,
        signer=signer,
    )
    for made in (prepared.seeded, prepared.empty):
        made.mkdir(mode=0o700)
        store = RecordStore.open(made / DATABASE_NAME, key, create=True)
        store.use_signer(signer)
        if made is prepared.seeded:
            _seed(store)
        store.close()
    return prepared


def _seed(store: RecordStore) -> None:
    """Drafts not finished, reviews due and overdue, and a case with two decisions over time.

    Each is written at a moment of its own, an hour after it was started, so the list's order
    and "Updated" column are the same in every run.
    """
    for example in all_examples():
        with time_machine.travel(example.created_at + timedelta(hours=1), tick=False):
            store.save_draft(example)
    for name, started, fact, reason, review in _DECISIONS_ON_BABY_M:
        record = consultation(
            case_reference=CASE_WITH_HISTORY,
            child="Baby M",
            fact=fact,
            reason=reason,
            review=review,
            day=started.day,
            month=started.month,
        )
        _name_parts(record, name)
        with time_machine.travel(record.created_at + timedelta(hours=1), tick=False):
            finalise(store, record)
    written = datetime(2025, 4, 28, 14, 0, tzinfo=UTC)
    with time_machine.travel(written, tick=False):
        store.add_addendum(
            "snap0earlier",
            Addendum(
                id="snapaddendum",
                at=written,
                author="Priya Shah",
                reason="The GP wrote back",
                text="The GP has seen mother and started treatment; no further concerns.",
            ),
        )


def _name_parts(record: Consultation, name: str) -> None:
    """Fixed ids for the record and its rows (new ones are random), so its seal is fixed."""
    record.id = f"snap0{name}"
    for number, person in enumerate(record.people):
        person.id = f"snap0{name}p{number}"
    for number, fact in enumerate(record.facts):
        fact.id = f"snap0{name}f{number}"
