"""Stories of reviewing records from the command line: list, search, show, export, chronology."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from consult_tui.cli import main

PASSPHRASE = "lantern orchard quietly river"


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> Path:
    """A database holding the four example consultations, unlocked from the environment."""
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", PASSPHRASE)
    database = tmp_path / "records" / "consultations.db"
    monkeypatch.setenv("CONSULT_TUI_DB", str(database))
    assert main(["demo", "--no-ui"]) == 0
    capsys.readouterr()
    return database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_search_show_and_chronology_at_the_command_line(seeded: Path, capsys) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0, err
    assert out.splitlines()[0].split() == [
        "ID", "DATE", "CASE", "REF", "CHILD", "DECISION", "STATUS", "REVIEW"
    ]  # fmt: skip
    assert len(out.splitlines()) == 5

    code, out, _ = run(capsys, "list", "--json", "--search", "bruise")
    listed = json.loads(out)
    assert listed["total"] == 1
    assert listed["records"][0]["case_reference"] == "HV-2025-0412"

    code, out, _ = run(capsys, "list", "--due", "--json")
    assert [r["case_reference"] for r in json.loads(out)["records"]] == ["BL-SG-2025-031"]

    code, out, err = run(capsys, "show", "ex0bruise001")
    assert code == 0, err
    assert "Information-sharing decision: HV-2025-0412 (draft)" in out
    assert "Facts and opinions" in out and "Audit trail" in out
    assert "view by" in out, "showing a record is entered in its audit trail"

    code, out, _ = run(capsys, "chronology", "HV-2025-0412", "--json")
    entries = json.loads(out)
    assert [e["record_id"] for e in entries] == ["ex0bruise001"]

    code, out, err = run(capsys, "chronology")
    assert code == 2
    assert "case reference" in err


def test_a_record_exported_as_markdown_pdf_and_json(seeded: Path, capsys, tmp_path: Path) -> None:
    markdown = tmp_path / "record.md"
    pdf = tmp_path / "record.pdf"
    code, _, err = run(capsys, "export", "ex0bruise001", "--format", "md", "-o", str(markdown))
    assert code == 0, err
    assert markdown.read_text(encoding="utf-8").startswith("# Information-sharing decision")
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600

    code, _, err = run(capsys, "export", "ex0bruise001", "--format", "pdf", "-o", str(pdf))
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "HV-2025-0412" in text

    code, out, _ = run(capsys, "export", "ex0bruise001", "--format", "json")
    document = json.loads(out)
    exports = [e["detail"] for e in document["audit_trail"] if e["action"] == "export"]
    assert exports == ["format=md", "format=pdf"]

    code, _, err = run(capsys, "export", "--all", "--format", "pdf")
    assert code == 2
    assert "JSON only" in err
