"""Keys from one table: on every screen, each key the footer offers works there and is in the
palette (ctrl+p) under the same key, and the practitioner's own keymap shows everywhere."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot

import consult_tui.ui
from consult_tui.config import ConfigError, load_settings
from consult_tui.demo import open_throwaway_demo
from consult_tui.ui.app import ConsultApp
from consult_tui.ui.key_table import OfferedAction, actions_on_offer
from consult_tui.ui.keymap import BINDING_IDS
from consult_tui.ui.screens.home import HomeScreen
from consult_tui.ui.screens.unlock import UnlockScreen
from consult_tui.ui.widgets.key_line import KeyLine
from tests.pilot_waits import wait_for
from tests.review.review_helpers import consultation, finalise
from tests.ui.screen_text import screen_text


def footer_keys(app: ConsultApp) -> list[str]:
    """Every key the footer offers (before fitting to the width), groups taken apart.

    A modal without a footer (help, the addendum) names its keys in its own words: its shown
    bindings stand in for the footer.
    """
    lines = app.screen.query(KeyLine)
    if not lines:
        return [
            offered.keys[0]
            for offered in actions_on_offer(app.screen)
            if offered.binding.show and offered.node is app.screen
        ]
    keys: list[str] = []
    for entry in lines.first().entries:
        keys += [entry.key] if entry.key == "/" else entry.key.split("/")
    return keys


def action_runs(offered: OfferedAction) -> bool:
    """Whether pressing the key would run a method, and its node says it may now."""
    namespace, name, parameters = parse(offered.binding.action)
    node: DOMNode = offered.node
    if namespace == "app":
        node = node.app
    elif namespace == "screen":
        node = node.screen
    method = getattr(node, f"action_{name}", None) or getattr(node, f"_action_{name}", None)
    return callable(method) and bool(node.check_action(name, parameters))


def assert_footer_keys_work_and_are_in_the_palette(app: ConsultApp, where: str) -> None:
    offered = actions_on_offer(app.screen)
    by_key = {key: action for action in offered for key in action.keys}
    palette = {(command.title, command.help) for command in app.get_system_commands(app.screen)}
    shown = footer_keys(app)
    assert shown, f"{where}: the footer offers no key at all"
    for key in shown:
        action = by_key.get(key)
        assert action is not None, f"{where}: the footer offers {key}, which does nothing here"
        assert action.enabled and action_runs(action), f"{where}: {key} cannot work now"
        assert any(
            title == action.help and help_line.startswith(action.key_label)
            for title, help_line in palette
        ), f"{where}: {key} ({action.help}) is not in the palette"


async def see(pilot: Pilot, app: ConsultApp, screen_name: str) -> None:
    await wait_for(pilot, lambda: type(app.screen).__name__ == screen_name)
    await pilot.pause()
    if app.screen.query(KeyLine):
        await wait_for(pilot, lambda: bool(app.screen.query_one(KeyLine).entries))


@pytest.fixture
def demo_app(tmp_path: Path):
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as workspace:
        finalise(workspace.store, consultation(case_reference="HV-KEYS"))
        yield ConsultApp(workspace.settings, demo_workspace=workspace)


async def test_before_unlocking_the_footer_offers_only_quit(tmp_path: Path) -> None:
    app = ConsultApp(load_settings(tmp_path / "consultations.db"))
    async with app.run_test(size=(80, 24)) as pilot:
        await see(pilot, app, "UnlockScreen")
        assert isinstance(app.screen, UnlockScreen)
        assert footer_keys(app) == ["^q"]
        assert_footer_keys_work_and_are_in_the_palette(app, "unlock")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "New consultation" not in titles and "Lock the screen now" not in titles


async def test_every_screen_offers_only_keys_that_work_and_the_palette_has_each(
    demo_app: ConsultApp,
) -> None:
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await see(pilot, app, "HomeScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "home")

        await pilot.press("ctrl+n")
        await see(pilot, app, "ConsultationScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "consultation")
        await pilot.press("f1")
        await see(pilot, app, "HelpScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "help")
        await pilot.press("escape")
        await see(pilot, app, "ConsultationScreen")

        await pilot.press("f5")
        await see(pilot, app, "ReviewScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "review")
        await pilot.press("slash", *"HV-KEYS", "enter", "enter")
        await see(pilot, app, "RecordViewScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "record")
        await pilot.press("a")
        await see(pilot, app, "AddendumModal")
        assert_footer_keys_work_and_are_in_the_palette(app, "addendum")
        await pilot.press("escape")
        await see(pilot, app, "RecordViewScreen")
        await pilot.press("c")
        await see(pilot, app, "ChronologyScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "chronology")

        await pilot.press("ctrl+l")
        await see(pilot, app, "LockScreen")
        assert_footer_keys_work_and_are_in_the_palette(app, "lock")


async def test_the_palette_finds_what_a_records_keys_do_by_the_words_people_type(
    demo_app: ConsultApp,
) -> None:
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await see(pilot, app, "HomeScreen")
        await pilot.press("f5")
        await see(pilot, app, "ReviewScreen")
        await pilot.press("slash", *"HV-KEYS", "enter", "enter")
        await see(pilot, app, "RecordViewScreen")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
        for typed, found in (
            ("json", "Export as JSON"),
            ("audit", "Audit trail"),
            ("export", "Export as"),
            ("chronology", "Chronology of the child"),
        ):
            await pilot.press(*typed)
            await wait_for(pilot, lambda found=found: found in screen_text(app))
            for _ in typed:
                await pilot.press("backspace")


async def test_a_key_moved_in_the_config_works_and_shows_in_footer_palette_and_help(
    tmp_path: Path, isolated_environment
) -> None:
    config = isolated_environment.config_home / "consult-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\nlock = "f12"\nconsultation-finalise = "f11"\n')
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(120, 40)) as pilot:
            await see(pilot, app, "HomeScreen")
            assert "F12" in footer_keys(app) and "^l" not in footer_keys(app)
            await pilot.press("ctrl+n")
            await see(pilot, app, "ConsultationScreen")
            assert "F11" in footer_keys(app) and "F9" not in footer_keys(app)
            assert_footer_keys_work_and_are_in_the_palette(app, "consultation, remapped")
            await pilot.press("f1")
            await see(pilot, app, "HelpScreen")
            help_keys = dict(app.screen.topic.keys)
            assert help_keys["F11"] == "Check the record and finalise it"
            assert help_keys["F12"] == "Lock the screen now" and "^l" not in help_keys
            await pilot.press("escape")
            await see(pilot, app, "ConsultationScreen")
            await pilot.press("ctrl+l")  # the old key does nothing now
            await pilot.pause()
            assert type(app.screen).__name__ == "ConsultationScreen"
            await pilot.press("f12")
            await see(pilot, app, "LockScreen")


async def test_a_screen_with_a_fixed_key_line_shows_a_moved_key(
    tmp_path: Path, isolated_environment
) -> None:
    config = isolated_environment.config_home / "consult-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\nreview-back = "backspace"\n')
    with open_throwaway_demo(load_settings(tmp_path / "unused.db")) as workspace:
        app = ConsultApp(workspace.settings, demo_workspace=workspace)
        async with app.run_test(size=(160, 40)) as pilot:
            await see(pilot, app, "HomeScreen")
            await pilot.press("f5")
            await see(pilot, app, "ReviewScreen")
            assert "backspace" in footer_keys(app) and "Esc" not in footer_keys(app)
            await pilot.press("backspace")
            await see(pilot, app, "HomeScreen")
            assert isinstance(app.screen, HomeScreen)


def test_every_binding_id_in_the_app_can_be_set_in_the_config_and_no_other() -> None:
    declared: set[str] = set()
    for module in pkgutil.walk_packages(consult_tui.ui.__path__, "consult_tui.ui."):
        for value in vars(importlib.import_module(module.name)).values():
            if inspect.isclass(value) and issubclass(value, DOMNode):
                declared |= {
                    b.id
                    for b in value.__dict__.get("BINDINGS", [])
                    if isinstance(b, Binding) and b.id
                }
    assert declared == set(BINDING_IDS)


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('lok = "ctrl+k"', "[keys] 'lok' is not a key consult-tui knows. Did you mean \"lock\"?"),
        ('lock = ""', "[keys] lock: no key given."),
        ('lock = "ctrl+k,"', "[keys] lock: no key given."),
        ('lock = "ctrl + k"', "[keys] lock: 'ctrl + k' is not a key name."),
        ("lock = 5", "[keys] lock: not text in quotes."),
    ],
)
def test_a_mistyped_key_in_the_config_is_named_with_what_to_write(
    table: str, said: str, isolated_environment, tmp_path: Path
) -> None:
    config = isolated_environment.config_home / "consult-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f"[keys]\n{table}\n")
    with pytest.raises(ConfigError) as refused:
        load_settings(tmp_path / "consultations.db")
    assert said in str(refused.value) and str(config) in str(refused.value)


def test_keys_are_read_as_people_write_them(isolated_environment, tmp_path: Path) -> None:
    config = isolated_environment.config_home / "consult-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keys]\nlock = "Ctrl+K"\nreview-search = "slash, F11"\n')
    keys = load_settings(tmp_path / "consultations.db").keys
    assert keys == {"lock": "ctrl+k", "review-search": "slash,f11"}
