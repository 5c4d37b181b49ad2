"""Test-only: keys that arrive in one read from the terminal, as a paste or a laggy link sends them.

Pilot's ``press`` waits for the app to go idle after every key, which is slow typing. A burst
posts every key to the App at once, the way the terminal driver does when one read holds them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual import events
from textual.app import App

_NAMED = {"\r": "enter", "\t": "tab", " ": "space", "\x1b": "escape"}


class Special(str):
    """A key that is not a character: ``Special("ctrl+n")``, ``Special("insert")``."""


def _key_for(character: str) -> events.Key:
    if character in _NAMED:
        return events.Key(_NAMED[character], character)
    if character.isalnum():
        return events.Key(character, character)
    name = unicodedata.name(character).lower().replace(" ", "_").replace("-", "_")
    return events.Key(name, character)


def typed_events(parts: Iterable[str | events.Paste]) -> list[events.Key | events.Paste]:
    found: list[events.Key | events.Paste] = []
    for part in parts:
        if isinstance(part, events.Paste):
            found.append(part)
        elif isinstance(part, Special):
            found.append(events.Key(str(part), None))
        else:
            found.extend(_key_for(character) for character in part)
    return found


def burst(app: App[object], *parts: str | events.Paste) -> None:
    """Deliver text, special keys and pastes to the App in one go, in this order."""
    for event in typed_events(parts):
        app.post_message(event)
