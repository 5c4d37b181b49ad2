"""A one-line list of a screen's keys: a light stand-in for Textual's Footer.

The Footer rebuilds a widget per key whenever the focus moves, which costs more than the review
screen's whole first page of 200 rows. The review screens' keys do not change with the focus,
so one line of text says the same thing. At 80 columns not every key fits: the line shows the
keys in the screen's order while they fit, then Esc (back) and ctrl+p, where every action is
listed, so nothing is ever out of reach.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

_PALETTE = ("^p", "all keys")
_GAP = "  "


def _key_name(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0]
    names = {"escape": "Esc", "enter": "Enter", "slash": "/", "ctrl+p": "^p"}
    return names.get(key, key.replace("ctrl+", "^"))


def _width(key: str, description: str) -> int:
    return cell_len(key) + 1 + cell_len(description)


class KeyLine(Widget):
    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, bindings: Iterable[Binding], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.bindings = [b for b in bindings if b.show and b.description]
        self.keys = [(_key_name(b), b.description) for b in self.bindings]

    def shown_keys(self, width: int) -> list[tuple[str, str]]:
        """The keys that fit in ``width`` cells, in order; the way back and the palette always.

        Esc (back) is kept whatever else is dropped: someone who cannot see how to leave a
        screen is stuck on it.
        """
        pinned = [entry for entry in self.keys if entry[0] == "Esc"]
        room = width - sum(_width(*entry) + len(_GAP) for entry in pinned) - _width(*_PALETTE)
        shown: list[tuple[str, str]] = []
        for entry in self.keys:
            if entry in pinned:
                continue
            needed = _width(*entry) + len(_GAP)
            if needed > room:
                break
            shown.append(entry)
            room -= needed
        return [*shown, *pinned, _PALETTE]

    def render(self) -> Content:
        pieces: list[Content | tuple[str, str] | str] = []
        for key, description in self.shown_keys(self.content_region.width):
            if pieces:
                pieces.append(_GAP)
            pieces += [(key, "bold reverse"), f" {description}"]
        return Content.assemble(*pieces)
