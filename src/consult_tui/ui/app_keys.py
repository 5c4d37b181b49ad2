"""The App's own keys, there on every screen after unlocking; the footer, the palette and F1
read them with each screen's (``key_table.py``), and ``[keys]`` in the config can move them by id.
"""

from __future__ import annotations

from textual.binding import Binding

# The tooltip is each action's full name in the palette and F1; the description is the
# footer's short word.
APP_KEYS: list[Binding] = [
    Binding(
        "ctrl+n",
        "new_consultation",
        "New",
        id="new-consultation",
        priority=True,
        tooltip="New consultation",
    ),
    Binding("f10", "home", "List", id="home", tooltip="Consultations list (go back to it)"),
    Binding("f5", "review", "Review", id="review", tooltip="Review past consultations: search"),
    Binding("ctrl+l", "lock", "Lock", id="lock", priority=True, tooltip="Lock the screen now"),
    Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Save and quit"),
]
