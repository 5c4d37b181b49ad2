"""Every performance figure in one run, against its budget: `uv run python benchmarks/run.py`.

Prints one table (figure, this run's median and p95 where it applies, budget, verdict) and exits
non-zero when a budget is missed. `--quick` runs fewer repetitions on a 10,000-record store (so a
fresh machine need not seed 100,000 records, which takes minutes); the budgets are written for
100,000, so a quick run is a smoke test, not the record. First frame is a ratio against a bare
Textual app started in the same run, so the machine's speed cancels out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invariants
import keystroke
import stalled_store
import startup
import terminal_bytes
import unlock_home

import review


@dataclass(frozen=True)
class Figure:
    name: str
    median: float
    p95: float | None
    budget: float
    unit: str
    compare: str = "<"  # "<" or "<="

    @property
    def met(self) -> bool:
        value = self.p95 if self.p95 is not None and self.name.endswith("(p95)") else self.median
        return value < self.budget if self.compare == "<" else value <= self.budget


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if not unit:
        return f"{value:g}"
    return f"{value:.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def collect(quick: bool) -> list[Figure]:
    records = 10_000 if quick else 100_000
    runs = 3 if quick else 7
    figures: list[Figure] = []
    steps: list[tuple[str, Callable[[], None]]] = []

    def first_frame() -> None:
        result = startup.measure(runs=5 if quick else 15)
        figures.append(
            Figure(
                "time to interactive (key echoed) vs bare Textual app",
                result["ratio"],
                None,
                1.3,
                "×",
                "<=",
            )
        )
        figures.append(
            Figure(
                "unlock screen first frame (reported)",
                result["first_frame_ms"],
                None,
                float("inf"),
                "ms",
            )
        )

    def unlock() -> None:
        result = unlock_home.measure(records, runs)
        figures.append(
            Figure(
                f"unlock → home at {records:,} (Argon2 apart)",
                result["unlock_to_home_ms"],
                None,
                300,
                "ms",
            )
        )
        figures.append(
            Figure(
                "unlock cost: key-store unlock + key read (reported)",
                result["argon2_unlock_ms"],
                None,
                float("inf"),
                "ms",
            )
        )
        figures.append(
            Figure(
                "Argon2 derivations per unlock",
                result["argon2_derivations"],
                None,
                1,
                "",
                "<=",
            )
        )

    def keys() -> None:
        result = asyncio.run(keystroke.measure(keys=60 if quick else 200))
        figures.append(
            Figure("key press → panel updated (p95)", result["p50_ms"], result["p95_ms"], 16, "ms")
        )

    def keys_with_the_store_stalled() -> None:
        result = asyncio.run(stalled_store.measure(hold=3.0))
        figures.append(
            Figure(
                "key press → panel, store locked 3 s (p95)",
                result["p50_ms"],
                result["p95_ms"],
                16,
                "ms",
            )
        )
        # The frozen-screen measure: the event loop not running. Frames are painted only when
        # something changed, so their gaps follow the benchmark's typing pace (stalled_store.py
        # prints them beside it).
        figures.append(
            Figure("longest loop stall, store locked 3 s", result["loop_gap_ms"], None, 50, "ms")
        )
        saved_after = result["saved_after_release_ms"] if result["saved"] else float("inf")
        figures.append(
            Figure("draft on disk after the lock is let go", saved_after, None, 1000, "ms")
        )

    def bytes_per_key() -> None:
        result = terminal_bytes.measure(keys=30 if quick else 80)
        figures.append(
            Figure(
                "bytes to the terminal per key press", result["median"], result["p95"], 2048, "B"
            )
        )
        for key, label in (
            ("review_bytes", "bytes to open review (80x24, reported)"),
            ("open_record_bytes", "bytes to open a record (80x24, reported)"),
            ("page_down_bytes", "bytes per Page Down in a record (reported)"),
            ("next_record_bytes", "bytes to open the next record (reported)"),
        ):
            figures.append(Figure(label, result[key], None, float("inf"), "B"))

    def reviewing() -> None:
        result = review.measure(records, runs)
        figures.append(
            Figure(
                f"save_draft at {records:,} (p95)",
                result["store_save_ms"],
                result["save_draft_p95_ms"],
                10,
                "ms",
            )
        )
        figures.append(Figure("review: first rows", result["first_rows_ms"], None, 100, "ms"))
        figures.append(
            Figure("review: search a rare word", result["search_rare_ms"], None, 50, "ms")
        )
        figures.append(Figure("review: open record", result["open_record_ms"], None, 50, "ms"))
        figures.append(
            Figure("peak RSS after a review session", result["peak_rss_mb"], None, 150, "MB")
        )

    def safety() -> None:
        result = invariants.measure(2_500 if quick else 25_000)
        figures.append(
            Figure(
                f"safety invariants broken over {result['count']:,} records × packs",
                result["violations"],
                None,
                0,
                "",
                "<=",
            )
        )
        figures.append(
            Figure("assess() (p95)", result["assess_median_ms"], result["assess_p95_ms"], 5, "ms")
        )

    steps = [
        ("safety invariants", safety),
        ("first frame", first_frame),
        ("unlock to home", unlock),
        ("key press latency", keys),
        ("key press latency with the store locked", keys_with_the_store_stalled),
        ("terminal bytes", bytes_per_key),
        ("review at scale", reviewing),
    ]
    for label, step in steps:
        print(f"… {label}", file=sys.stderr, flush=True)
        step()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 10,000 records")
    args = parser.parse_args()
    figures = collect(args.quick)
    print(
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.2f}"
    )
    header = f"{'figure':<52} {'median':>9} {'p95':>9} {'budget':>10}  verdict"
    print(header)
    print("-" * len(header))
    missed = 0
    for figure in figures:
        informational = figure.budget == float("inf")
        budget = "—" if informational else f"{figure.compare} {_fmt(figure.budget, figure.unit)}"
        verdict = "info" if informational else ("ok" if figure.met else "MISSED")
        missed += verdict == "MISSED"
        print(
            f"{figure.name:<52} {_fmt(figure.median, figure.unit):>9} "
            f"{_fmt(figure.p95, figure.unit):>9} {budget:>10}  {verdict}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
