"""The footer of the screens whose keys follow the focus: one line of text that fits the width.

Textual's Footer builds a widget per key and rebuilds them all whenever the focus moves, and at
80 columns it cut keys off mid-word, the last of them half-drawn against the palette hint. This
footer reads the keys on offer (``active_bindings``) when the screen says they changed, redraws
only if the list is different, and shows them in order while they fit, then Esc and ctrl+p.
Keys of one group (F2 F3 F4: panes) share one label.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from .key_line import KeyEntry, KeyLine, key_name

_PALETTE_ACTIONS = {"command_palette", "app.command_palette"}


def entries_on_offer(screen: Screen) -> tuple[KeyEntry, ...]:
    """The keys the footer should offer on ``screen`` now, one per action, groups combined.

    They come in a fixed order (the screen's keys as it declares them, then the app's) rather
    than the focus-first order Textual keeps them in, so the line stays still while the
    practitioner moves from field to field.
    """
    declared = [b.action for b in type(screen).BINDINGS if isinstance(b, Binding)]
    declared += [b.action for b in type(screen.app).BINDINGS if isinstance(b, Binding)]
    actives = [
        active
        for active in screen.active_bindings.values()
        if active.binding.show and active.binding.action not in _PALETTE_ACTIONS
    ]

    def place(position: int) -> tuple[int, int]:
        action = actives[position].binding.action
        return (declared.index(action) if action in declared else len(declared), position)

    entries: list[KeyEntry] = []
    seen: set[str] = set()
    group_of_last: object = None
    for position in sorted(range(len(actives)), key=place):
        active = actives[position]
        binding = active.binding
        if binding.action in seen:
            continue
        seen.add(binding.action)
        group = binding.group
        if group is not None and group is group_of_last and entries:
            previous = entries[-1]
            entries[-1] = KeyEntry(
                f"{previous.key}/{key_name(binding)}", group.description, previous.enabled
            )
            continue
        description = group.description if group is not None else binding.description
        entries.append(KeyEntry(key_name(binding), description, active.enabled))
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
