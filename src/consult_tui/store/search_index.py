"""The full-text index inside the encrypted file (SQLite FTS5), made by migration v3.

The index holds folded text only (see search.py), keyed by a rowid derived from the record id:
the consultation table's own rowid may be renumbered by VACUUM, a hash of the id never is.
Contentless with stored UNINDEXED columns: the text is not kept twice, yet each entry knows its
record id, and an entry is replaced when its record is saved again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .engine import is_sqlite

if TYPE_CHECKING:
    from sqlalchemy import Connection

SEARCH_TABLE = "consultation_search"
# The tables FTS5 makes beside the index; schema comparisons leave them out.
SEARCH_TABLE_NAMES = tuple(
    f"{SEARCH_TABLE}{suffix}" for suffix in ("", "_data", "_idx", "_content", "_docsize", "_config")
)
# Frozen with migration v3, like the v2 guards in engine.py.
SQLITE_SEARCH_V3 = (
    f"""
    CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(
        consultation_id UNINDEXED,
        case_reference, people, professionals, narrative, addenda,
        content='', contentless_delete=1, contentless_unindexed=1,
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )
    """,
)
SQLITE_SEARCH_DROPS_V3 = (f"DROP TABLE IF EXISTS {SEARCH_TABLE}",)
_SEARCH_COLUMNS = ("case_reference", "people", "professionals", "narrative", "addenda")
# Two ids whose hashes meet take the next free rowid within this many.
_SEARCH_PROBES = 8


def search_rowid(record_id: str) -> int:
    digest = hashlib.sha256(record_id.encode("utf-8")).digest()
    # 62 bits: positive, and room above for the probes.
    return int.from_bytes(digest[:8], "big") >> 2


def has_search(connection: Connection) -> bool:
    """Whether this database keeps the full-text index (SQLite stores at revision v3 or later)."""
    return is_sqlite(connection)


def put_search_entry(connection: Connection, record_id: str, columns: dict[str, str]) -> None:
    """Index a record's folded text, replacing what it was indexed under before."""
    if not has_search(connection):
        return
    slot = _search_slot(connection, record_id)
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?", (slot,))
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE} (rowid, consultation_id, {', '.join(_SEARCH_COLUMNS)}) "
        f"VALUES (?, ?, {', '.join('?' for _ in _SEARCH_COLUMNS)})",
        (slot, record_id, *(columns.get(name, "") for name in _SEARCH_COLUMNS)),
    )


def _search_slot(connection: Connection, record_id: str) -> int:
    """The rowid this record is indexed under: its own if it has one, else the first free one."""
    base = search_rowid(record_id)
    taken = dict(
        connection.exec_driver_sql(
            f"SELECT rowid, consultation_id FROM {SEARCH_TABLE} WHERE rowid >= ? AND rowid < ?",
            (base, base + _SEARCH_PROBES),
        ).all()
    )
    for slot, owner in taken.items():
        if owner == record_id:
            return int(slot)
    for slot in range(base, base + _SEARCH_PROBES):
        if slot not in taken:
            return slot
    raise RuntimeError("the search index has no free slot for this record")


def search_expression(
    terms: list[tuple[tuple[str, ...], bool]], *, column: str | None = None
) -> str:
    """An FTS5 query in which every term must match; each term is (folded tokens, prefix).

    Tokens come from search.words, so they hold only letters and digits and need no escaping
    inside the double quotes.
    """
    phrases = []
    for tokens, prefix in terms:
        phrase = '"' + " ".join(tokens) + '"' + (" *" if prefix else "")
        phrases.append(phrase)
    expression = " AND ".join(phrases)
    if column is not None:
        if column not in _SEARCH_COLUMNS:
            raise ValueError("not a column of the search index")
        expression = f"{column} : ({expression})"
    return expression


# Up to this many matches, a search drives the query from its matches (a lookup each by id);
# beyond it, the query walks the sort order's index and keeps the rows that match, stopping
# after one page: a word found in most records must not cost a lookup per record.
_FEW_MATCHES = 300


def search_count(connection: Connection, expression: str) -> int:
    """How many records match, read from the index alone."""
    row = connection.exec_driver_sql(
        f"SELECT count(*) FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ?", (expression,)
    ).first()
    return int(row[0]) if row else 0


def search_condition(connection: Connection, id_column: Any, expression: str) -> Any:
    """``id IN (matches)``, written so that SQLite picks the cheaper way round for this search."""
    from sqlalchemy import literal_column

    if search_count(connection, expression) <= _FEW_MATCHES:
        return id_column.in_(search_matches(expression))
    # A unary + keeps SQLite from looking each match up by id: it walks the ORDER BY index.
    unindexed = literal_column(f"+{id_column.table.name}.{id_column.name}")
    return unindexed.in_(search_matches(expression))


def search_matches(expression: str) -> Any:
    """The ids of records matching an FTS5 expression, as a subquery for ``id IN (...)``."""
    from sqlalchemy import String, text

    return (
        text(f"SELECT consultation_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :expression")
        .bindparams(expression=expression)
        .columns(consultation_id=String)
    )
