"""Another window holds the database's write lock while the practitioner types: the keys keep
coming onto the screen, nothing waits for the disk, and the draft is saved once the lock goes.

The lock is a real one: a second SQLCipher connection on the same file runs BEGIN IMMEDIATE and
holds it, as another consult-tui window does while it writes.
"""

from __future__ import annotations

import dataclasses
import gc
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from consult_tui.config import load_settings
from consult_tui.domain.guidance import load_pack
from consult_tui.store.engine import open_raw_connection
from consult_tui.store.repository import RecordStore
from consult_tui.ui.app import ConsultApp
from consult_tui.workspace import Workspace
from tests.reliability.app_driving import focused_id, screen_named, wait_for


@pytest.fixture
def workspace_and_key(tmp_path: Path) -> Iterator[tuple[Workspace, bytes]]:
    settings = dataclasses.replace(load_settings(), database=tmp_path / "data" / "consult.db")
    key = secrets.token_bytes(32)
    store = RecordStore.open(settings.database, key, create=True)
    try:
        yield Workspace(settings=settings, keystore=None, store=store, pack=load_pack(None)), key
    finally:
        store.close()


async def test_typing_goes_on_while_another_window_holds_the_write_lock_and_is_saved_after(
    workspace_and_key: tuple[Workspace, bytes],
) -> None:
    workspace, key = workspace_and_key
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_named(app, "HomeScreen"))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: focused_id(app) == "case-reference")
        record = app.screen.record
        stamped = record.updated_at
        await pilot.press(*"HV-1")
        await wait_for(pilot, lambda: not app._autosaver.has_pending, timeout=10)
        assert workspace.store.get(record.id).case_reference == "HV-1"

        other_window = open_raw_connection(workspace.settings.database, key)
        try:
            other_window.execute("BEGIN IMMEDIATE")  # the other window is writing
            typed = "HV-1-WHILE-LOCKED"
            await pilot.press(*typed[len("HV-1") :])
            # Every key reached the form while the lock was held ...
            assert record.case_reference == typed
            field = app.screen.query_one("#case-reference")
            assert field.text == typed
            # ... and the save of them is still waiting on the lock, not on the keyboard.
            assert app._autosaver.has_pending
        finally:
            other_window.execute("ROLLBACK")
            other_window.close()

        await wait_for(pilot, lambda: not app._autosaver.has_pending, timeout=15)
        assert workspace.store.get(record.id).case_reference == typed
        # The store stamped its own copy: the record on screen was never touched by a save.
        assert record.updated_at == stamped
        assert workspace.store.get(record.id).updated_at != stamped


async def _new_draft(pilot: Pilot, app: ConsultApp) -> str:
    """From the list, ctrl+n: the cursor in the new draft's case reference; its record id."""
    await wait_for(pilot, lambda: screen_named(app, "HomeScreen"))
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: focused_id(app) == "case-reference")
    return app.screen.record.id


@contextmanager
def _another_window_writing(database: Path, key: bytes) -> Iterator[None]:
    """Another window's connection holding the write lock until the block ends."""
    other_window = open_raw_connection(database, key)
    try:
        other_window.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other_window.execute("ROLLBACK")
        other_window.close()


def _lock_reason(app: ConsultApp) -> str:
    return str(app.screen.query_one("#lock-reason").render())


async def test_locking_covers_the_case_at_once_while_the_save_waits_for_another_window(
    workspace_and_key: tuple[Workspace, bytes],
) -> None:
    workspace, key = workspace_and_key
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        record_id = await _new_draft(pilot, app)
        with _another_window_writing(workspace.settings.database, key):
            await pilot.press(*"HV-LOCKED", "ctrl+l")
            # The case has left the screen although its save is still waiting on the lock.
            await wait_for(pilot, lambda: screen_named(app, "LockScreen"))
            assert "Saving your draft" in _lock_reason(app)
            assert app._autosaver.has_pending
        await wait_for(pilot, lambda: "Your draft was saved." in _lock_reason(app))
        assert workspace.store.get(record_id).case_reference == "HV-LOCKED"


async def test_quitting_while_another_window_writes_keeps_the_screen_alive_and_saves_first(
    workspace_and_key: tuple[Workspace, bytes],
) -> None:
    workspace, key = workspace_and_key
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        record_id = await _new_draft(pilot, app)
        with _another_window_writing(workspace.settings.database, key):
            await pilot.press(*"HV-Q", "ctrl+q")
            # Still here, still taking keys: the last save waits for the lock, not the screen.
            await pilot.press(*"-2")
            await pilot.pause()
            assert app.is_running
            assert app.screen.query_one("#case-reference").text == "HV-Q-2"
        await wait_for(pilot, lambda: not app.is_running, timeout=15)
    # Reopen as the next session would: the keys typed while waiting are on disk too.
    with RecordStore.open(workspace.settings.database, key) as reopened:
        assert reopened.get(record_id).case_reference == "HV-Q-2"


async def test_what_lives_all_session_is_kept_out_of_full_collections_and_given_back_at_the_end(
    workspace_and_key: tuple[Workspace, bytes],
) -> None:
    """Full garbage collections over the whole app stopped typing for 64-100 ms at a time."""
    workspace, _key = workspace_and_key
    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_named(app, "HomeScreen"))
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # nothing frozen outlives the app
