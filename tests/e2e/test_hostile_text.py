"""Case text that looks like markup or terminal control codes is shown and exported as text:
it never restyles, retitles or clears the practitioner's real terminal, and never turns into
links or formatting in an export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from consult_tui.cli import main as consult_tui
from consult_tui.config import load_settings
from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.record import Fact
from consult_tui.security.keys import select_keystore
from consult_tui.store.repository import RecordStore
from tests.e2e.tmux_session import TmuxSession, isolated_env
from tests.secret_service import SecretServiceSession, secret_service, session_bus

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

ESC = "\x1b"
CSI_C1 = "\x9b"
HOSTILE_REFERENCE = "[bold red]HV-MARKUP[/]"
# Retitle the terminal, clear it, turn text red, ring the bell, a C1 CSI, and a hyperlink.
HOSTILE_FACT = (
    f"{ESC}]0;PWNED-TITLE\x07{ESC}[2J{ESC}[31mRED-TEXT {CSI_C1}7m "
    "[link=https://evil.example]click[/link] $accent \x07 end"
)
CONTROL_BYTES = [b"\x1b", b"\x07", b"\xc2\x9b", b"\x9b"]


def pane_title(session: TmuxSession) -> str:
    return session.display("#{pane_title}")


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "consult_tui.cli", *args],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.real("tmux", "dbus-daemon", "gnome-keyring-daemon")
def test_hostile_case_text_stays_text_on_screen_in_the_title_and_in_every_export(
    secret_service: SecretServiceSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    assert consult_tui(["init"]) == 0
    settings = load_settings()
    keystore = select_keystore("secretservice")
    keystore.unlock()
    key = keystore.database_key(settings.database, create=False)
    # Text that arrived by some other road than the keyboard (an import, an older version).
    record = bruised_baby()
    record.case_reference = HOSTILE_REFERENCE
    record.facts.append(Fact(text=HOSTILE_FACT, source="pasted from an email"))
    record.decision.reason = HOSTILE_FACT
    with RecordStore.open(settings.database, key) as store:
        store.save_draft(record)

    env = isolated_env(
        tmp_path / "xdg",
        CONSULT_TUI_KEYRING="secretservice",
        DBUS_SESSION_BUS_ADDRESS=secret_service.bus.address,
    )
    session = TmuxSession([sys.executable, "-m", "consult_tui.cli"], env)
    try:
        title_before = pane_title(session)
        session.wait_for("unlocked", timeout=30)
        session.wait_for("[bold red]")
        screens = [session.screen()]
        session.press("Enter")  # a draft opens in the consultation screen
        session.wait_for("Case facts")
        session.wait_for("RED-TEXT")
        screens.append(session.screen())
        styled = session.screen_with_styles()
        session.press("F10")
        session.press("F5")  # the review screen, then the read-only record
        session.wait_for("Review")
        time.sleep(0.5)
        screens.append(session.screen())
        session.press("Down")
        session.press("Enter")
        session.wait_for("Case reference: [bold red]HV-MARKUP[/]")
        for _ in range(20):  # read down to the facts
            if "RED-TEXT" in session.screen():
                break
            session.press("PageDown")
            time.sleep(0.2)
        screens.append(session.screen())
        title_after = pane_title(session)
        bell = session.display("#{window_bell_flag}")
    finally:
        session.close()

    assert "PWNED" not in title_after and title_after == title_before
    assert bell == "0"
    everything = "\n=====\n".join(screens)
    assert "[bold red]" in screens[0], everything  # the brackets are shown, not obeyed
    assert "[bold red]HV-MARKUP[/]" in screens[1], everything
    for screen in (screens[1], screens[3]):
        assert "RED-TEXT" in screen, everything
    # Shown as a visible symbol (or left out), never sent: the text is not red, and the
    # terminal title is what it was.
    assert "␛" in screens[1], everything
    assert "\x1b[31m" not in styled
    assert "[link=https://evil.example]click[/link]" in screens[3], everything

    full_env = {**os.environ, **env}
    exports = {}
    for fmt in ("md", "json", "pdf"):
        target = tmp_path / f"export.{fmt}"
        done = cli(full_env, "export", record.id, "--format", fmt, "-o", str(target))
        assert done.returncode == 0, done.stderr
        exports[fmt] = target.read_bytes()
    shown = cli(full_env, "show", record.id)
    listed = cli(full_env, "list")
    assert shown.returncode == 0 and listed.returncode == 0
    for name, data in {
        "Markdown export": exports["md"],
        "show": shown.stdout,
        "list": listed.stdout,
    }.items():
        for control in CONTROL_BYTES:
            assert control not in data, f"{name} carries {control!r}"
    markdown = exports["md"].decode()
    assert "\\[bold red\\]HV-MARKUP\\[/\\]" in markdown or "\\[bold red]" in markdown
    assert "](https://evil.example)" not in markdown
    # JSON is for systems: whatever it keeps of the text, it keeps as escaped data.
    assert "RED-TEXT" in json.dumps(json.loads(exports["json"]))
    for control in (b"\x1b", b"\x07"):
        assert control not in exports["json"], f"JSON export carries {control!r} raw"

    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(tmp_path / "export.pdf").pages)
    assert "HV-MARKUP" in pdf_text
    assert ESC not in pdf_text and CSI_C1 not in pdf_text


def test_json_exports_escape_c1_control_characters_too(tmp_path: Path) -> None:
    import secrets

    from consult_tui.domain.guidance import load_pack
    from consult_tui.export.service import ExportFormat, render_record

    record = bruised_baby()
    record.decision.reason = HOSTILE_FACT
    with RecordStore.open(tmp_path / "records.db", secrets.token_bytes(32), create=True) as store:
        store.save_draft(record)
        data = render_record(store, record.id, ExportFormat.JSON, load_pack(None))
    assert b"\xc2\x9b" not in data
