"""Key press → proportionality panel updated, on the consultation screen (headless, 120x40).

Types characters into fields of an example record (the decision reason, and a person's name in
the people list) and, for each key press, measures the time from the key reaching the app to the
screen having re-assessed the record and handed the result to the panel (the panel counts the
assessments it is given), plus the bytes that key press's screen update would write to a real
terminal (the compositor's update, rendered as the driver would write it). Prints p50/p95
figures; asserts nothing.

    uv run python benchmarks/keystroke.py [--keys 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from textual import events
from textual.app import App

from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Consultation
from consult_tui.ui.app import styles_dir
from consult_tui.ui.screens.consultation import ConsultationScreen
from consult_tui.ui.widgets.bound_fields import BoundTextArea
from consult_tui.ui.widgets.record_binding import get_at

FIELDS = ("decision.reason", "people[1].name")
TEXT = "Parents' accounts differ; bruise seen on the left cheek at the home visit. "


class UnsavedDesk:
    """The screen's draft desk for this benchmark: the edits stay in memory (saving is measured
    with the store stalled, in stalled_store.py)."""

    def changed(self, record: Consultation) -> None:
        pass

    async def finalise(self, record: Consultation, assessment: dict) -> Consultation:
        raise NotImplementedError("the keystroke benchmark does not finalise")

    def done_with(self, record: Consultation) -> None:
        pass


class BenchmarkApp(App[None]):
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "consultation.tcss"]

    def __init__(self) -> None:
        super().__init__()
        self.bytes_written: list[int] = []
        record = bruised_baby()
        record.decision.reason = ""
        self.consultation = ConsultationScreen(record, default_pack(), drafts=UnsavedDesk())

    def on_mount(self) -> None:
        self.push_screen(self.consultation)

    def _display(self, screen: Any, renderable: Any) -> None:
        # Headless apps write nothing; render what a terminal would have been sent, and count it.
        render_segments = getattr(renderable, "render_segments", None)
        if render_segments is not None:
            self.bytes_written.append(len(render_segments(self.console).encode("utf-8")))
        super()._display(screen, renderable)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def type_into(
    app: BenchmarkApp, pilot: Any, field: str, keys: int, *, quiet: bool = False
) -> tuple[list[float], list[int]]:
    screen = app.consultation
    screen.focus_field(field)
    await pilot.pause()
    assert isinstance(screen.focused, BoundTextArea)
    panel = screen.panel
    driver = app._driver
    assert driver is not None
    before = get_at(screen.record, field)
    latencies: list[float] = []
    frames: list[int] = []
    text = (TEXT * (keys // len(TEXT) + 1))[:keys]
    for character in text:
        key = "space" if character == " " else character
        drawn = panel.updates
        app.bytes_written.clear()
        # Post the key as the terminal driver does (Pilot.press adds ~40 ms of idle-waiting of
        # its own, which is not the app's latency).
        event = events.Key(key, character)
        event.set_sender(app)
        started = time.perf_counter()
        driver.send_message(event)
        while panel.updates == drawn:
            await asyncio.sleep(0)
        latencies.append((time.perf_counter() - started) * 1000)
        await pilot.pause()  # let the screen paint this key press before the next
        frames.append(sum(app.bytes_written))
    typed = get_at(screen.record, field) == before + text
    if quiet:
        return latencies, frames
    print(f"{field}: {len(latencies)} key presses, typed correctly: {typed}")
    print(
        f"  key press → panel updated: p50 {percentile(latencies, 0.5):.2f} ms, "
        f"p95 {percentile(latencies, 0.95):.2f} ms, max {max(latencies):.2f} ms"
    )
    print(
        f"  written to the terminal per key press: p50 {percentile(frames, 0.5):.0f} B, "
        f"p95 {percentile(frames, 0.95):.0f} B, max {max(frames)} B, "
        f"mean {statistics.fmean(frames):.0f} B"
    )
    return latencies, frames


async def run(keys: int) -> None:
    app = BenchmarkApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("keystroke benchmark: the bruised-baby example at 120x40")
        for field in FIELDS:
            await type_into(app, pilot, field, keys)


async def measure(keys: int = 200) -> dict[str, float]:
    """p50/p95 over every key press typed into the reason (a long text) and a name (a short one:
    names are typed to realistic lengths, as a 200-character name would wrap and re-lay out)."""
    app = BenchmarkApp()
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for field, count in (("decision.reason", keys), ("people[1].name", min(keys, 24))):
            field_latencies, _ = await type_into(app, pilot, field, count, quiet=True)
            latencies += field_latencies
    return {
        "keys": float(len(latencies)),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keys", type=int, default=200, help="characters to type per field (default 200)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.keys))


if __name__ == "__main__":
    main()
