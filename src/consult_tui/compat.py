"""The one place where consult-tui reaches into Textual's and keyrings.cryptfile's private parts.

Both libraries are pinned exactly (textual 8.2.8, keyrings.cryptfile 1.3.9) because of what is
here. Each helper names the private part it relies on and why the public API is not enough, and
tests/ui/test_compat.py has one test per helper that fails loudly, in one place, when an upgrade
moves it. Textual is imported only inside the helpers that need it, so the command line (which
uses the keyring helpers) does not pay for importing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App
    from textual.geometry import Region
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widgets import TextArea

# -- Textual: painting a TextArea that lost its component styles --------------------------------

_GUARDED = "_consult_tui_guarded"


def styles_ready(widget: Any) -> bool:
    """Whether Textual has worked out the widget's component styles (private: _component_styles)."""
    return bool(widget._component_styles)


def guard_text_area_painting() -> None:
    """Paint an unstyled TextArea blank instead of crashing (idempotent).

    Textual 8.2.x can paint a TextArea whose component styles are not (or no longer) there: one
    being removed while its list is rebuilt (Insert on People or Facts) or one not styled yet.
    ``TextAreaTheme.apply_css`` then raises KeyError "No 'text-area--gutter' key in
    COMPONENT_CLASSES" (Textualize/textual#6528, open in 8.2.8) and the whole app stops, taking
    the keys typed after it with it. Until Textual fixes it, such a TextArea paints as blank
    for that one frame.
    """
    from textual.strip import Strip
    from textual.widgets import TextArea

    if getattr(TextArea.render_lines, _GUARDED, False):
        return
    original = TextArea.render_lines

    def render_lines(self: TextArea, crop: Region) -> list[Strip]:
        if not styles_ready(self):
            return [Strip.blank(crop.width)] * crop.height
        return original(self, crop)

    setattr(render_lines, _GUARDED, True)
    TextArea.render_lines = render_lines  # type: ignore[method-assign]


# -- Textual: the App ---------------------------------------------------------------------------


def keymap_of(app: App[Any]) -> Mapping[str, str]:
    """The keymap the App was given with ``set_keymap`` (private: ``App._keymap``).

    Textual applies it to each binding chain but offers no public way to read it back; the key
    lines that list a screen's keys once (not from its live bindings) need it to show a remap.
    """
    return app._keymap


def colour_free_filters(app: App[Any]) -> None:
    """Under NO_COLOR, no colour codes at all (private: ``App._filters``).

    Textual's NO_COLOR turns colours into greys, which are still colour codes; its ``NoColor``
    filter drops them, keeping emphasis (bold, reverse).
    """
    from textual.filter import Monochrome, NoColor

    app._filters = [
        NoColor() if isinstance(line_filter, Monochrome) else line_filter
        for line_filter in app._filters
    ]


def background_screens(app: App[Any], textual_says: list[Screen[Any]]) -> list[Screen[Any]]:
    """What the App's ``_background_screens`` override returns: none under an opaque screen.

    Textual counts the screen beneath as showing through whatever the top screen is, so each
    time a screen was pushed, the one left behind asked for the whole new screen to be painted
    again: a second full paint, 4-6 KB over SSH, on every screen change. Modal screens (help,
    confirmations, the addendum) are see-through and keep what is beneath.
    """
    stack = app.screen_stack
    if stack and stack[-1].styles.background.a == 1:
        return []
    return textual_says


def leave_with_message(app: App[Any], message: Any) -> None:
    """Print ``message`` after the terminal is restored, then close at once (what the App's
    ``_fatal_error`` override does instead of Textual's traceback with local variables).

    Private: ``App._exit_renderables`` and ``App._close_messages_no_wait``.
    """
    app._exit_renderables.append(message)
    app._close_messages_no_wait()


def has_exit_message(app: App[Any]) -> bool:
    """Whether the App is leaving with a message printed (private: ``App._exit_renderables``)."""
    return bool(app._exit_renderables)


def output_queue_of(driver: Any) -> tuple[Any, Any]:
    """The driver's output thread and its queue, or Nones (private: ``_writer_thread._queue``).

    On a dead terminal the thread has died and the queue fills; the hang-up guard empties it so
    the main thread is not blocked writing to nobody. Without them the guard still ends the
    process.
    """
    writer = getattr(driver, "_writer_thread", None)
    return writer, getattr(writer, "_queue", None)


class KeyFirst:
    """A widget that sees each key before its own bindings do (private: ``Widget._on_key``).

    Textual hands a key to a widget's bindings from ``_on_key``; a field that must swallow a
    letter (a tick box) or turn Enter into "next field" has to decide before that. Subclasses
    implement ``key_first``; True means the key is dealt with and goes no further.
    """

    def key_first(self, event: events.Key) -> bool:
        return False

    async def _on_key(self, event: events.Key) -> None:
        if self.key_first(event):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)  # type: ignore[misc]


# -- keyrings.cryptfile --------------------------------------------------------------------------


def set_cryptfile_passphrase(keyring: Any, passphrase: str) -> None:
    """Give an encrypted-file keyring its passphrase without the check-value derivation.

    keyrings.cryptfile's ``keyring_key`` setter proves the passphrase by decrypting a check value
    (one Argon2 derivation); reading a key costs another. When a key is about to be read anyway,
    its own authenticated decryption proves the passphrase just as well. The library keeps the
    passphrase in ``_keyring_key`` (1.3.9).
    """
    if not hasattr(keyring, "_keyring_key"):
        raise RuntimeError("keyrings.cryptfile no longer keeps its passphrase in _keyring_key")
    keyring._keyring_key = passphrase


def cryptfile_passphrase_given(keyring: Any) -> bool:
    """Whether the encrypted-file keyring has a passphrase (private: ``_keyring_key``)."""
    return keyring._keyring_key is not None
