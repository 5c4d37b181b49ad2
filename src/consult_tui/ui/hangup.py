"""Leaving for certain when the SSH link drops (SIGHUP) or the system asks (SIGTERM).

When the link drops, Textual's output thread dies on the dead terminal (EIO) and nobody empties
its queue of screen updates, so the main thread blocks for good the next time it draws. A
hang-up handler run by the event loop never runs then; and a plain Python signal handler is no
better, because the kernel may deliver the signal to another thread (often the input thread,
which the hang-up has just woken), and Python only runs handlers on the main thread, which is
stuck. The app then hangs with the case open.

So both signals are blocked in every thread and taken by one thread of our own with sigwait().
That thread starts a guard, which throws away output meant for the dead terminal (so the main
thread can move on and save) and, whatever else happens, ends the process after a few seconds;
then it asks the event loop to save and leave.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .. import compat

HANGUP_EXIT_SECONDS = 3.0
HANGUP_SIGNALS = frozenset({signal.SIGHUP, signal.SIGTERM})
_POLL_SECONDS = 0.05
_Result = TypeVar("_Result")


class HangupGuard(threading.Thread):
    """Discards output for a dead terminal, then ends the process after ``seconds``."""

    def __init__(self, driver: Any, exit_code: int, seconds: float = HANGUP_EXIT_SECONDS) -> None:
        super().__init__(daemon=True, name="consult-tui-hangup-guard")
        self._driver = driver
        self._exit_code = exit_code
        self._seconds = seconds

    def run(self) -> None:
        deadline = time.monotonic() + self._seconds
        # Textual internals (compat.py): without them the guard still ends the process.
        writer, pending = compat.output_queue_of(self._driver)
        while time.monotonic() < deadline:
            # While the output thread lives (SIGTERM on a working terminal) it does its job and
            # restores the terminal; only once it has died is its queue ours to empty.
            if pending is not None and writer is not None and not writer.is_alive():
                with contextlib.suppress(queue.Empty):
                    pending.get(timeout=_POLL_SECONDS)
            else:
                time.sleep(_POLL_SECONDS)
        os._exit(self._exit_code)


class HangupWatch:
    """Runs the app with SIGHUP and SIGTERM taken by a thread of its own (see the module)."""

    def __init__(self, driver_of: Callable[[], Any], leave: Callable[[int], object]) -> None:
        self._driver_of = driver_of
        self._leave = leave
        self._loop: asyncio.AbstractEventLoop | None = None
        self._guard: HangupGuard | None = None
        self._lock = threading.Lock()

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called from the event loop once it runs: from then on a signal saves before leaving."""
        self._loop = loop

    def run(self, body: Callable[[], _Result]) -> _Result:
        # Blocked before the app starts any thread, so every thread it starts inherits the block.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANGUP_SIGNALS)
        threading.Thread(target=self._wait, daemon=True, name="consult-tui-signals").start()
        try:
            return body()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def _wait(self) -> None:
        while True:
            self.signalled(signal.sigwait(HANGUP_SIGNALS))

    def signalled(self, signum: int) -> None:
        with self._lock:
            if self._guard is None:
                self._guard = HangupGuard(self._driver_of(), 128 + signum)
                self._guard.start()
        loop = self._loop
        if loop is not None:
            # A loop that has already closed raises RuntimeError: the guard ends the process.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._leave, signum)
