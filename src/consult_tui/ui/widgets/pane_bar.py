"""The line above the panes: which pane is where (F2/F3/F4), which one is active, and the live
lean — so that at 80 columns, with one pane showing, the weighing is never out of sight."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from .proportionality_panel import lean_words

PANES: dict[str, tuple[str, str]] = {
    # pane name -> (container id, title)
    "case-facts": ("pane-case-facts", "Case facts"),
    "proportionality": ("pane-proportionality", "Proportionality and decision"),
    "communication": ("pane-communication", "Communication and consent"),
}
PANE_KEYS = {"case-facts": "F2", "proportionality": "F3", "communication": "F4"}


class PaneBar(Static):
    """Pane names with their keys, the active one bracketed (not only highlighted)."""

    active: reactive[str] = reactive("case-facts")
    lean: reactive[str] = reactive("")

    def render(self) -> Content:
        parts: list[Content | str] = []
        for name, (_, title) in PANES.items():
            label = f"{PANE_KEYS[name]} {title.split(' and ')[0]}"
            if name == self.active:
                parts.append(Content.styled(f"[{label}]", "bold reverse"))
            else:
                parts.append(f" {label} ")
            parts.append(" ")
        if self.lean:
            symbol, words = lean_words(self.lean)
            parts.append(Content.assemble("│ Lean ", (f"{symbol} {words.split(':')[0]}", "bold")))
        return Content.assemble(*parts)
