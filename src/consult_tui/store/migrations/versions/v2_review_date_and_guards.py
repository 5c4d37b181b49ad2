"""List columns and indexes, addenda in order, and database guards on finalised records.

The list screen sorts "reviews due" by date and shows how many addenda a finalised record has,
without opening any record, so both become columns, filled in here from the existing records.
The list's indexes now cover its whole order (updated_at, then id, optionally after status), so
a page of 200 out of 100,000 records is read from the index instead of sorting the table.
Addenda get a position, because two written in the same second must still read back in order.
On SQLite, triggers now refuse any change to a finalised record's body and any edit or removal
of addenda and audit entries, whatever program holds the key.

Revision ID: v2
Revises: v1
Create Date: 2025-01-02
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

from consult_tui.store.engine import SQLITE_GUARD_DROPS_V2, SQLITE_GUARDS_V2
from consult_tui.store.migrations.helpers import keyset_pages, on_sqlite, table_as_it_stood

revision: str = "v2"
down_revision: str | None = "v1"

# The tables as they stand at this revision (never the app's current models).
_consultation = table_as_it_stood(
    "consultation",
    id=sa.String(),
    body=sa.Text(),
    review_date=sa.Date(),
    addenda_count=sa.Integer(),
)
_addendum = table_as_it_stood(
    "addendum", consultation_id=sa.String(), id=sa.String(), at=sa.DateTime(), position=sa.Integer()
)


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(sa.Column("review_date", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("addenda_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.create_index(batch.f("ix_consultation_review_date"), ["review_date"])
        batch.drop_index(batch.f("ix_consultation_updated_at"))
        batch.drop_index(batch.f("ix_consultation_status"))
        batch.create_index("ix_consultation_updated_at_id", ["updated_at", "id"])
        batch.create_index("ix_consultation_status_updated_at_id", ["status", "updated_at", "id"])
    with op.batch_alter_table("addendum") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))

    bind = op.get_bind()
    _fill_review_dates(bind)
    _number_addenda(bind)
    bind.execute(
        sa.update(_consultation).values(
            addenda_count=sa.select(sa.func.count())
            .select_from(_addendum)
            .where(_addendum.c.consultation_id == _consultation.c.id)
            .scalar_subquery()
        )
    )
    on_sqlite(SQLITE_GUARDS_V2)


def _fill_review_dates(bind: sa.Connection) -> None:
    for rows in keyset_pages(bind, _consultation.c.id, _consultation.c.body):
        for record_id, body in rows:
            review = _review_date(body)
            if review is not None:
                bind.execute(
                    sa.update(_consultation)
                    .where(_consultation.c.id == record_id)
                    .values(review_date=review)
                )


def _number_addenda(bind: sa.Connection) -> None:
    # Before this revision addenda were read back by time, then id: keep that order.
    rows = bind.execute(
        sa.select(_addendum.c.consultation_id, _addendum.c.id).order_by(
            _addendum.c.consultation_id, _addendum.c.at, _addendum.c.id
        )
    ).all()
    position, previous = 0, None
    for consultation_id, addendum_id in rows:
        position = position + 1 if consultation_id == previous else 0
        previous = consultation_id
        bind.execute(
            sa.update(_addendum)
            .where(_addendum.c.consultation_id == consultation_id, _addendum.c.id == addendum_id)
            .values(position=position)
        )


def _review_date(body: str) -> date | None:
    try:
        value = json.loads(body)["decision"]["review_date"]
        return date.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, KeyError, TypeError):
        return None


def downgrade() -> None:
    on_sqlite(SQLITE_GUARD_DROPS_V2)
    with op.batch_alter_table("addendum") as batch:
        batch.drop_column("position")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_index("ix_consultation_status_updated_at_id")
        batch.drop_index("ix_consultation_updated_at_id")
        batch.create_index(batch.f("ix_consultation_status"), ["status"])
        batch.create_index(batch.f("ix_consultation_updated_at"), ["updated_at"])
        batch.drop_index(batch.f("ix_consultation_review_date"))
        batch.drop_column("addenda_count")
        batch.drop_column("review_date")
