"""What the command palette (ctrl+p) offers: every action the screen's keys do now, from the same
key table as the footer and F1 (``key_table.py``), so that no action is reachable only by its key.

Each command is named by its binding's tooltip (its full name: "Export as JSON …") and found by
the words people type: the palette matches the name and the footer's short word, so typing
``json``, ``audit`` or ``export`` in a record finds what j, t and m/p/j do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import Hit, Hits
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from .key_table import actions_on_offer

if TYPE_CHECKING:
    from .app import ConsultApp


def palette_commands(app: ConsultApp, screen: Screen) -> Iterable[SystemCommand]:
    for offered in actions_on_offer(screen):
        binding = offered.binding
        if not offered.enabled or not binding.description:
            continue
        title = offered.help
        words = binding.description if binding.description not in title else ""
        yield SystemCommand(
            title,
            f"{offered.key_label}{' · ' + words if words else ''}",
            lambda a=binding.action, n=offered.node: app.call_later(n.run_action, a),
        )
    if app.records is not None and not app.locked:
        yield SystemCommand(
            "Reviews due",
            "Consultations whose review date is due or past",
            lambda: app.action_review("due"),
        )


class ScreenKeysProvider(SystemCommandsProvider):
    """Textual's system-commands provider, matching the help line (key and short word) too."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = max(matcher.match(name), matcher.match(help_text) * 0.9)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
