"""Reviewing at scale: 100,000 varied consultations in an encrypted store, and how fast review is.

    uv run python benchmarks/review.py [--records 100000] [--runs 7] [--reseed]
        [--profile first_rows|search_rare|filter_change|open_record]

Seeds (once; the file is cached under $XDG_CACHE_HOME/consult-tui-bench, keyed by SEED_VERSION and
the record count) by bulk-inserting the same rows save_draft, finalise and add_addendum would write
— consultation rows, addenda, seals, the hash-chained audit entries and the search index — through
the store's own engine in large transactions, then checks them with the store's own audit
verification. (The store's API stamps its own times, so every record would be dated today and the
date filters and sorts would have nothing to sort; it also costs about 4 ms a record against 1 ms
here.) Then, in a fresh process so that seeding memory does not count, it opens the store (not
timed) and drives the real app headless through a review session, printing medians of several runs,
each timed to the first frame that shows the answer (the rows its table holds and the count its
status line gives are those the store finds for the query): review screen to first rows, a rare-word
search, a filter change, opening a record; then save_draft, and the session's own peak RSS.
--profile prints where one step's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

# 3: finalised records carry their seal and its hash in the audit trail (version 2's stores fail
# the store's audit verification, so they are seeded again rather than reused).
SEED_VERSION = 3
RARE_WORD = "zebrafinch"
RARE_RECORDS = 3
STEPS = ("first_rows", "search_rare", "filter_change", "open_record")
_BATCH = 5_000

FIRST_NAMES = [
    "Zoë",
    "Siobhán",
    "Łukasz",
    "Nguyễn",
    "Aoife",
    "Bjørn",
    "Mohammed",
    "Olivia",
    "Kacper",
    "Amara",
    "Chidi",
    "Fatima",
    "Oliver",
    "Jack",
    "Lily",
    "Noah",
    "Ava",
    "Muhammad",
    "Ewa",
    "Dắng",
    "Grace",
    "Tomás",
    "Renée",
    "Ångström",
    "Niamh",
    "Oisín",
    "Zainab",
    "Yusuf",
    "Maja",
    "Олена",
    "Дмитро",
    "Mia",
    "Leo",
    "Isla",
    "Freddie",
    "Ruby",
    "Harper",
    "Eliška",
    "Sørina",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Kowalski",
    "Nguyen",
    "O'Brien",
    "Murphy",
    "Ahmed",
    "Khan",
    "Okafor",
    "Walsh",
    "Nowak",
    "Ferreira",
    "Hansen",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Thomas",
    "Ковальчук",
    "Straße",
    "Đặng",
    "Lewandowski",
    "MacLeod",
    "Patel",
    "Begum",
    "Hussain",
]
PRACTITIONERS = [
    f"{first} {last}"
    for first in ("Priya", "Tom", "Amira", "Grace", "Sam", "Helen", "Dev", "Ruth")
    for last in ("Shah", "Ellis", "Khan", "Mensah", "Okafor")
]
VOCABULARY = (  # noqa: SIM905
    "bruise school attendance nursery health visitor neglect hunger housing police referral "
    "early help strategy meeting social worker mother father grandmother stepfather cot arm "
    "cheek burn injury disclosure online older friends lifts gifts phone missing episode "
    "exploitation counselling separation argument shouting smell alcohol drugs anxiety "
    "self-harm college bus clinic midwife perinatal depression GP surgery dentist teeth "
    "clothing weather lunch uniform homework weekend contact court order"
).split()
PREFIXES = ("HV", "SCH", "YW", "GP", "EH", "SW", "SN", "CM")


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    folder = base / "consult-tui-bench"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def cached_paths(records: int) -> tuple[Path, Path]:
    stem = f"review-v{SEED_VERSION}-{records}"
    return cache_dir() / f"{stem}.db", cache_dir() / f"{stem}.key"


# -- seeding ---------------------------------------------------------------------------------------


def _varied(templates: list, number: int, rng: random.Random, rare: set[int]):
    from consult_tui.domain.record import DecisionOutcome, Fact, FactKind, new_id

    record = rng.choice(templates).model_copy(deep=True)
    record.id = new_id()
    created = datetime(2019, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(3_500_000))
    record.created_at = record.updated_at = created
    record.case_reference = f"{rng.choice(PREFIXES)}-{created.year}-{rng.randrange(30_000):05d}"
    record.practitioner.name = rng.choice(PRACTITIONERS)
    child = record.subject()
    if child is not None:
        child.name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
    record.anonymised = rng.random() < 0.08
    for _ in range(rng.randrange(1, 4)):
        words = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randrange(8, 30)))
        record.facts.append(
            Fact(text=words.capitalize() + ".", source="Seen by me", kind=FactKind.FACT)
        )
    record.decision.outcome = rng.choice(list(DecisionOutcome))
    reason = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randrange(10, 40)))
    if number in rare:
        reason += f" {RARE_WORD}"
    record.decision.reason = reason.capitalize() + "."
    record.decision.review_date = None
    if rng.random() < 0.3:
        record.decision.review_date = date.today() + timedelta(days=rng.randrange(-150, 150))
    return record


def seed(path: Path, key: bytes, total: int) -> None:
    from sqlalchemy import insert, select

    from consult_tui.domain.assessment import assess
    from consult_tui.domain.examples import all_examples
    from consult_tui.domain.guidance import default_pack
    from consult_tui.domain.record import Addendum, Status
    from consult_tui.security.signing import ALGORITHM
    from consult_tui.store import audit, engine, search_index
    from consult_tui.store import seal as seals
    from consult_tui.store.audit import Action
    from consult_tui.store.record_rows import addendum_columns as _addendum_columns
    from consult_tui.store.record_rows import content_hash
    from consult_tui.store.record_rows import record_columns as _columns
    from consult_tui.store.repository import RecordStore
    from consult_tui.store.search import index_columns
    from consult_tui.store.tables import addendum, audit_entry, consultation
    from consult_tui.store.tables import seal as seal_table

    rng = random.Random(20250301)
    rare = set(rng.sample(range(total), RARE_RECORDS))
    templates = all_examples()
    pack = default_pack()
    # The assessment reads only the structured answers, which the variations leave alone.
    assessments = {t.id: assess(t, pack).to_dict() for t in templates}
    os_user = audit.current_os_user()
    store = RecordStore.open(path, key, create=True)
    database = store._engine
    seq, previous = 0, audit.GENESIS_HASH

    def entry(action: Action, record_id: str, detail: str, at: datetime) -> dict:
        nonlocal seq, previous
        seq += 1
        stamp = audit.stamp(at)
        digest = audit.entry_hash(seq, stamp, os_user, action.value, record_id, detail, previous)
        row = {
            "seq": seq,
            "at": stamp,
            "os_user": os_user,
            "action": action.value,
            "record_id": record_id,
            "detail": detail,
            "prev_hash": previous,
            "hash": digest,
        }
        previous = digest
        return row

    started = time.perf_counter()
    for start in range(0, total, _BATCH):
        rows, notes, sealed, trail, indexed = [], [], [], [], []
        for number in range(start, min(total, start + _BATCH)):
            template_id = rng.choice(templates).id
            record = _varied(templates, number, rng, rare)
            created = record.created_at
            final = rng.random() < 0.85
            if final:
                record.status = Status.FINALISED
                record.finalised_at = record.updated_at = created + timedelta(hours=2)
                record.assessment_at_finalise = assessments[template_id]
            body = record.model_dump_json()
            digest = content_hash(record)
            values = _columns(record, body, digest)
            trail.append(entry(Action.CREATE, record.id, f"content={digest}", created))
            record_notes: list[Addendum] = []
            if final:
                # As writes.finalise does: an unsigned seal (the store is opened without the
                # key store, as the session below opens it) whose hash the finalisation entry
                # carries, so verification finds every seal vouched for by the trail.
                seal = seals.make_seal(record, None)
                sealed.append(
                    {
                        "record_id": record.id,
                        "algorithm": ALGORITHM,
                        "hash": seal.hash,
                        "signature": seal.signature,
                        "public_key": seal.public_key,
                    }
                )
                trail.append(
                    entry(
                        Action.FINALISE,
                        record.id,
                        f"content={digest} seal={seal.hash}",
                        record.finalised_at,
                    )
                )
                for position in range(rng.choice((0, 0, 0, 1, 2))):
                    note = Addendum(
                        at=record.finalised_at + timedelta(days=position + 1),
                        author=record.practitioner.name,
                        reason="Review held",
                        text=" ".join(rng.choice(VOCABULARY) for _ in range(12)),
                    )
                    record_notes.append(note)
                    notes.append(_addendum_columns(record.id, note, position))
                    trail.append(entry(Action.ADDENDUM, record.id, f"addendum={note.id}", note.at))
            values["addenda_count"] = len(record_notes)
            rows.append(values)
            indexed.append((record.id, index_columns(record, record_notes)))
        with engine.write_transaction(database) as connection:
            connection.execute(insert(consultation), rows)
            if sealed:
                connection.execute(insert(seal_table), sealed)
            if notes:
                connection.execute(insert(addendum), notes)
            connection.execute(insert(audit_entry), trail)
            for record_id, columns in indexed:
                search_index.put_search_entry(connection, record_id, columns)
        done = min(total, start + _BATCH)
        print(f"  seeded {done:,} records ({time.perf_counter() - started:.0f} s)", flush=True)
    with database.connect() as connection:
        last = connection.execute(select(audit_entry.c.seq).order_by(audit_entry.c.seq.desc()))
        assert last.scalar() == seq
    verification = store.verify_audit()
    store.close()
    print(
        f"seeded {total:,} records in {time.perf_counter() - started:.1f} s; audit chain ok: "
        f"{verification.ok} ({verification.checked:,} entries); "
        f"file {path.stat().st_size / 1e6:.0f} MB"
    )
    if not verification.ok:
        # A store the app would call tampered with is not the store being benchmarked.
        raise RuntimeError(f"the seeded store fails audit verification: {verification.problem}")


# -- measuring (in a fresh process) --------------------------------------------------------------


async def _until(condition: Any, timeout: float = 30.0) -> None:
    """Poll every millisecond (a pilot.pause would force a whole repaint of its own)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)


class FrameClock:
    """When the first frame showing something was handed to the terminal.

    The app's ``_display`` is where Textual passes each composed frame to the terminal driver
    (headless here, so it goes no further). Waiting instead for a refresh after the condition
    holds (``call_after_refresh``) counts one more tick of the screen's update timer, 16–30 ms,
    on top of the frame that already showed the answer; the clock avoids that by checking the
    condition as each frame is displayed.
    """

    def __init__(self, app: Any) -> None:
        self._condition: Any = None
        self.at: tuple[float, float] | None = None
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self._condition is not None and self._condition():
                self.at = (time.perf_counter(), time.process_time())
                self._condition = None

        app._display = timed

    async def first_frame_where(self, condition: Any) -> tuple[float, float]:
        """Wall and CPU clocks at the first frame displayed while ``condition()`` is true."""
        self.at, self._condition = None, condition
        await _until(lambda: self.at is not None)
        assert self.at is not None
        return self.at


@dataclass(frozen=True, slots=True)
class Answer:
    """What the review screen must show for a query: its first page's ids, and how many."""

    ids: tuple[str, ...]
    total: int


def _answer(store: Any, query: Any) -> Answer:
    """The store's own answer to ``query``, read directly (untimed) while the app is idle.

    The screen reads its pages in exclusive workers and keeps no count of queries asked, so
    "it shows the answer" is judged by what it shows: the same first page, the same count.
    """
    from consult_tui.ui.screens.review import FIRST_PAGE_ROWS

    rows = store.review_page(query, limit=FIRST_PAGE_ROWS)
    return Answer(tuple(row.id for row in rows), store.review_count(query))


def _shows(screen: object, answer: Answer) -> bool:
    """The review screen's table holds exactly the answer's first page, in its order, and its
    status line gives the answer's count (both are set together when a page is shown)."""
    from textual.widgets import Static

    from consult_tui.ui.screens.review import ReviewScreen
    from consult_tui.ui.widgets.review_table import ReviewTable

    if not isinstance(screen, ReviewScreen) or not screen.is_attached:
        return False
    table = screen.query_one(ReviewTable)
    if table.row_count != len(answer.ids):
        return False
    shown = tuple(row.key.value for row in table.ordered_rows)
    found = str(screen.query_one("#review-found", Static).content)
    return shown == answer.ids and found.startswith(f"{answer.total:,} consultation")


def _profiler() -> Any:
    """A sampling profiler (pyinstrument) for one step of the session, 0.5 ms between samples."""
    from pyinstrument import Profiler

    return Profiler(interval=0.0005, async_mode="disabled")


def peak_rss_mb() -> float:
    """This process's own peak resident memory, in MB.

    Linux's ru_maxrss is not that: a child started by fork and exec inherits its parent's peak,
    so a small review session started from a large benchmark runner reported the runner's
    162 MB. The VmHWM line of /proc/self/status belongs to this process's own memory map, which
    exec replaced, so it counts only what the review session itself held.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: ru_maxrss is the best there is (KB on Linux, bytes on macOS)
        divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / divisor
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("/proc/self/status has no VmHWM line")


async def measure_session(path: Path, key: bytes, runs: int, profile: str | None = None) -> dict:
    from consult_tui.config import load_settings
    from consult_tui.domain.guidance import default_pack
    from consult_tui.domain.record import Consultation
    from consult_tui.store.repository import RecordStore
    from consult_tui.store.search import ReviewDue, ReviewQuery
    from consult_tui.ui.app import ConsultApp
    from consult_tui.ui.screens.record_view import RecordViewScreen
    from consult_tui.ui.screens.review import ReviewScreen
    from consult_tui.ui.widgets.record_reader import RecordReader
    from consult_tui.ui.widgets.review_filters import ReviewFilters
    from consult_tui.ui.widgets.review_table import ReviewTable
    from consult_tui.ui.widgets.search_bar import SearchBar
    from consult_tui.workspace import Workspace

    opened = time.perf_counter()
    store = RecordStore.open(path, key, verify_pages=False)
    open_seconds = time.perf_counter() - opened
    settings = load_settings(path)
    workspace = Workspace(settings=settings, keystore=None, store=store, pack=default_pack())
    figures: dict[str, list[float]] = {step: [] for step in STEPS}
    store_figures: dict[str, list[float]] = {"page": [], "count": [], "search": [], "save": []}
    # Process CPU time as well as wall-clock time: on a machine shared with other work, the CPU
    # figure is what this process itself spent, and does not grow while it waits for a core.
    cpu_figures: dict[str, list[float]] = {name: [] for name in figures}
    app = ConsultApp(settings, demo_workspace=workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        frames = FrameClock(app)

        profiler = _profiler() if profile else None

        def begin(name: str) -> tuple[float, float]:
            if profiler is not None and name == profile:
                profiler.start()
            return time.perf_counter(), time.process_time()

        def record(name: str, started: tuple[float, float], shown: tuple[float, float]) -> None:
            if profiler is not None and name == profile:
                profiler.stop()
            figures[name].append(shown[0] - started[0])
            cpu_figures[name].append(shown[1] - started[1])

        # Each answer is read from the store before its step starts, so none is timed; the
        # records do not change during the session (opening one adds only an audit entry).
        everything = _answer(store, ReviewQuery())
        for _ in range(runs):
            started = begin("first_rows")
            app.action_review()
            record(
                "first_rows",
                started,
                await frames.first_frame_where(lambda: _shows(app.screen, everything)),
            )
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            table = screen.query_one(ReviewTable)

            search = screen.query_one(SearchBar)
            rare = _answer(store, replace(screen.review_query, text=RARE_WORD))
            search.value = RARE_WORD
            started = begin("search_rare")
            search.send_now()
            record(
                "search_rare",
                started,
                await frames.first_frame_where(partial(_shows, screen, rare)),
            )
            found = table.row_count

            search.value = ""
            search.send_now()
            await _until(partial(_shows, screen, everything))
            await pilot.pause(0.1)
            overdue = _answer(store, replace(screen.review_query, review=ReviewDue.OVERDUE))
            started = begin("filter_change")
            screen.query_one(ReviewFilters).set_review(ReviewDue.OVERDUE)
            record(
                "filter_change",
                started,
                await frames.first_frame_where(partial(_shows, screen, overdue)),
            )

            table.move_cursor(row=min(5, table.row_count - 1))
            await pilot.pause(0.1)
            wanted = table.selected_id()
            started = begin("open_record")
            screen.action_open_selected()
            record(
                "open_record",
                started,
                await frames.first_frame_where(
                    lambda wanted=wanted: (
                        isinstance(app.screen, RecordViewScreen)
                        and app.screen.record.id == wanted
                        and app.screen.query_one(RecordReader).line_count > 0
                    )
                ),
            )
            app.pop_screen()
            await pilot.pause(0.3)
            app.pop_screen()
            await pilot.pause(0.3)

        for _ in range(runs * 3):
            started = time.perf_counter()
            store.review_page(ReviewQuery(), limit=200)
            store_figures["page"].append(time.perf_counter() - started)
            started = time.perf_counter()
            store.review_count(ReviewQuery())
            store_figures["count"].append(time.perf_counter() - started)
            started = time.perf_counter()
            store.review_page(ReviewQuery(text=RARE_WORD), limit=200)
            store_figures["search"].append(time.perf_counter() - started)

    # A draft being typed at 100,000 records: one field changes between saves.
    draft = Consultation(id="benchdraft0001", case_reference="BENCH-1")
    for number in range(60):
        draft.decision.reason = f"Reason being typed, revision {number} {time.time()}"
        started = time.perf_counter()
        store.save_draft(draft)
        store_figures["save"].append(time.perf_counter() - started)
    records = store.count()
    store.close()
    if profiler is not None:
        print(profiler.output_text(color=False, unicode=True, show_all=True), file=sys.stderr)
    rss_mb = peak_rss_mb()

    def ms(samples: list[float]) -> float:
        return round(statistics.median(samples) * 1000, 1)

    # The review screen is built once per session and reused: its first opening is reported
    # on its own, and the medians are of the openings after it.
    cold = {"first_rows_cold_ms": ms(figures["first_rows"][:1])}
    cold["first_rows_cold_cpu_ms"] = ms(cpu_figures["first_rows"][:1])
    figures["first_rows"] = figures["first_rows"][1:]
    cpu_figures["first_rows"] = cpu_figures["first_rows"][1:]
    return {
        **cold,
        "records": records,
        "rare_word_found": found,
        "store_open_s_untimed": round(open_seconds, 2),
        **{f"{name}_ms": ms(samples) for name, samples in figures.items()},
        **{f"{name}_cpu_ms": ms(samples) for name, samples in cpu_figures.items()},
        **{f"store_{name}_ms": ms(samples) for name, samples in store_figures.items()},
        "save_draft_p95_ms": round(statistics.quantiles(store_figures["save"], n=20)[-1] * 1000, 1),
        "peak_rss_mb": round(rss_mb, 1),
    }


def prepare(records: int, *, reseed: bool = False) -> tuple[Path, Path]:
    """The seeded store and its key file, seeding (slowly, once) only when not cached."""
    db, key_file = cached_paths(records)
    if reseed or not (db.exists() and key_file.exists()):
        for leftover in (db, key_file, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        key = secrets.token_bytes(32)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        print(f"seeding {records:,} consultations into {db}", file=sys.stderr)
        try:
            seed(db, key, records)
        except BaseException:
            # Not cached: a half-seeded or unverifiable store would be measured from then on.
            for leftover in (db, key_file, Path(f"{db}-wal"), Path(f"{db}-shm")):
                leftover.unlink(missing_ok=True)
            raise
    return db, key_file


def measure(
    records: int = 100_000, runs: int = 7, *, reseed: bool = False, profile: str | None = None
) -> dict:
    """Seed if needed, then measure a review session in a fresh process (for an honest RSS)."""
    db, key_file = prepare(records, reseed=reseed)
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--runs",
            str(runs),
            *(["--profile", profile] if profile else []),
            "--measure",
            str(db),
            str(key_file),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reseed", action="store_true", help="seed again even if cached")
    parser.add_argument(
        "--profile",
        choices=STEPS,
        help="print a pyinstrument profile of this step (all runs together) to stderr",
    )
    parser.add_argument("--measure", nargs=2, metavar=("DB", "KEYFILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        db, key_file = (Path(p) for p in args.measure)
        result = asyncio.run(
            measure_session(db, key_file.read_bytes(), args.runs, profile=args.profile)
        )
        print(json.dumps(result))
        return

    result = measure(args.records, args.runs, reseed=args.reseed, profile=args.profile)
    labels = {
        "first_rows_cold_ms": "review screen, first opening after unlock (builds it)",
        "first_rows_ms": "review screen open to first rows (target < 100 ms)",
        "search_rare_ms": f"search for a rare word '{RARE_WORD}' (target < 50 ms)",
        "filter_change_ms": "filter change to 'review overdue'",
        "open_record_ms": "open one record (target < 50 ms)",
        "store_page_ms": "store: one page of 200 rows",
        "store_count_ms": "store: count all records",
        "store_search_ms": "store: rare-word search",
        "save_draft_p95_ms": "save_draft p95 (target < 10 ms)",
        "peak_rss_mb": "peak RSS of the review session, MB (target < 150)",
        "store_open_s_untimed": "opening the store, s (not in the figures above)",
    }
    print(f"{result['records']:,} records; rare word found in {result['rare_word_found']}")
    for name, label in labels.items():
        cpu = result.get(name.replace("_ms", "_cpu_ms"))
        cpu_text = f"   (CPU {cpu} ms)" if cpu is not None and name.endswith("_ms") else ""
        print(f"  {label:<62} {result[name]}{cpu_text}")
    print(f"  load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
