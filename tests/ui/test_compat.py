"""What consult_tui/compat.py relies on in Textual and keyrings.cryptfile is still there.

One test per helper: an upgrade that moves a private part fails here, by name, rather than as a
blank screen, a lost draft or a hang on a dropped SSH link somewhere else.
"""

from __future__ import annotations

import inspect
import io
import queue
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver
from textual.filter import Monochrome, NoColor
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from consult_tui import compat
from consult_tui.security.backends import encrypted_file_keyring
from consult_tui.ui import app as _app  # noqa: F401  (installs the guard, as the app does)


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea("what was said")


async def test_a_text_area_that_lost_its_styles_paints_blank_instead_of_stopping_the_app():
    compat.guard_text_area_painting()
    app = OneField()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(TextArea)
        await pilot.pause()
        assert compat.styles_ready(field)
        field._component_styles.clear()  # as Textual leaves a TextArea it has just removed
        assert not compat.styles_ready(field)
        lines = field.render_lines(Region(0, 0, 20, 2))
        assert len(lines) == 2 and all(line.cell_length == 20 for line in lines)


def test_textual_still_keeps_component_styles_where_the_guard_reads_them():
    field = TextArea()
    assert isinstance(field._component_styles, dict)


async def test_a_practitioners_keymap_can_be_read_back_to_show_the_remapped_keys():
    app = OneField()
    async with app.run_test(size=(40, 5)):
        app.set_keymap({"lock": "ctrl+k"})
        assert compat.keymap_of(app) == {"lock": "ctrl+k"}


def test_no_color_leaves_no_grey_colour_codes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = OneField()
    assert any(isinstance(f, Monochrome) for f in app._filters)
    compat.colour_free_filters(app)
    assert any(isinstance(f, NoColor) for f in app._filters)
    assert not any(isinstance(f, Monochrome) for f in app._filters)


class Opaque(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("in front")


class SeeThrough(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("a question")


class Layered(OneField):
    @property
    def _background_screens(self) -> list[Screen]:
        return compat.background_screens(self, super()._background_screens)


async def test_an_opaque_screen_hides_what_is_beneath_and_a_modal_one_does_not():
    app = Layered()
    async with app.run_test(size=(40, 5)) as pilot:
        await app.push_screen(Opaque())
        await pilot.pause()
        assert app._background_screens == []
        await app.push_screen(SeeThrough())
        await pilot.pause()
        assert app._background_screens != []


class Breaks(Widget):
    def on_mount(self) -> None:
        raise RuntimeError("a planted bug")


class CalmCrash(App[None]):
    """Overrides what ConsultApp overrides to keep the draft and hide the traceback."""

    def __init__(self) -> None:
        super().__init__()
        self.handled: list[BaseException] = []
        self.fatal = 0

    def compose(self) -> ComposeResult:
        yield Breaks()

    def _handle_exception(self, error: Exception) -> None:
        self.handled.append(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self.fatal += 1
        compat.leave_with_message(self, "stopped calmly")
        self.leaving_with_message = compat.has_exit_message(self)


async def test_a_bug_goes_through_the_apps_own_exception_and_fatal_error_handlers(
    capfd: pytest.CaptureFixture[str],
):
    app = CalmCrash()
    with pytest.raises(RuntimeError, match="a planted bug"):
        async with app.run_test(size=(40, 5)) as pilot:
            await pilot.pause()
    assert [str(error) for error in app.handled] == ["a planted bug"]
    assert app.fatal == 1
    assert app.leaving_with_message
    assert "stopped calmly" in capfd.readouterr().err


async def test_the_terminal_drivers_output_thread_and_queue_are_where_the_hangup_guard_looks():
    driver = LinuxDriver(App())
    assert hasattr(driver, "_writer_thread")
    writer = WriterThread(io.StringIO())
    found, pending = compat.output_queue_of(SimpleNamespace(_writer_thread=writer))
    assert found is writer and isinstance(pending, queue.Queue)
    assert compat.output_queue_of(object()) == (None, None)


class SwallowsX(compat.KeyFirst, Widget, can_focus=True):
    def key_first(self, event: events.Key) -> bool:
        return event.key == "x"


class KeyHost(App[None]):
    BINDINGS = [Binding("x", "count('x')"), Binding("y", "count('y')")]

    def __init__(self) -> None:
        super().__init__()
        self.counted: list[str] = []

    def compose(self) -> ComposeResult:
        yield SwallowsX()

    def action_count(self, key: str) -> None:
        self.counted.append(key)


async def test_a_widget_sees_a_key_before_any_binding_does():
    app = KeyHost()
    async with app.run_test(size=(40, 5)) as pilot:
        app.query_one(SwallowsX).focus()
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.counted == ["y"]


def test_the_encrypted_file_keyring_still_keeps_its_passphrase_where_we_put_it(tmp_path: Path):
    keyring = encrypted_file_keyring(tmp_path / "keyring.cfg")
    assert not compat.cryptfile_passphrase_given(keyring)
    compat.set_cryptfile_passphrase(keyring, "correct horse battery staple")
    assert compat.cryptfile_passphrase_given(keyring)
    assert keyring._keyring_key == "correct horse battery staple"


@pytest.mark.parametrize(
    ("method", "parameters"),
    [
        ("_get_new_password", ["self"]),
        ("_unlock", ["self"]),
        ("_write_config_value", ["self", "service", "key", "value"]),
    ],
)
def test_the_encrypted_file_keyring_still_calls_the_methods_our_guarded_class_replaces(
    method: str, parameters: list[str]
):
    """security/backends.py subclasses CryptFileKeyring and replaces these private methods (no
    getpass prompt over the screen, an atomic write); a rename would silently bring both back."""
    from keyrings.cryptfile.cryptfile import CryptFileKeyring

    found = inspect.getattr_static(CryptFileKeyring, method, None)
    assert callable(found), f"keyrings.cryptfile no longer has {method}"
    assert list(inspect.signature(found).parameters) == parameters
