"""The disk fills up mid-consultation: the practitioner is told plainly, the typing stays on
screen and in memory, nothing is lost, and saving resumes by itself once there is space again.

The database lives on a real, tiny tmpfs that the test fills with a real file: SQLite meets a
real ENOSPC, not a stand-in.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from consult_tui.config import load_settings
from consult_tui.domain.guidance import load_pack
from consult_tui.store.repository import RecordStore
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.lock import LockScreen
from consult_tui.workspace import Workspace
from tests.reliability.app_driving import focused_id, screen_named, screen_text, wait_for

DISK_BYTES = 4 * 1024 * 1024


@dataclasses.dataclass
class SmallDisk:
    folder: Path
    filler: Path

    def fill(self) -> None:
        """Write until the disk says it is full."""
        chunk = b"\0" * 65536
        with self.filler.open("ab") as handle:
            while True:
                try:
                    handle.write(chunk)
                    handle.flush()
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
        with contextlib.suppress(OSError), self.filler.open("ab") as handle:
            # Take the last few bytes too: a half-filled block would still take a small write.
            while True:
                handle.write(b"\0" * 512)
                handle.flush()

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 4 MB tmpfs of our own (needs permission to mount, as root in CI has)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(folder, folder / "filler")
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def workspace_on(small_disk: SmallDisk, tmp_path: Path) -> Iterator[tuple[Workspace, bytes]]:
    settings = dataclasses.replace(load_settings(), database=small_disk.folder / "consult.db")
    key = secrets.token_bytes(32)
    store = RecordStore.open(settings.database, key, create=True)
    try:
        yield Workspace(settings=settings, keystore=None, store=store, pack=load_pack(None)), key
    finally:
        store.close()


def toasts(app: ConsultApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_full_disk_is_reported_the_typing_is_kept_and_saving_resumes(
    small_disk: SmallDisk, workspace_on: tuple[Workspace, bytes]
) -> None:
    workspace, key = workspace_on
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: screen_named(app, "HomeScreen"))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen_named(app, "ConsultationScreen"))
        await wait_for(pilot, lambda: focused_id(app) == "case-reference")
        record_id = app.screen.record.id
        await pilot.press(*"DISK-A")
        await asyncio.sleep(0.8)
        await pilot.pause()
        assert workspace.store.get(record_id).case_reference == "DISK-A"

        small_disk.fill()
        typed = "DISK-A" + "".join(f"-{n:03d}" for n in range(24))
        await pilot.press(*typed[len("DISK-A") : 30])
        await wait_for(pilot, lambda: "Not saved yet" in screen_text(app), timeout=10)
        shown = screen_text(app)
        assert "disk full" in shown
        assert "Traceback" not in shown
        await pilot.press(*typed[30:])
        await asyncio.sleep(2.5)  # a retry or two, which must not pile up more messages
        await pilot.pause()
        shown = screen_text(app)
        assert shown.count("Not saved yet") <= 1
        # The typing is all there, on screen and in the record being edited.
        assert typed[-4:] in shown  # the end of what was typed, where the cursor is
        assert app.screen.record.case_reference == typed

        # Locking now says honestly that the draft is not saved yet, and keeps it.
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await wait_for(pilot, lambda: "could not be saved yet" in screen_text(app))
        # Quitting would lose the typing: refused once, with the reason.
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: "press ctrl+q again" in toasts(app).lower())
        assert app.return_code is None

        small_disk.free()
        await wait_for(pilot, lambda: "Saved again" in toasts(app), timeout=10)
        assert workspace.store.get(record_id).case_reference == typed
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)

    assert app.return_code == 0
    with RecordStore.open(workspace.settings.database, key) as store:
        assert store.get(record_id).case_reference == typed
        assert store.integrity_check() == "ok"
        assert store.verify_audit().ok


def test_the_store_reports_a_full_disk_plainly_and_writes_again_once_there_is_room(
    small_disk: SmallDisk, workspace_on: tuple[Workspace, bytes]
) -> None:
    from consult_tui.domain.examples import bruised_baby
    from consult_tui.store.errors import StoreWriteFailed

    workspace, _ = workspace_on
    record = bruised_baby()
    workspace.store.save_draft(record)
    small_disk.fill()
    with pytest.raises(StoreWriteFailed) as refused:
        for number in range(200):
            record.case_reference = f"FULL-{number}"
            workspace.store.save_draft(record)
    assert "could not be written" in str(refused.value)
    assert str(workspace.settings.database) in str(refused.value)
    small_disk.free()
    record.case_reference = "ROOM-AGAIN"
    assert workspace.store.save_draft(record)
    assert workspace.store.get(record.id).case_reference == "ROOM-AGAIN"
    assert workspace.store.integrity_check() == "ok"
    assert os.path.getsize(workspace.settings.database) > 0


async def test_saving_resumes_on_its_own_when_space_returns_though_nothing_more_is_typed(
    small_disk: SmallDisk, workspace_on: tuple[Workspace, bytes]
) -> None:
    """The practitioner stops typing while the disk is full (a phone call, a break): the retry
    must keep going by itself, not wait for the next key."""
    workspace, _key = workspace_on
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: screen_named(app, "HomeScreen"))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: focused_id(app) == "case-reference")
        record_id = app.screen.record.id
        await pilot.press(*"FULL")
        await wait_for(pilot, lambda: not app._autosaver.has_pending)

        small_disk.fill()
        await pilot.press(*"-THEN-QUIET")
        await wait_for(pilot, lambda: "Not saved yet" in screen_text(app), timeout=10)
        small_disk.free()
        # No key from here on.
        await wait_for(pilot, lambda: "Saved again" in toasts(app), timeout=15)
        assert workspace.store.get(record_id).case_reference == "FULL-THEN-QUIET"
