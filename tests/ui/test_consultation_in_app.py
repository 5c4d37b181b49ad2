"""The consultation screen inside the real application: opened from the list, finalised through
the real (encrypted, throwaway) store, and shown read-only afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.record import Status
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.confirm import ConfirmModal
from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.screens.home import HomeScreen
from tests.pilot_waits import wait_for


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    return load_settings(tmp_path / "data" / "consultations.db")


async def test_a_draft_opened_from_the_list_is_finalised_by_the_store(settings) -> None:
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            table = app.screen.query_one("#home-table", DataTable)
            await wait_for(pilot, lambda: table.row_count == 4)
            row = next(
                i for i in range(table.row_count) if "HV-2025-0412" in str(table.get_row_at(i)[1])
            )
            table.move_cursor(row=row)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ConsultationScreen))
            screen = app.screen
            assert isinstance(screen, ConsultationScreen)
            record_id = screen.record.id

            await pilot.press("f9")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("y")
            await wait_for(pilot, lambda: screen.read_only)
            assert screen.record.status is Status.FINALISED
            banner = str(screen.query_one("#consultation-banner").content)
            assert "read only; addenda only" in banner

            stored = workspace.store.get(record_id)
            assert stored.status is Status.FINALISED
            assert stored.assessment_at_finalise is not None
            assert stored.assessment_at_finalise["lean"] == "share"
