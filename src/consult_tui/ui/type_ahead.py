"""Type-ahead: every key and paste from the terminal is kept and handed on in order, one at a time.

Textual hands each key to whatever has the focus at the moment the key is read. Two things
go wrong with that for a fast typist (or a paste, or a laggy SSH link that delivers a burst in
one read):

- Keys read while a screen is being prepared (unlocking, a consultation opening, a new row being
  added) reach a widget that is about to go, or no widget at all, and are lost.
- Keys read together are all given to the widget focused *before* the first of them is dealt
  with: "passphrase, Enter, x" puts the x in the passphrase field before Enter is acted on, and
  text after Tab lands in the field that Tab was leaving.

So the App gives every key and paste to a TypeAhead first. It keeps them in a queue and lets one
through at a time, the next only once everything the previous one set off has been dealt with
(every message queue on the screen drained). While a screen says it is preparing (``hold``),
nothing is let through; when it is ready (``release``), the keys typed meanwhile go, in order, to
whatever then has the focus. The result of a burst is the result of the same keys typed slowly.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

TypedEvent = events.Key | events.Paste

# A screen that never says it is ready must not swallow the keyboard for good: after this long
# the keys typed meanwhile are handed on anyway (Argon2 on a loaded machine takes a few seconds).
HOLD_LIMIT_SECONDS = 20.0
# A handler that waits on something slow (a modal answer) must not stall typing either.
SETTLE_LIMIT_SECONDS = 1.0
# Turns of the event loop with every queue empty before a key counts as dealt with.
QUIET_TURNS = 4
BUSY_SPIN_TURNS = 50


class TypeAhead:
    """The App's queue of keys and pastes not yet handed on."""

    def __init__(
        self,
        app: App[object],
        *,
        hold_limit: float = HOLD_LIMIT_SECONDS,
        settle_limit: float = SETTLE_LIMIT_SECONDS,
    ) -> None:
        self._app = app
        self._waiting: deque[TypedEvent] = deque()
        self._replaying: dict[int, TypedEvent] = {}
        self._holds: dict[str, float] = {}
        self._hold_limit = hold_limit
        self._settle_limit = settle_limit
        self._wake: asyncio.Event | None = None
        self._started = False

    # -- what the App and screens call ----------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Keep a key or paste read from the terminal; True when it was kept (the App stops it).

        Events this queue hands back to the App (and keys forwarded between widgets) pass.
        """
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        if self._replaying.pop(id(event), None) is not None:
            return False
        self._waiting.append(event)
        self._poke()
        return True

    def hold(self, reason: str) -> None:
        """A screen is being prepared: keep what is typed until ``release(reason)``."""
        self._holds[reason] = time.monotonic()

    def release(self, reason: str) -> None:
        """The screen is ready: once it has been painted, hand on what was typed meanwhile."""
        if self._holds.pop(reason, None) is None:
            return
        # After the next paint, so that the new screen's focus and layout are in place.
        self._app.call_after_refresh(self._poke)

    def discard(self, reason: str) -> int:
        """Drop what was typed during this hold (it was meant for a screen that did not come).

        Returns how many keys were dropped, so the screen can say so.
        """
        dropped = len(self._waiting)
        self._waiting.clear()
        self._holds.pop(reason, None)
        return dropped

    @property
    def holding(self) -> bool:
        return any(self._is_live(since) for since in self._holds.values())

    @property
    def waiting(self) -> int:
        """Keys and pastes not handed on yet."""
        return len(self._waiting)

    # -- handing on -------------------------------------------------------------------------------

    def _is_live(self, since: float) -> bool:
        return time.monotonic() - since < self._hold_limit

    def _poke(self) -> None:
        if not self._started:
            self._started = True
            self._wake = asyncio.Event()
            self._app.run_worker(self._hand_on(), group="type-ahead", exit_on_error=False)
        assert self._wake is not None
        self._wake.set()

    async def _hand_on(self) -> None:
        assert self._wake is not None
        while True:
            timeout = self._hold_limit if self._holds else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
            self._wake.clear()
            while self._waiting and not self.holding:
                await self._settle()
                if self.holding or not self._waiting:
                    break
                typed = self._waiting.popleft()
                again = _copy(typed)
                self._replaying[id(again)] = again
                self._app.post_message(again)
                await self._settle()

    async def _settle(self) -> None:
        """Wait until the App and every widget on the top screen have no message left waiting.

        A handler that awaits (a mount, a removal) has taken its message off its queue while it
        waits, but what it waits on is queued somewhere, and what it does next (a focus change)
        follows within a turn or two of the event loop: so the queues must be seen empty over
        several turns in a row before the next key goes.
        """
        deadline = time.monotonic() + self._settle_limit
        quiet_turns = 0
        turns = 0
        while quiet_turns < QUIET_TURNS:
            busy = any(pump.message_queue_size for pump in self._pumps())
            quiet_turns = 0 if busy else quiet_turns + 1
            turns += 1
            if time.monotonic() > deadline:
                return
            # A few bare turns first (the usual case settles in those); then short sleeps, so
            # that waiting on something slow does not spin the processor.
            await asyncio.sleep(0 if turns < BUSY_SPIN_TURNS else 0.002)

    def _pumps(self) -> list[MessagePump]:
        app = self._app
        pumps: list[MessagePump] = [app]
        stack = app.screen_stack
        if stack:
            pumps.extend(stack[-1].walk_children(with_self=True))
        return pumps


def type_ahead_of(app: App[object]) -> TypeAhead | None:
    """The App's type-ahead (None for an App without one, such as a widget test's)."""
    found = getattr(app, "type_ahead", None)
    return found if isinstance(found, TypeAhead) else None


def _copy(typed: TypedEvent) -> TypedEvent:
    """A fresh event to post again (an event already handled carries its stop/prevent state).

    A line feed is handed on as Enter: it is what Enter becomes in a terminal still in line mode
    (typed before the app, or an ssh client, had switched it to raw), and nothing in consult-tui
    is bound to ctrl+j.
    """
    if isinstance(typed, events.Paste):
        return events.Paste(typed.text)
    if typed.key == "ctrl+j":
        return events.Key("enter", "\r")
    return events.Key(typed.key, typed.character)
