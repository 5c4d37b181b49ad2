"""Fixtures for the SVG snapshots: a frozen clock, and the app opened on a copy of one store.

Nothing that changes from run to run or machine to machine may reach a snapshot: the clock is
frozen (time-machine: every `datetime.now` and `date.today`, in the store thread too), local
time is UTC, cursors do not blink (see snapshot_steps.py), and no folder made for the test is
shown — the unlock screens, which show the database and key store paths, use one fixed folder.
"""

from __future__ import annotations

import dataclasses
import fcntl
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine

from consult_tui.config import load_settings
from consult_tui.domain.guidance import load_pack
from consult_tui.security.keys import CryptFileKeyStore
from consult_tui.store.repository import RecordStore
from consult_tui.ui.app import ConsultApp
from consult_tui.workspace import Workspace
from tests.conftest import IsolatedFolders
from tests.snapshots.prepared_store import FROZEN_NOW, PreparedStore, prepare
from tests.snapshots.snapshot_steps import Snap, Story

# The unlock screens print the database and key store paths: a folder with the same name on
# every machine, so the snapshot is the same everywhere. Only the key store file is put there;
# the database is never created (nothing is written until a passphrase is accepted).
FIXED_ROOT = Path("/tmp/consult-tui-snapshot")


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Every screen at the smallest real terminal and at the size where all panes show."""
    return request.param


@pytest.fixture
def snap(snap_compare: Callable[..., bool], size: tuple[int, int]) -> Snap:
    """Run the story on the app, then compare the screen with its SVG at this size."""

    def compare(app: ConsultApp, story: Story) -> bool:
        return snap_compare(app, terminal_size=size, run_before=story)

    return compare


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> PreparedStore:
    with time_machine.travel(FROZEN_NOW, tick=False):
        return prepare(tmp_path_factory.mktemp("prepared"))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates and times on screen are the same on every run and every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")  # never probe a desktop keyring
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def app_on(
    prepared: PreparedStore, isolated_environment: IsolatedFolders
) -> Iterator[Callable[[str], ConsultApp]]:
    """An unlocked app on a fresh copy of the "seeded" or the "empty" store."""
    opened: list[Workspace] = []

    def make(which: str = "seeded") -> ConsultApp:
        settings = load_settings()
        data_dir = settings.paths.data_dir
        source = prepared.seeded if which == "seeded" else prepared.empty
        database = prepared.copy_store(source, data_dir)
        prepared.copy_keyring(data_dir)
        settings = dataclasses.replace(settings, database=database)
        store = RecordStore.open(database, prepared.key)
        store.use_signer(prepared.signer)
        workspace = Workspace(
            settings=settings,
            keystore=CryptFileKeyStore(settings.paths),  # locked: the lock screen asks for it
            store=store,
            pack=load_pack(settings.guidance_pack),
            _key=prepared.key,
        )
        opened.append(workspace)
        return ConsultApp(settings, demo_workspace=workspace)

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture
def fixed_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's data folder at FIXED_ROOT, empty; one test at a time on this machine."""
    FIXED_ROOT.parent.mkdir(exist_ok=True)
    with open(f"{FIXED_ROOT}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run on this machine waits its turn
        shutil.rmtree(FIXED_ROOT, ignore_errors=True)
        FIXED_ROOT.mkdir(mode=0o700)
        monkeypatch.setenv("XDG_DATA_HOME", str(FIXED_ROOT))
        try:
            yield load_settings().paths.data_dir
        finally:
            shutil.rmtree(FIXED_ROOT, ignore_errors=True)


@pytest.fixture
def unlock_app(fixed_folder: Path, prepared: PreparedStore) -> Callable[[bool], ConsultApp]:
    """The app as it starts: first use (no key store file yet) or with the key store set up."""

    def make(key_store_set_up: bool) -> ConsultApp:
        if key_store_set_up:
            prepared.copy_keyring(fixed_folder)
        return ConsultApp(load_settings())

    return make
