"""Key press → panel updated while the store is stalled: another window holds the write lock.

A second SQLCipher connection on the same file takes the write lock (BEGIN IMMEDIATE) and holds
it for 3 s, as another consult-tui window does while it writes, and the 5 s busy timeout makes
every save wait for it. Meanwhile keys are typed into the decision's reason without pause, on
the real consultation screen with the real autosaver and record service (headless, 120x40).

Prints, over the key presses typed while the lock was held: key press → panel updated (p50,
p95, max), the longest the event loop went without running (no frame can be painted then), the
longest gap between painted frames, and how long after the lock was let go the draft was on
disk with everything typed. Asserts nothing.

Textual paints a frame only when something changed, so the gap between frames cannot be shorter
than the gap between key presses here (one every ~40 ms, each painted before the next is sent);
the event-loop stall is the measure of a frozen screen. Like the app after unlocking, the
benchmark moves the long-lived objects out of the collector's full passes (ui/heap.py).

    uv run python benchmarks/stalled_store.py [--hold 3.0]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import secrets
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App

from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Practitioner
from consult_tui.service.records import RecordService
from consult_tui.store.engine import open_raw_connection
from consult_tui.store.repository import RecordStore
from consult_tui.ui import heap
from consult_tui.ui.app import styles_dir
from consult_tui.ui.autosave import DraftAutosaver
from consult_tui.ui.screens.consultation import ConsultationScreen

TEXT = "Parents' accounts differ; bruise seen on the left cheek at the home visit. "


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class StalledStoreApp(App[None]):
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "consultation.tcss"]

    def __init__(self, store: RecordStore, database: Path) -> None:
        super().__init__()
        record = bruised_baby()
        record.decision.reason = ""
        store.save_draft(record.model_copy(deep=True))
        self.record = record
        self.records = RecordService(
            store, default_pack(), database=database, practitioner=Practitioner()
        )
        self.failures: list[str] = []
        self.autosaver = DraftAutosaver(
            self,
            self.records,
            on_error=lambda error: self.failures.append(type(error).__name__),
            on_recovered=lambda: None,
        )
        self.frames: list[float] = []
        self.consultation = ConsultationScreen(record, default_pack(), drafts=self.autosaver)

    def on_mount(self) -> None:
        heap.settle()  # as ConsultApp does once the list is up after unlocking
        self.push_screen(self.consultation)

    def _display(self, screen: Any, renderable: Any) -> None:
        self.frames.append(time.perf_counter())
        super()._display(screen, renderable)


class OtherWindow(threading.Thread):
    """Holds the database's write lock for ``hold`` seconds, from its own connection."""

    def __init__(self, database: Path, key: bytes, hold: float, *, lock: bool = True) -> None:
        super().__init__(daemon=True, name="other-window")
        self._lock = lock
        self._connection = open_raw_connection(database, key)
        self._hold = hold
        self.locked = threading.Event()
        self.released_at = 0.0

    def run(self) -> None:
        if self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
        self.locked.set()
        time.sleep(self._hold)
        if self._lock:
            self._connection.execute("ROLLBACK")
        self.released_at = time.perf_counter()
        self._connection.close()


async def watch_the_loop(gaps: list[float], running: asyncio.Event) -> None:
    """How long the event loop goes without running a task: a frame cannot be painted then."""
    while not running.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.002)
        gaps.append((time.perf_counter() - before) * 1000 - 2.0)


async def measure(hold: float = 3.0, *, stall: bool = True) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "consultations.db"
        key = secrets.token_bytes(32)
        store = RecordStore.open(database, key, create=True)
        try:
            return await _measure(store, database, key, hold, stall)
        finally:
            store.close()


async def _measure(
    store: RecordStore, database: Path, key: bytes, hold: float, stall: bool
) -> dict[str, float]:
    app = StalledStoreApp(store, database)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.consultation
        screen.focus_field("decision.reason")
        await pilot.pause()
        panel = screen.panel
        driver = app._driver
        assert driver is not None

        other = OtherWindow(database, key, hold, lock=stall)
        other.start()
        other.locked.wait()
        stalled_from = time.perf_counter()
        gaps: list[float] = []
        done = asyncio.Event()
        watcher = asyncio.create_task(watch_the_loop(gaps, done))
        first_frame = len(app.frames)
        latencies: list[float] = []
        typed = ""
        waited_on_lock = False
        while time.perf_counter() - stalled_from < hold:
            character = TEXT[len(typed) % len(TEXT)]
            key_name = "space" if character == " " else character
            drawn = panel.updates
            event = events.Key(key_name, character)
            event.set_sender(app)
            started = time.perf_counter()
            driver.send_message(event)
            while panel.updates == drawn:
                await asyncio.sleep(0)
            latencies.append((time.perf_counter() - started) * 1000)
            typed += character
            await pilot.pause()  # let the screen paint this key press before the next
            waited_on_lock = waited_on_lock or (app.autosaver.has_pending and other.is_alive())
        done.set()
        await watcher
        frames = app.frames[first_frame:]
        frame_gaps = [(b - a) * 1000 for a, b in itertools.pairwise(frames)]

        other.join()
        saved_after = float("nan")
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline:
            if not app.autosaver.has_pending:
                saved_after = (time.perf_counter() - other.released_at) * 1000
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        on_disk = app.records.submit(lambda: store.get(app.record.id)).result(10)
        saved = on_disk.decision.reason == typed
        app.records.stop(5)
    return {
        "keys": float(len(latencies)),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies),
        "loop_gap_ms": max(gaps, default=0.0),
        "frame_gap_ms": max(frame_gaps, default=0.0),
        "saved_after_release_ms": saved_after,
        "saved": float(saved),
        "waited_on_lock": float(waited_on_lock),
        "failed_saves": float(len(app.failures)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the lock is held")
    parser.add_argument(
        "--no-stall", action="store_true", help="type for as long without the lock (a baseline)"
    )
    args = parser.parse_args()
    result = asyncio.run(measure(args.hold, stall=not args.no_stall))
    held = "did not hold the lock (baseline)" if args.no_stall else "held the write lock"
    print(f"stalled store: another connection {held} for {args.hold:.1f} s")
    print(
        f"  {result['keys']:.0f} key presses while it was held; "
        f"a save was waiting on the lock: {bool(result['waited_on_lock'])}"
    )
    print(
        f"  key press → panel updated: p50 {result['p50_ms']:.2f} ms, "
        f"p95 {result['p95_ms']:.2f} ms, max {result['max_ms']:.2f} ms"
    )
    print(
        f"  longest event-loop stall {result['loop_gap_ms']:.1f} ms; "
        f"longest gap between frames {result['frame_gap_ms']:.1f} ms "
        f"(one key every {args.hold * 1000 / max(result['keys'], 1):.0f} ms: a frame is painted "
        "only when something changed)"
    )
    print(
        f"  draft saved with everything typed: {bool(result['saved'])}, "
        f"{result['saved_after_release_ms']:.0f} ms after the lock was let go "
        f"({result['failed_saves']:.0f} saves failed and were retried)"
    )


if __name__ == "__main__":
    main()
