"""The safety invariants over many more records than the test suite draws.

Draws records from the whole answer space (tests/domain/answer_space.py, seeded, so a run can be
repeated), assesses each against every guidance pack shipped, and checks every invariant in
consult_tui.domain.invariants. Prints how many records and checks ran, how many broke an
invariant (with the first few, by invariant name), and the time per assessment. Exits 1 if any
invariant broke.

    uv run python benchmarks/invariants.py [RECORDS] [SEED]     (default 25,000 records, seed 13)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consult_tui.domain.assessment import assess
from consult_tui.domain.invariants import INVARIANTS, violations
from tests.domain.answer_space import random_record, shipped_packs


def measure(count: int = 25_000, seed: int = 13) -> dict[str, Any]:
    """Draw, assess and check; the figures benchmarks/run.py reports, and what main prints."""
    rng = random.Random(seed)
    packs = shipped_packs()
    broken: Counter[str] = Counter()
    examples: list[str] = []
    timings: list[float] = []
    leans: Counter[str] = Counter()
    for _ in range(count):
        record = random_record(rng)
        for pack in packs:
            start = time.perf_counter()
            result = assess(record, pack)
            timings.append(time.perf_counter() - start)
            leans[result.lean.value] += 1
            for problem in violations(record, result):
                broken[problem.split(":", 1)[0]] += 1
                if len(examples) < 5:
                    examples.append(f"{problem}\n    {record.model_dump_json()[:400]}")
    timings.sort()
    return {
        "count": count,
        "seed": seed,
        "packs": len(packs),
        "checks": count * len(packs) * len(INVARIANTS),
        "violations": sum(broken.values()),
        "broken": broken,
        "examples": examples,
        "leans": leans,
        "assess_median_ms": statistics.median(timings) * 1000,
        "assess_p95_ms": timings[int(len(timings) * 0.95)] * 1000,
    }


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 13
    result = measure(count, seed)
    packs, checks, leans = result["packs"], result["checks"], result["leans"]
    broken, examples = result["broken"], result["examples"]
    print(f"records drawn: {count:,} (seed {seed}); packs: {packs}; invariants: {len(INVARIANTS)}")
    print(f"invariant checks run: {checks:,}")
    print("leans: " + ", ".join(f"{k} {v:,}" for k, v in sorted(leans.items())))
    print(
        f"assess(): median {result['assess_median_ms']:.3f} ms, "
        f"p95 {result['assess_p95_ms']:.3f} ms"
    )
    if not broken:
        print("violations: 0")
        return 0
    print(f"violations: {sum(broken.values()):,}")
    for name, n in broken.most_common():
        print(f"  {name}: {n:,}")
    for example in examples:
        print(example)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
