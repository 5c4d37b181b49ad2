"""What ui/compat.py relies on in Textual is still there, and its guard does its job."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import TextArea

from consult_tui.ui import app as _app  # noqa: F401  (installs the guard, as the app does)
from consult_tui.ui.compat import guard_text_area_painting, styles_ready


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea("what was said")


async def test_a_text_area_that_lost_its_styles_paints_blank_instead_of_stopping_the_app():
    guard_text_area_painting()
    app = OneField()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(TextArea)
        await pilot.pause()
        assert styles_ready(field)
        field._component_styles.clear()  # as Textual leaves a TextArea it has just removed
        assert not styles_ready(field)
        lines = field.render_lines(Region(0, 0, 20, 2))
        assert len(lines) == 2 and all(line.cell_length == 20 for line in lines)


def test_textual_still_keeps_component_styles_where_the_guard_reads_them():
    field = TextArea()
    assert isinstance(field._component_styles, dict)
