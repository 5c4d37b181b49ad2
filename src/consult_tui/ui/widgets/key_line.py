"""A one-line list of a screen's keys: a light stand-in for Textual's Footer.

The Footer rebuilds a widget per key whenever the focus moves, which costs more than the review
screen's whole first page of 200 rows. The review screens' keys do not change with the focus,
so one line of text says the same thing. At 80 columns not every key fits: the line shows the
keys in the screen's order while they fit, then Esc (back) and ctrl+p, where every action is
listed, so nothing is ever out of reach. ``fit_keys`` and ``key_line_content`` are shared with
the live footer (``key_footer.py``); key names come from ``key_table.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from ..key_table import binding_key_name, remapped

_GAP = "  "


@dataclass(frozen=True, slots=True)
class KeyEntry:
    key: str
    description: str
    enabled: bool = True

    @property
    def width(self) -> int:
        return cell_len(self.key) + 1 + cell_len(self.description)


PALETTE = KeyEntry("^p", "all keys")


def fit_keys(
    entries: Iterable[KeyEntry], width: int, last: KeyEntry | None = PALETTE
) -> list[KeyEntry]:
    """The entries that fit in ``width`` cells, in order; Esc (back) and ``last`` always.

    Esc is kept whatever else is dropped: someone who cannot see how to leave a screen is stuck
    on it.
    """
    entries = list(entries)
    pinned = [entry for entry in entries if entry.key == "Esc"]
    if last is not None:
        pinned.append(last)
    room = width - sum(entry.width + len(_GAP) for entry in pinned) + len(_GAP)
    shown: list[KeyEntry] = []
    for entry in entries:
        if entry in pinned:
            continue
        needed = entry.width + len(_GAP)
        if needed > room:
            break
        shown.append(entry)
        room -= needed
    return [*shown, *pinned]


def key_line_content(entries: Iterable[KeyEntry]) -> Content:
    pieces: list[Content | tuple[str, str] | str] = []
    for entry in entries:
        if pieces:
            pieces.append(_GAP)
        style = "bold reverse" if entry.enabled else "dim reverse"
        pieces += [(entry.key, style), (f" {entry.description}", "" if entry.enabled else "dim")]
    return Content.assemble(*pieces)


def _entries(bindings: Iterable[Binding]) -> list[KeyEntry]:
    return [KeyEntry(binding_key_name(b), b.description) for b in bindings]


class KeyLine(Widget):
    """The keys given, as many as fit; styled in styles/app.tcss (docked at the bottom)."""

    def __init__(self, bindings: Iterable[Binding] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._bindings_shown = [b for b in bindings if b.show and b.description]
        self.entries: Sequence[KeyEntry] = _entries(self._bindings_shown)
        self.palette = True  # whether ^p (every action) is on offer

    def on_mount(self) -> None:
        # The practitioner's keymap ([keys] in the config) moves keys: show where they are now.
        self.entries = _entries(remapped(self._bindings_shown, self))

    def render(self) -> Content:
        last = PALETTE if self.palette else None
        return key_line_content(fit_keys(self.entries, self.content_region.width, last))
