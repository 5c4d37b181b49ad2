"""Autosave of the draft being edited: every keystroke reaches disk within a second, and no
keystroke ever waits for the disk.

A throttle rather than a pure debounce: the first change schedules a save, later changes only
mark the draft changed again, so a practitioner typing without pause is still saved every
`delay` seconds. The save itself is a snapshot taken on the UI thread (the draft serialised: tens
of microseconds) and handed to the record service's store thread; the UI goes straight back to
the keyboard. One save is in flight at a time: changes made while the store is slow or locked
are saved together, by the next snapshot, as soon as the one in flight lands.

A failed save (disk full, folder unwritable, store locked too long) keeps the draft in memory and
retries, so typing is never lost while the problem is fixed. Quitting, locking and a hang-up wait
for the last save with ``flush()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Protocol

from ..service.records import DraftSnapshot

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from ..domain.record import Consultation
    from ..service.records import RecordService


# While saving keeps failing, the practitioner is reminded this often (seconds).
UNSAVED_REMINDER = 30.0


class UnsavedNotices:
    """Tells the practitioner when saving fails, and when it works again, without nagging."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._told_at: float | None = None

    def failed(self, error: Exception) -> None:
        # Every retry fails the same way until the problem is fixed: say it once, then remind
        # now and then, rather than stack a new message over the form on every attempt.
        now = time.monotonic()
        if self._told_at is not None and now - self._told_at < UNSAVED_REMINDER:
            return
        self._told_at = now
        self._app.notify(
            "Could not save the draft (is the disk full or the data folder unwritable?). "
            "Your typing is kept here and saving is retried every few seconds.",
            title="Not saved yet",
            severity="error",
            timeout=10,
        )

    def recovered(self) -> None:
        self._told_at = None
        self._app.notify("Saved again. Nothing was lost.", title="Saved")


class DraftNotSaved(Exception):
    """Finalising waits for the draft to be on disk; it is not, and the save keeps retrying."""

    def __init__(self) -> None:
        super().__init__("The draft could not be saved, so it cannot be finalised yet.")


class DraftDesk(Protocol):
    """What a consultation screen needs to keep its draft: the autosaver, or a test's stand-in."""

    def changed(self, record: Consultation) -> None: ...

    async def finalise(self, record: Consultation, assessment: dict) -> Consultation: ...

    def done_with(self, record: Consultation) -> None: ...


class DraftAutosaver:
    """Saves the draft being edited through the record service, off the event loop."""

    RETRY_SECONDS = 2.0

    def __init__(
        self,
        app: App,
        service: RecordService,
        *,
        on_error: Callable[[Exception], None],
        on_recovered: Callable[[], None],
        delay: float = 0.5,
    ) -> None:
        self._app = app
        self._service = service
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._delay = delay
        self._record: Consultation | None = None
        self._dirty = False  # changed since the last snapshot was taken
        self._in_flight: Future[bool] | None = None
        self._timer: Timer | None = None
        self._failing = False
        self._let_go_when_saved = False

    @property
    def has_pending(self) -> bool:
        """Typing that is not on disk yet (not sent, or sent and not landed)."""
        return self._dirty or self._in_flight is not None

    # -- typing --------------------------------------------------------------------------------

    def changed(self, record: Consultation) -> None:
        if record is not self._record:
            if self._dirty:
                self.flush()  # what is left of another draft goes first (rare: opened meanwhile)
            self._record = record
        self._let_go_when_saved = False
        self._dirty = True
        if self._timer is None and self._in_flight is None:
            self._timer = self._app.set_timer(self._delay, self._on_timer)

    def done_with(self, record: Consultation) -> None:
        """The screen editing this draft has closed: save what is left, then let the draft go."""
        if record is not self._record:
            return
        self._let_go_when_saved = True
        self._send()
        self._let_go_if_done()

    def _on_timer(self) -> None:
        self._timer = None
        self._send()

    def _send(self) -> Future[bool] | None:
        """Hand a snapshot to the store thread, unless one is in flight (it is then sent later)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._dirty or self._record is None or self._in_flight is not None:
            return self._in_flight
        self._dirty = False
        future = self._service.save_draft(DraftSnapshot.of(self._record))
        self._in_flight = future
        loop = asyncio.get_running_loop()
        # Land in this (the App's) context, not the store thread's: a retry timer started from
        # _landed needs Textual's active app, or it dies silently on its first tick.
        context = contextvars.copy_context()
        future.add_done_callback(
            lambda done: loop.call_soon_threadsafe(self._landed, done, context=context)
        )
        return future

    def _landed(self, future: Future[bool]) -> None:
        """On the event loop, once the store thread is done with a snapshot."""
        if future is not self._in_flight:
            return  # flush() has dealt with it already
        self._in_flight = None
        self._settle(_failure(future))
        if self._dirty and self._timer is None:
            # Typed while that save was on its way: save it now (it has waited already), or
            # after the retry pause when saving is failing.
            if self._failing:
                self._retry_later()
            else:
                self._send()
        self._let_go_if_done()

    def _settle(self, error: BaseException | None) -> None:
        if error is not None:
            self._dirty = True  # the live draft holds the typing; the next snapshot takes it
            self._failing = True
            self._on_error(error if isinstance(error, Exception) else RuntimeError(str(error)))
            return
        if self._failing:
            self._failing = False
            self._on_recovered()

    def _let_go_if_done(self) -> None:
        if self._let_go_when_saved and not self.has_pending and self._record is not None:
            record_id = self._record.id
            self._let_go_when_saved = False
            self._record = None
            self._service.let_go(record_id)

    # -- waiting for the disk -------------------------------------------------------------------

    def flush(self) -> bool:
        """Save what is pending and wait for it (quit, lock, hang-up, crash).

        Blocks the event loop until the store thread is done: only for leaving or locking, where
        nothing may be left unsaved. Returns False if the draft could not be saved (it stays
        pending, and saving is retried).
        """
        while True:
            future = self._send()
            if future is None:
                return not self._dirty
            self._in_flight = None
            try:
                future.result()
            except Exception as error:
                self._settle(error)
                self._retry_later()
                return False
            self._settle(None)
            if not self._dirty:
                return True

    async def flush_soon(self) -> bool:
        """Save what is pending and await it, without holding up the keyboard meanwhile."""
        while True:
            future = self._send()
            if future is None:
                return not self._dirty
            # Shielded: a worker cancelled while waiting must not cancel the save itself.
            with contextlib.suppress(Exception):
                await asyncio.shield(asyncio.wrap_future(future))
            if self._in_flight is future:
                self._in_flight = None
                self._settle(_failure(future))
            if self._failing:
                self._retry_later()  # the typing stays pending; saving goes on trying by itself
                return False

    def _retry_later(self) -> None:
        if self._timer is None:
            self._timer = self._app.set_timer(self.RETRY_SECONDS, self._on_timer)

    async def finalise(self, record: Consultation, assessment: dict) -> Consultation:
        """Finalise the draft once everything typed is on disk; raises DraftNotSaved if not."""
        if record is self._record and not await self.flush_soon():
            raise DraftNotSaved()
        final = await self._service.finalise(DraftSnapshot.of(record), assessment)
        if record is self._record:
            self._record = None
            self._dirty = False
        return final


def _failure(future: Future[bool]) -> BaseException | None:
    """What went wrong with a save; a save that never ran counts as failed (typing is kept)."""
    if future.cancelled():
        return RuntimeError("the save was cancelled before it ran")
    return future.exception()
