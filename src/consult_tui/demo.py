"""The demo: the example consultations of the domain brief, in a database of their own.

Without --db the demo database is throwaway: made in a private temporary folder, keyed with a
random key that is never stored, and deleted when the demo ends, so trying the app leaves nothing
behind and needs no key store.
"""

from __future__ import annotations

import dataclasses
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .workspace import Workspace

if TYPE_CHECKING:
    from .store.repository import RecordStore


def seed_examples(store: RecordStore) -> int:
    from .domain.examples import all_examples

    examples = all_examples()
    for record in examples:
        store.save_draft(record)
    return len(examples)


@contextmanager
def open_throwaway_demo(settings: Settings) -> Iterator[Workspace]:
    from .domain.guidance import load_pack
    from .store.repository import RecordStore

    folder = Path(tempfile.mkdtemp(prefix="consult-tui-demo-"))  # mkdtemp makes it 0700
    database = folder / "demo.db"
    demo_settings = dataclasses.replace(settings, database=database)
    store = RecordStore.open(database, secrets.token_bytes(32), create=True)
    try:
        from .security.signing import InstallationKey

        store.use_signer(InstallationKey.generate())  # a throwaway key for a throwaway store
        seed_examples(store)
        yield Workspace(
            settings=demo_settings,
            keystore=None,
            store=store,
            pack=load_pack(settings.guidance_pack),
        )
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
