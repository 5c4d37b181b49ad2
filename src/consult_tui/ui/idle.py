"""The idle timer behind the automatic lock: no key press for N minutes locks the screen.

A person who walks away from an SSH session leaves the case on screen for as long as the link
stays up (sshd keepalives do not end a session that keeps writing), so the app counts idleness
itself. A key press only stores a timestamp; one timer wakes when the time could be up and, if a
key came in meanwhile, sleeps again for what is left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer


class IdleTimer:
    """Calls ``on_idle`` once when no key has been pressed for ``seconds``; then stays quiet
    until ``resume()``."""

    def __init__(self, app: App, seconds: float, on_idle: Callable[[], object]) -> None:
        if seconds <= 0:
            raise ValueError("the idle time must be above zero")
        self._app = app
        self.seconds = seconds
        self._on_idle = on_idle
        self._last_key = time.monotonic()
        self._timer: Timer | None = None
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def idle_for(self) -> float:
        """Seconds since the last key press."""
        return time.monotonic() - self._last_key

    def key_pressed(self) -> None:
        # Called for every key: it must stay this cheap.
        self._last_key = time.monotonic()

    def resume(self) -> None:
        """Start (or restart) counting from now."""
        self._last_key = time.monotonic()
        self._running = True
        self._schedule(self.seconds)

    def pause(self) -> None:
        """Stop counting (while locked, or once the app is leaving)."""
        self._running = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(max(delay, 0.05), self._check, name="idle-lock")

    def _check(self) -> None:
        self._timer = None
        if not self._running:
            return
        left = self.seconds - self.idle_for()
        if left > 0:
            self._schedule(left)
            return
        self._running = False
        self._on_idle()
