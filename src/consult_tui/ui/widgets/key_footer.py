"""The footer of the screens whose keys follow the focus: one line of text that fits the width.

Textual's Footer builds a widget per key and rebuilds them all whenever the focus moves, and at
80 columns it cut keys off mid-word, the last of them half-drawn against the palette hint. This
footer reads the keys on offer (``active_bindings``) when the screen says they changed, redraws
only if the list is different, and shows them in order while they fit, then Esc and ctrl+p.
Keys of one group (F2 F3 F4: panes) share one label.
"""

from __future__ import annotations

from textual.screen import Screen

from ..key_table import actions_on_offer
from .key_line import KeyEntry, KeyLine


def entries_on_offer(screen: Screen) -> tuple[KeyEntry, ...]:
    """The keys the footer should offer on ``screen`` now, one per action, groups combined.

    They come from the screen's key table (``key_table.py``, which the palette and F1 read too)
    in its fixed order, so the line stays still while the practitioner moves between fields.
    """
    entries: list[KeyEntry] = []
    group_of_last: object = None
    for offered in actions_on_offer(screen):
        binding = offered.binding
        if not binding.show or offered.shadowed:
            continue
        key = offered.keys[0]
        group = binding.group
        if group is not None and group is group_of_last and entries:
            previous = entries[-1]
            entries[-1] = KeyEntry(f"{previous.key}/{key}", group.description, previous.enabled)
            continue
        description = group.description if group is not None else binding.description
        entries.append(KeyEntry(key, description, offered.enabled))
        group_of_last = group
    return tuple(entries)


def palette_on_offer(screen: Screen) -> bool:
    """Whether ctrl+p opens the palette here (not while the screen is locked, for one)."""
    active = screen.active_bindings.get(screen.app.COMMAND_PALETTE_BINDING)
    return screen.app.ENABLE_COMMAND_PALETTE and active is not None and active.enabled


class KeyFooter(KeyLine):
    """A KeyLine whose keys are the screen's active bindings, kept up to date."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        entries, palette = entries_on_offer(screen), palette_on_offer(screen)
        if (entries, palette) != (tuple(self.entries), self.palette):
            self.entries, self.palette = entries, palette
            self.refresh()
