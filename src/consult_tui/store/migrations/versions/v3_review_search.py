"""Reviewing past consultations: an index per sortable column, and full-text search.

The review screen sorts 100,000 records by any of its columns and shows one page, so each column
gets an index (column, date, id) that a sorted page can walk and stop (and so does the
"anonymised" filter); the single-column indexes
on case reference and review date are folded into these. On SQLite, an FTS5 index of each
record's folded text (case reference, names, facts, reasons, addenda) is made and filled from
the records already stored, so an upgraded store finds its old records straight away.

Revision ID: v3
Revises: v2
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from consult_tui.store.migrations.helpers import keyset_pages, on_sqlite, table_as_it_stood
from consult_tui.store.search_index import (
    SQLITE_SEARCH_DROPS_V3,
    SQLITE_SEARCH_V3,
    put_search_entry,
)

revision: str = "v3"
down_revision: str | None = "v2"

# Frozen here, not read from tables.REVIEW_SORT_COLUMNS: a column the review screen sorts by
# later gets its index from a later revision, and v3 keeps building what it built.
_SORTED_BY = (
    "case_reference",
    "practitioner",
    "child_label",
    "decision",
    "status",
    "review_date",
    "anonymised",
)

# The tables as they stand at this revision (never the app's current models).
_consultation = table_as_it_stood("consultation", id=sa.String(), body=sa.Text())
_addendum = table_as_it_stood(
    "addendum",
    consultation_id=sa.String(),
    id=sa.String(),
    position=sa.Integer(),
    at=sa.DateTime(),
    author=sa.String(),
    reason=sa.Text(),
    text=sa.Text(),
)


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.drop_index(batch.f("ix_consultation_case_reference"))
        batch.drop_index(batch.f("ix_consultation_review_date"))
        batch.create_index("ix_consultation_created_at_id", ["created_at", "id"])
        for name in _SORTED_BY:
            batch.create_index(f"ix_consultation_{name}_created_at_id", [name, "created_at", "id"])
    bind = op.get_bind()
    on_sqlite(SQLITE_SEARCH_V3)
    if bind.dialect.name == "sqlite":
        _index_existing(bind)


def _index_existing(bind: sa.Connection) -> None:
    # Imported here: the folding is the app's, and only an upgrade that indexes needs it.
    from consult_tui.domain.record import Addendum, Consultation
    from consult_tui.store.search import index_columns

    for rows in keyset_pages(bind, _consultation.c.id, _consultation.c.body):
        notes: dict[str, list[Addendum]] = {}
        for note in bind.execute(
            sa.select(_addendum).where(_addendum.c.consultation_id.in_([r[0] for r in rows]))
        ):
            notes.setdefault(note.consultation_id, []).append(
                Addendum(id=note.id, author=note.author, reason=note.reason, text=note.text)
            )
        for record_id, body in rows:
            try:
                record = Consultation.model_validate_json(body)
            except ValueError:
                # A body this version cannot read is still listed; it is found by its columns.
                continue
            put_search_entry(bind, record_id, index_columns(record, notes.get(record_id, ())))


def downgrade() -> None:
    on_sqlite(SQLITE_SEARCH_DROPS_V3)
    with op.batch_alter_table("consultation") as batch:
        for name in _SORTED_BY:
            batch.drop_index(f"ix_consultation_{name}_created_at_id")
        batch.drop_index("ix_consultation_created_at_id")
        batch.create_index(batch.f("ix_consultation_case_reference"), ["case_reference"])
        batch.create_index(batch.f("ix_consultation_review_date"), ["review_date"])
