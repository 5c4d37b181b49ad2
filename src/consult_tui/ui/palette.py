"""What the command palette (ctrl+p) offers: the App's moves, then everything the screen and the
focused widgets can do, so that no action is reachable only by its key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from .app import ConsultApp


def palette_commands(app: ConsultApp, screen: Screen) -> Iterable[SystemCommand]:
    if app.workspace is not None:
        yield SystemCommand(
            "New consultation", "Start a new consultation (ctrl+n)", app.action_new_consultation
        )
        yield SystemCommand("Consultations list", "Go back to the list (F10)", app.action_home)
        yield SystemCommand(
            "Review consultations",
            "Search, filter and sort past consultations (F5)",
            app.action_review,
        )
        yield SystemCommand(
            "Reviews due",
            "Consultations whose review date is due or past",
            lambda: app.action_review("due"),
        )
        yield SystemCommand("Lock", "Lock the screen now (ctrl+l)", app.action_lock)
    offered: list[tuple[str, Binding, Any]] = [(key, b, screen) for key, b in screen._bindings]
    offered += [(key, a.binding, a.node) for key, a in screen.active_bindings.items()]
    seen: set[str] = set()
    for key, binding, node in offered:
        if node is app or not binding.show or not binding.description:
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        yield SystemCommand(
            binding.description,
            f"{binding.tooltip or binding.description} ({key})",
            lambda a=binding.action, n=node: app.call_later(n.run_action, a),
        )
    yield SystemCommand("Quit", "Save and quit (ctrl+q)", app.action_quit)
