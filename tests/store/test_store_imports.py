"""The unlock screen may import the store's errors before the first paint: that must stay cheap."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    probe = f"{statement}; import sys; print('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(output.split())


def test_store_errors_load_without_the_database_libraries() -> None:
    loaded = _modules_after("import consult_tui.store, consult_tui.store.errors")
    assert not {"sqlalchemy", "sqlmodel", "sqlcipher3", "alembic"} & loaded


def test_the_store_package_hands_out_its_classes_on_first_use() -> None:
    loaded = _modules_after("from consult_tui.store import RecordStore, import_records")
    assert "sqlmodel" in loaded
    assert "alembic" not in loaded, "alembic loads only when an upgrade runs"
