"""Writing records that transfer.import_records has already validated as a whole document.

Checking happens in transfer.py before anything is written; here the prepared rows go in, in one
transaction, each with its seal and an import entry in the audit trail, and are indexed for search.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from . import audit, engine
from . import seal as seals
from .audit import Action
from .handle import StoreHandle
from .tables import addendum as addendum_table
from .tables import consultation
from .writes import reindex

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters

ImportedRows = list[tuple[dict[str, Any], list[dict[str, Any]]]]


def existing_ids(handle: StoreHandle, record_ids: list[str]) -> set[str]:
    """Which of these ids the store already holds (an import never overwrites a record)."""
    found: set[str] = set()
    with handle.reading() as connection:
        for start in range(0, len(record_ids), _CHUNK):
            chunk = record_ids[start : start + _CHUNK]
            found.update(
                connection.execute(
                    select(consultation.c.id).where(consultation.c.id.in_(chunk))
                ).scalars()
            )
    return found


def insert_imported(
    handle: StoreHandle, rows: ImportedRows, sealed: dict[str, seals.SealValues]
) -> None:
    """Write prepared (record columns, addendum columns) pairs in one transaction, with the
    seal of each finalised record (its "unverified" column says whether the seal proved it)."""
    with handle.working():
        now = datetime.now(UTC)
        with engine.write_transaction(handle.engine) as connection:
            for record_values, addendum_values in rows:
                record_values = {**record_values, "addenda_count": len(addendum_values)}
                record_id = record_values["id"]
                connection.execute(insert(consultation).values(record_values))
                if addendum_values:
                    connection.execute(insert(addendum_table), addendum_values)
                seal_values = sealed.get(record_id)
                seal_detail = ""
                if seal_values is not None:
                    seals.insert_seal(connection, record_id, seal_values)
                    verified = "no" if record_values.get("unverified") else "yes"
                    seal_detail = f" seal={seal_values.hash} verified={verified}"
                audit.append(
                    connection,
                    Action.IMPORT,
                    record_id,
                    f"content={record_values['body_hash']}{seal_detail} "
                    f"status={record_values['status']}",
                    at=now,
                )
                reindex(connection, record_id)
