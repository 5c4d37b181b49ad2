"""Persistence: the SQLCipher engine, migrations, the record store and its jobs, the audit chain.

Importing this package is cheap: RecordStore and friends are loaded on first use, because they
pull in SQLAlchemy and SQLModel, which the unlock screen must not wait for.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "RecordStore": "repository",
    "RecordSummary": "record_rows",
    "AuditEntry": "audit",
    "AuditVerification": "audit",
    "ImportResult": "transfer",
    "export_records": "transfer",
    "import_records": "transfer",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
