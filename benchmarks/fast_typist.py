"""A fast typist in a real terminal, many times: differences between what was typed and exported.

Each seed is one whole consultation typed in bursts of 5-40 characters, 0-30 ms apart, from
0.1 s after launch (see tests/e2e/fast_typist.py); one tmux session types --per-session seeds.
Budget: 0 differences.

    uv run python benchmarks/fast_typist.py [--count 200] [--per-session 10]
    uv run python benchmarks/fast_typist.py --seeds 7 8 9      # run given seeds again
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.fast_typist import type_session


def measure(seeds: list[int], per_session: int) -> dict[str, float]:
    differences = 0
    bursts = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        for index in range(0, len(seeds), per_session):
            chunk = seeds[index : index + per_session]
            result = type_session(Path(home), chunk, first_use=index == 0)
            bursts += result.bursts
            differences += len(result.differences)
            if result.differences:
                print(result.report(), file=sys.stderr, flush=True)
    return {
        "seeds": len(seeds),
        "bursts": bursts,
        "differences": differences,
        "seconds": time.perf_counter() - started,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--per-session", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="*", help="exactly these seeds")
    args = parser.parse_args()
    seeds = args.seeds or list(range(args.first, args.first + args.count))
    figures = measure(seeds, args.per_session)
    print(
        f"{figures['seeds']} seeded consultations, {figures['bursts']} bursts, "
        f"{figures['seconds']:.0f} s: {figures['differences']} difference(s) (budget 0)"
    )
    return 1 if figures["differences"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
