"""A one-line list of a screen's keys, drawn once: a light stand-in for Textual's Footer.

The Footer rebuilds a widget per key whenever the focus moves, which costs more than the review
screen's whole first page of 200 rows. The review screens' keys do not change with the focus,
so one line of text, composed once, says the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static


def _key_name(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0]
    names = {"escape": "Esc", "enter": "Enter", "slash": "/", "ctrl+p": "^p"}
    return names.get(key, key.replace("ctrl+", "^"))


class KeyLine(Static):
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

    def on_mount(self) -> None:
        pieces: list[Content | tuple[str, str] | str] = []
        for binding in [*self.bindings, Binding("ctrl+p", "", "all keys")]:
            if pieces:
                pieces.append("  ")
            pieces += [(_key_name(binding), "bold reverse"), f" {binding.description}"]
        self.update(Content.assemble(*pieces))
