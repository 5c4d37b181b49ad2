"""Measure save_draft and list_summaries on a store holding many records (not part of the suite).

    uv run python tests/store/perf_save_draft.py [records]   # default 100000

Fills a store in a temporary folder through the store's own import path (one transaction), then
times save_draft of a changed draft, an unchanged save, a list page and opening the store.
"""

from __future__ import annotations

import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from consult_tui.domain.record import Fact, new_id
from consult_tui.store.repository import RecordStore
from consult_tui.store.transfer import import_records
from tests.store.store_helpers import health_visitor_record

_BATCH = 5_000


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main(total: int) -> None:
    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "consultations.db"
        store = RecordStore.open(path, key, create=True)
        template = health_visitor_record().model_dump(mode="json")
        started = time.perf_counter()
        for start in range(0, total, _BATCH):
            records = []
            for _ in range(min(_BATCH, total - start)):
                record = dict(template, id=new_id(), case_reference=f"HV-{start}")
                records.append(record)
            document = {
                "format": "consult-tui-records",
                "schema_version": 1,
                "exported_at": "2025-01-01T00:00:00Z",
                "records": records,
            }
            import_records(store, json.dumps(document))
        print(f"filled {store.count()} records in {time.perf_counter() - started:.1f} s")
        print(f"file size {path.stat().st_size / 1e6:.0f} MB")

        draft = health_visitor_record()
        store.save_draft(draft)
        changed, unchanged, listing = [], [], []
        draft.facts += [Fact(text="A line of the chronology. " * 8) for _ in range(10)]
        for number in range(300):
            # One field changes between saves, as when a practitioner pauses in typing.
            draft.decision.reason = f"Imminent risk of significant harm, revision {number}"
            began = time.perf_counter()
            store.save_draft(draft)
            changed.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            store.save_draft(draft)
            unchanged.append((time.perf_counter() - began) * 1000)
            if number % 10 == 0:
                began = time.perf_counter()
                store.list_summaries(limit=200, offset=number * 10)
                listing.append((time.perf_counter() - began) * 1000)
        print(
            f"save_draft changed:   median {statistics.median(changed):.2f} ms, "
            f"p95 {_p95(changed):.2f} ms"
        )
        print(
            f"save_draft unchanged: median {statistics.median(unchanged):.2f} ms, "
            f"p95 {_p95(unchanged):.2f} ms"
        )
        print(f"list_summaries(200):  median {statistics.median(listing):.2f} ms")
        store.close()

        began = time.perf_counter()
        store = RecordStore.open(path, key)
        print(f"open (with page check): {(time.perf_counter() - began) * 1000:.0f} ms")
        began = time.perf_counter()
        verification = store.verify_audit()
        print(
            f"verify_audit of {verification.checked} entries: "
            f"{(time.perf_counter() - began) * 1000:.0f} ms"
        )
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
