"""How long the live panel's work takes per keystroke: assess + scan on a large record.

Builds a record with 20 facts of 2,000 characters and 2,000 characters of text to share, then
times assess() and scan() together many times and prints the median and 95th percentile in
milliseconds. It asserts nothing; the budget it is read against is a median under 2 ms.

    uv run python benchmarks/assess.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import time

from consult_tui.domain.assessment import assess
from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Fact
from consult_tui.domain.scanner import scan

PARAGRAPH = (
    "At the home visit the HV saw a bruise on the baby's upper arm; mother said the arm caught in "
    "the cot bars, father said he had not noticed a mark. Safeguarding concerns were raised with "
    "the DSL and the MASH, and a s47 enquiry may follow if the threshold is met. The QRT visited. "
)


def text_of(length: int) -> str:
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length]


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    pack = default_pack()
    record = bruised_baby()
    record.facts = [Fact(text=text_of(2000), source="Health visitor") for _ in range(20)]
    record.information_to_share = text_of(2000)

    assess(record, pack)  # warm the caches a running app would already have
    scan(record.information_to_share, pack)

    both: list[float] = []
    assess_only: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        assess(record, pack)
        middle = time.perf_counter()
        spans = scan(record.information_to_share, pack)
        end = time.perf_counter()
        both.append((end - start) * 1000)
        assess_only.append((middle - start) * 1000)

    def report(name: str, samples: list[float]) -> None:
        ordered = sorted(samples)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(f"{name:<14} median {statistics.median(ordered):.3f} ms   p95 {p95:.3f} ms")

    print(f"{rounds} rounds; 20 facts x 2,000 chars; 2,000 chars to share ({len(spans)} spans)")
    report("assess", assess_only)
    report("assess + scan", both)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
