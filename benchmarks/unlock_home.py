"""Unlock to the home screen with a large store, and the Argon2 unlock reported apart.

From the moment the database key is in hand (the key store's Argon2 is measured separately, on
its own encrypted key file) to the home screen painted with its rows: open the store, load the
guidance pack, build the list and paint it — headless at 80x24, on the seeded store that
benchmarks/review.py caches.

    uv run python benchmarks/unlock_home.py [--records 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import review


async def _one_unlock(db: Path, key: bytes) -> float:
    """Time from key in hand to the home screen's rows painted, inside an app already running.

    The app is up before timing starts (its unlock screen stands in for the real one), as it is
    when a practitioner presses Enter on their passphrase.
    """
    from textual.screen import Screen
    from textual.widgets import DataTable

    from consult_tui.config import load_settings
    from consult_tui.domain.guidance import load_pack
    from consult_tui.store.repository import RecordStore
    from consult_tui.ui.app import ConsultApp
    from consult_tui.ui.screens.home import HomeScreen
    from consult_tui.workspace import Workspace

    class AlreadyRunning(ConsultApp):
        def on_mount(self) -> None:
            self.push_screen(Screen())

    settings = load_settings(db)
    app = AlreadyRunning(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter()

        def open_workspace() -> Workspace:
            store = RecordStore.open(db, key, verify_pages=False)
            return Workspace(settings=settings, keystore=None, store=store, pack=load_pack(None))

        # As in the app: the store opens in a worker thread, then the home screen is shown.
        app.workspace = await asyncio.to_thread(open_workspace)
        app.call_next(app._show_home)  # on the app's own task, as the worker's handler is
        while not (
            isinstance(app.screen, HomeScreen)
            and app.screen.query_one("#home-table", DataTable).row_count > 0
        ):
            await asyncio.sleep(0.002)
        await pilot.pause()
        elapsed = time.perf_counter() - started
        app.workspace.close()
    return elapsed


def argon2_unlock() -> tuple[float, int]:
    """The key store's own cost, as the app pays it: unlock the key file and read a database's
    key (open_workspace's way: the key's own decryption proves the passphrase).

    Returns the seconds taken and how many Argon2 derivations were made (budget: one).
    """
    import os

    import argon2.low_level

    from consult_tui.paths import app_paths
    from consult_tui.security.keys import select_keystore

    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = home
        passphrase = "lantern orchard quietly river"
        database = Path(home) / "x.db"
        first = select_keystore("cryptfile", paths=app_paths())
        first.unlock(passphrase)
        first.database_key(database, create=True)
        second = select_keystore("cryptfile", paths=app_paths(), database=database)
        real = argon2.low_level.hash_secret_raw
        derivations = 0

        def counted(*args: object, **kwargs: object) -> bytes:
            nonlocal derivations
            derivations += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        argon2.low_level.hash_secret_raw = counted  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            second.unlock(passphrase, database=database)
            second.database_key(database, create=False)
            elapsed = time.perf_counter() - started
        finally:
            argon2.low_level.hash_secret_raw = real
        return elapsed, derivations


def measure(records: int = 100_000, runs: int = 7) -> dict[str, float]:
    db, key_file = review.prepare(records)
    key = key_file.read_bytes()
    asyncio.run(_one_unlock(db, key))  # warm the file cache, as any second unlock would be
    samples = [asyncio.run(_one_unlock(db, key)) for _ in range(runs)]
    unlock_seconds, derivations = argon2_unlock()
    return {
        "records": records,
        "unlock_to_home_ms": statistics.median(samples) * 1000,
        "argon2_unlock_ms": unlock_seconds * 1000,
        "argon2_derivations": derivations,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.records, args.runs)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"{args.records:,} records")
    print(
        f"key in hand to home screen painted: median {figures['unlock_to_home_ms']:.0f} ms "
        "(budget < 300 ms)"
    )
    print(
        f"key store unlock + key read, apart: {figures['argon2_unlock_ms']:.0f} ms "
        f"({figures['argon2_derivations']} Argon2 derivation(s); budget 1)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
