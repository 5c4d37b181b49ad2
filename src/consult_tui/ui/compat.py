"""The one place where consult-tui reaches into Textual's private parts, each with a test.

Textual 8.2.x can paint a TextArea whose component styles are not (or no longer) there: one
that is being removed while its list is rebuilt (Insert on People or Facts) or one not styled
yet. ``TextAreaTheme.apply_css`` then raises KeyError "No 'text-area--gutter' key in
COMPONENT_CLASSES" (Textualize/textual#6528, open in 8.2.8) and the whole app stops, taking the
keys typed after it with it. Until Textual fixes it, such a TextArea paints as blank for that
one frame. tests/ui/test_compat.py fails loudly if Textual changes what this relies on.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

_GUARDED = "_consult_tui_guarded"


def styles_ready(widget: Any) -> bool:
    """Whether Textual has worked out the widget's component styles (private: _component_styles)."""
    return bool(widget._component_styles)


def guard_text_area_painting() -> None:
    """Paint an unstyled TextArea blank instead of crashing (idempotent)."""
    if getattr(TextArea.render_lines, _GUARDED, False):
        return
    original = TextArea.render_lines

    def render_lines(self: TextArea, crop: Region) -> list[Strip]:
        if not styles_ready(self):
            return [Strip.blank(crop.width)] * crop.height
        return original(self, crop)

    setattr(render_lines, _GUARDED, True)
    TextArea.render_lines = render_lines  # type: ignore[method-assign]
