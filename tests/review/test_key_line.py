"""The key line under the review screens: at 80 columns some keys give way, never the way back
or the palette that lists them all."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from consult_tui.ui.app import styles_dir
from consult_tui.ui.screens.record_view import RecordViewScreen
from consult_tui.ui.screens.review import ReviewScreen
from consult_tui.ui.widgets.key_line import KeyLine
from tests.ui.screen_text import screen_text


class KeyLineHost(App[None]):
    CSS_PATH = styles_dir() / "app.tcss"

    def __init__(self, bindings: list) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        yield KeyLine(self.bindings)


@pytest.mark.parametrize("screen", [ReviewScreen, RecordViewScreen])
async def test_at_80_columns_the_line_fits_and_ends_with_back_and_all_keys(screen: type) -> None:
    app = KeyLineHost(screen.BINDINGS)
    async with app.run_test(size=(80, 3)):
        line = screen_text(app).splitlines()[-1]
        assert len(line) <= 80
        assert line.endswith("Esc Back  ^p all keys")


async def test_a_wide_terminal_shows_every_key_in_the_screens_order() -> None:
    app = KeyLineHost(RecordViewScreen.BINDINGS)
    async with app.run_test(size=(160, 3)):
        line = screen_text(app).splitlines()[-1].strip()
        assert line == (
            "a Addendum  f Follow-up  m Markdown  p PDF  c Case chronology  Esc Back  ^p all keys"
        )
