"""Debounced autosave of the draft being edited: every keystroke reaches disk within a second.

A throttle rather than a pure debounce: the first change schedules a save, later changes only
replace what will be saved, so a practitioner typing without pause is still saved every
`delay` seconds. A failed save (disk full, folder unwritable) keeps the draft in memory and
retries, so typing is never lost while the problem is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from ..domain.record import Consultation


class DraftAutosaver:
    RETRY_SECONDS = 2.0

    def __init__(
        self,
        app: App,
        save: Callable[[Consultation], object],
        *,
        on_error: Callable[[Exception], None],
        on_recovered: Callable[[], None],
        delay: float = 0.5,
    ) -> None:
        self._app = app
        self._save = save
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._delay = delay
        self._pending: Consultation | None = None
        self._timer: Timer | None = None
        self._failing = False

    @property
    def has_pending(self) -> bool:
        return self._pending is not None

    @property
    def failing(self) -> bool:
        return self._failing

    def changed(self, record: Consultation) -> None:
        self._pending = record
        if self._timer is None:
            self._timer = self._app.set_timer(self._delay, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self.flush()

    def flush(self) -> bool:
        """Save what is pending now. Returns False if it could not be saved (it stays pending)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        record = self._pending
        if record is None:
            return True
        try:
            self._save(record)
        except Exception as error:  # any store failure: keep the draft, tell the person, retry
            self._failing = True
            self._on_error(error)
            if self._timer is None:
                self._timer = self._app.set_timer(self.RETRY_SECONDS, self._on_timer)
            return False
        if self._pending is record:
            self._pending = None
        if self._failing:
            self._failing = False
            self._on_recovered()
        return True
