"""A finalised record imported with --unverified says so wherever it is shown.

Its seal proved nothing (edited after export, or from an installation nobody trusts), so the
practitioner must never take it for one of their own: the list, `show`, the chronology, the
review table, the record view, every export and the audit trail all say "imported, not verified".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Static

from consult_tui.cli import main
from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.domain.record import Status
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.record_view import RecordViewScreen
from consult_tui.ui.screens.review import ReviewScreen
from consult_tui.ui.widgets.record_reader import RecordReader
from consult_tui.ui.widgets.review_table import ReviewTable
from consult_tui.workspace import Workspace
from tests.pilot_waits import wait_for
from tests.review.review_helpers import consultation

PASSPHRASE = "lantern orchard quietly river"


def _forged_file(case_reference: str) -> tuple[str, str]:
    """A records file holding a finalised record that was never sealed: (its id, the file)."""
    record = consultation(case_reference=case_reference, reason="Shared with the GP")
    record.status = Status.FINALISED
    record.finalised_at = datetime(2025, 3, 1, 11, 0, tzinfo=UTC)
    document = {
        "format": "consult-tui-records",
        "schema_version": 1,
        "exported_at": "2025-05-01T12:00:00+00:00",
        "records": [record.model_dump(mode="json")],
    }
    return record.id, json.dumps(document)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as opened:
        yield opened


async def test_the_review_table_and_record_view_say_imported_not_verified(
    workspace: Workspace,
) -> None:
    from consult_tui.store.transfer import import_records

    record_id, text = _forged_file("HV-FORGED")
    import_records(workspace.store, text, unverified=True)
    async with ConsultApp(workspace.settings, demo_workspace=workspace).run_test(
        size=(80, 24)
    ) as pilot:
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f5")

        def grid() -> ReviewTable:
            return app.screen.query_one(ReviewTable)

        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and grid().row_count)
        await pilot.press("slash", *"HV-FORGED")
        await wait_for(pilot, lambda: grid().row_count == 1)
        status = str(grid().get_row(record_id)[5])
        assert status == "Not verified: imported"

        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordViewScreen))
        banner = str(app.screen.query_one("#record-banner", Static).render())
        assert "IMPORTED, NOT VERIFIED" in banner
        assert "imported, not verified" in app.screen.query_one(RecordReader).text()


def test_the_command_line_list_show_exports_and_trail_say_imported_not_verified(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("CONSULT_TUI_DB", str(tmp_path / "records" / "consultations.db"))
    record_id, text = _forged_file("HV-FORGED")
    forged = tmp_path / "forged.json"
    forged.write_text(text, encoding="utf-8")
    assert main(["init"]) == 0

    assert main(["import", str(forged)]) == 1
    err = capsys.readouterr().err
    assert "records[0].seal: is missing" in err and "--unverified" in err

    assert main(["import", "--unverified", str(forged)]) == 0
    assert "1 finalised record(s) imported, not verified" in capsys.readouterr().err

    assert main(["list"]) == 0
    assert "finalised (imported, not verified)" in capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["records"]
    assert listed["verified"] is False

    assert main(["show", record_id]) == 0
    shown = capsys.readouterr().out
    assert "(finalised, imported, not verified)" in shown
    assert "imported, not verified: its seal does not prove where it came from" in shown

    assert main(["export", "--all"]) == 0
    [exported] = json.loads(capsys.readouterr().out)["records"]
    assert exported["seal"]["status"] == "imported, not verified"
    assert main(["export", record_id, "--format", "md"]) == 0
    assert "imported, not verified" in capsys.readouterr().out

    assert main(["chronology", "HV-FORGED"]) == 0
    assert "consultation (imported, not verified)" in capsys.readouterr().out
    assert main(["chronology", "HV-FORGED", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["verified"] is False

    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    import_entries = [
        line for line in _trail_details(tmp_path) if line.startswith("import") and record_id in line
    ]
    assert import_entries and "verified=no" in import_entries[0]


def _trail_details(tmp_path: Path) -> list[str]:
    """The audit trail as the app keeps it, read through the app's own workspace."""
    from consult_tui.workspace import open_workspace, prepare_keystore

    settings = load_settings()
    workspace = open_workspace(settings, prepare_keystore(settings), PASSPHRASE, create=False)
    try:
        return [f"{e.action} {e.record_id} {e.detail}" for e in workspace.store.audit_trail()]
    finally:
        workspace.close()
