"""Steps the record-store migrations share: tables as they stood, keyset pages, SQLite-only SQL.

A released migration must build the same database forever, so these helpers only name steps the
migrations already took in the same way; they never read the app's current models (tables.py),
which move on. Change one only if every migration that calls it would still build what it built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

BATCH = 500  # rows per keyset page: memory stays flat however many records there are


def table_as_it_stood(name: str, **columns: sa.types.TypeEngine[Any]) -> sa.TableClause:
    """A lightweight table naming only the columns a migration reads or writes, typed as then."""
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns.items()))


def text_columns(*names: str, nullable: bool = False) -> list[sa.Column[Any]]:
    """Short text columns of the kind SQLModel makes for ``str`` fields, alike in nullability."""
    return [
        sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=nullable) for name in names
    ]


def keyset_pages(
    bind: sa.Connection, key: sa.ColumnClause[Any], *read: Any, where: Iterable[Any] = ()
) -> Iterator[Sequence[sa.Row[Any]]]:
    """Rows (key, *read) in key order, a page at a time; each page is read before it is handed
    over, so the caller may update the rows it was given."""
    conditions = list(where)
    after = ""
    while True:
        rows = bind.execute(
            sa.select(key, *read).where(*conditions, key > after).order_by(key).limit(BATCH)
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def on_sqlite(statements: Iterable[str]) -> None:
    """Run these only on SQLite: the guards and the search index are its own."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in statements:
            op.execute(statement)
