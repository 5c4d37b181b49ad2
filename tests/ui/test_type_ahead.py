"""Stories of a fast typist: keys typed early, or arriving together, are kept and land where meant.

A burst here is every key posted to the App at once, as the terminal driver does when one read
from the terminal holds them all (a paste, a laggy SSH link, a quick typist during a slow step).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

from consult_tui.config import load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.lock import LockScreen
from consult_tui.ui.screens.unlock import UnlockScreen
from tests.pilot_waits import wait_for
from tests.secret_service import SecretServiceSession, secret_service, session_bus
from tests.ui.bursts import Special, burst

__all__ = ["secret_service", "session_bus"]  # fixtures, imported so pytest can find them

PASSPHRASE = "lantern orchard quietly river"
ENTER = "\r"
NEW = Special("ctrl+n")
INSERT = Special("insert")
LOCK = Special("ctrl+l")


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    return load_settings(tmp_path / "data" / "consultations.db")


def field_text(app: ConsultApp, selector: str) -> str:
    return app.screen.query_one(selector, TextArea).text


def consultation(app: ConsultApp) -> ConsultationScreen | None:
    screen = app.screen
    return screen if isinstance(screen, ConsultationScreen) else None


async def first_unlock(app: ConsultApp, pilot) -> None:
    burst(app, PASSPHRASE, ENTER, PASSPHRASE, ENTER)
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_passphrase_typed_at_launch_then_ctrl_n_and_a_case_reference_make_the_consultation(
    settings,
):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        # All at once, before the key store has even been chosen: first use, so twice.
        burst(app, PASSPHRASE, ENTER, PASSPHRASE, ENTER, NEW, "BL-SG-2025-031")
        await wait_for(pilot, lambda: consultation(app) is not None)
        await wait_for(pilot, lambda: field_text(app, "#case-reference") == "BL-SG-2025-031")
        assert app.type_ahead.waiting == 0


async def test_the_right_passphrase_enter_and_one_more_key_in_one_read_unlocks(settings):
    async with ConsultApp(settings).run_test(size=(80, 24)) as pilot:
        await first_unlock(pilot.app, pilot)
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "enter")
        burst(app, PASSPHRASE, ENTER, NEW)
        await wait_for(pilot, lambda: consultation(app) is not None)
        # Not "That passphrase does not open the key store": the ctrl+n was not part of it.


async def test_a_passphrase_half_typed_before_the_field_is_known_is_not_cleared(settings):
    async with ConsultApp(settings).run_test(size=(80, 24)) as pilot:
        await first_unlock(pilot.app, pilot)
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "lantern orchard")
        await wait_for(pilot, lambda: app.screen.mode == "enter")
        burst(app, " quietly river", ENTER)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


@pytest.mark.parametrize(
    "enter",
    [
        pytest.param(ENTER, id="enter"),
        # A terminal still in line mode (before the app, or an ssh client, switched it to raw)
        # sends Enter on as a line feed: it still submits.
        pytest.param(Special("ctrl+j"), id="line-feed-from-a-terminal-in-line-mode"),
    ],
)
async def test_first_use_passphrase_twice_in_one_burst_does_not_say_they_differ(settings, enter):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "create")
        burst(app, PASSPHRASE, enter, PASSPHRASE, enter)
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, HomeScreen)
                or "differ" in str(app.screen.query_one("#unlock-message", Static).render())
            ),
        )
        assert isinstance(app.screen, HomeScreen)


async def test_a_wrong_passphrase_drops_what_was_typed_after_enter_and_says_so(settings):
    async with ConsultApp(settings).run_test(size=(80, 24)) as pilot:
        await first_unlock(pilot.app, pilot)
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "enter")
        burst(app, "not the passphrase", ENTER, NEW, "HV-1")
        message = app.screen.query_one("#unlock-message", Static)
        await wait_for(pilot, lambda: "not used" in str(message.render()))
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase", Input).value == ""


async def test_text_after_enter_and_tab_in_one_burst_goes_to_the_next_fields(settings):
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            burst(app, NEW, "HV-2291")
            await wait_for(pilot, lambda: consultation(app) is not None)
            screen = consultation(app)
            assert screen is not None
            case_fields = screen.query_one("#case-facts").query(TextArea)
            fields = {getattr(f, "field_path", ""): f for f in case_fields}
            name_field = fields["practitioner.name"]
            screen.focus_field("practitioner.name")
            await wait_for(pilot, lambda: app.focused is name_field)
            before = [name_field.text]
            burst(app, "Sam", ENTER, "Social worker", "\t", "Borough")
            await wait_for(
                pilot, lambda: fields["practitioner.organisation"].text.endswith("Borough")
            )
            assert name_field.text == before[0] + "Sam"
            assert fields["practitioner.role"].text.endswith("Social worker")
            assert field_text(app, "#case-reference") == "HV-2291"


@pytest.mark.parametrize("rows", [2, 14])
async def test_names_typed_straight_after_insert_land_in_the_new_rows(settings, rows):
    names = [f"Person {n} name" for n in range(rows)]
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            burst(app, NEW)
            await wait_for(pilot, lambda: consultation(app) is not None)
            screen = consultation(app)
            assert screen is not None
            screen.focus_field("people")
            await wait_for(pilot, lambda: getattr(app.focused, "field_path", "") == "people")
            parts: list[str] = []
            for name in names:
                parts += [INSERT, name]
            burst(app, *parts)
            await wait_for(
                pilot, lambda: [p.name for p in screen.record.people] == names, timeout=60
            )


async def test_a_paste_between_typed_words_keeps_every_character_in_order(settings):
    with open_throwaway_demo(settings) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            burst(app, NEW)
            await wait_for(pilot, lambda: consultation(app) is not None)
            screen = consultation(app)
            assert screen is not None
            screen.focus_field("purpose")
            await wait_for(pilot, lambda: getattr(app.focused, "field_path", "") == "purpose")
            pasted = 'Mother said: "he\'s not safe".\nSecond line, with — dash.'
            burst(app, "Before ", events.Paste(pasted), " after", ENTER, "next line")
            want = f"Before {pasted} after\nnext line"
            await wait_for(pilot, lambda: screen.record.purpose == want)


async def test_keys_typed_while_the_lock_is_lifted_reach_the_field_that_had_the_focus(settings):
    app = ConsultApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.mode == "create")
        burst(app, PASSPHRASE, ENTER, PASSPHRASE, ENTER, NEW, "HV-")
        await wait_for(pilot, lambda: consultation(app) is not None)
        await wait_for(pilot, lambda: field_text(app, "#case-reference") == "HV-")
        burst(app, LOCK, PASSPHRASE, ENTER, "2291")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await wait_for(pilot, lambda: consultation(app) is not None)
        await wait_for(pilot, lambda: field_text(app, "#case-reference") == "HV-2291")


async def test_with_the_desktop_keyring_a_passphrase_typed_at_launch_is_dropped_and_the_rest_kept(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    app = ConsultApp(load_settings(tmp_path / "data" / "consultations.db"))
    async with app.run_test(size=(80, 24)) as pilot:
        # Typed out of habit before the key store is known: it needs no passphrase at all.
        burst(app, "habit passphrase", ENTER, NEW, "HV-7")
        await wait_for(pilot, lambda: consultation(app) is not None)
        await wait_for(pilot, lambda: field_text(app, "#case-reference") == "HV-7")


async def test_with_the_desktop_keyring_a_half_typed_passphrase_is_explained_and_enter_goes_on(
    secret_service: SecretServiceSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "secretservice")
    app = ConsultApp(load_settings(tmp_path / "data" / "consultations.db"))
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "habit pass")
        message = app.screen.query_one("#unlock-message", Static)
        await wait_for(pilot, lambda: "no passphrase is needed" in str(message.render()))
        assert app.screen.query_one("#passphrase", Input).value == ""
        burst(app, ENTER)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
