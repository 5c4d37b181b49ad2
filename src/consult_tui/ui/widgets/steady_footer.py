"""A Footer that re-draws only when the keys it shows change.

Textual's Footer rebuilds itself on every focus change, and each rebuild re-lays-out the whole
screen: on a form with a few hundred fields that made every Tab cost tens of milliseconds. Most
focus moves leave the same keys on offer, so this footer compares first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown_keys: frozenset[tuple[str, str, str, bool, str]] | None = None

    def _keys_on_offer(self, screen: Screen) -> frozenset[tuple[str, str, str, bool, str]]:
        # A set: the same keys found in another order (the focused widget's bindings come
        # first) are still the same footer.
        return frozenset(
            (key, active.binding.action, active.binding.description, active.enabled, active.tooltip)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        keys = self._keys_on_offer(screen)
        if keys == self._shown_keys:
            self._bindings_ready = True
            return
        self._shown_keys = keys
        super().bindings_changed(screen)
