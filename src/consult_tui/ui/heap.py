"""Keep the objects that live as long as the app out of the garbage collector's full passes.

After unlocking, about 250,000 objects (Textual, SQLAlchemy, pydantic models, the guidance
pack) stay for the whole session. Typing makes short-lived objects quickly enough that Python
runs a full collection every second or two, and each one walked all of those: 64-100 ms with
the event loop stopped, the only stalls over 20 ms left while typing
(benchmarks/stalled_store.py). Frozen, they are skipped; the collection of what typing makes
goes on as before. Freezing is cheap (no collection is run for it) and is undone when the app
ends, so nothing frozen outlives the app that froze it.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Move every object alive now out of the collector's way (once, after unlocking)."""
    gc.freeze()


def release() -> None:
    """Give the frozen objects back to the collector (the app is ending)."""
    gc.unfreeze()
