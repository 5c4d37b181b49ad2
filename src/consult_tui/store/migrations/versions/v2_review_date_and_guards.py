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
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from consult_tui.store.engine import SQLITE_GUARD_DROPS_V2, SQLITE_GUARDS_V2

revision: str = "v2"
down_revision: str | None = "v1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500

# The tables as they stand at this revision (never the app's current models).
_consultation = sa.table(
    "consultation",
    sa.column("id", sa.String()),
    sa.column("body", sa.Text()),
    sa.column("review_date", sa.Date()),
    sa.column("addenda_count", sa.Integer()),
)
_addendum = sa.table(
    "addendum",
    sa.column("consultation_id", sa.String()),
    sa.column("id", sa.String()),
    sa.column("at", sa.DateTime()),
    sa.column("position", sa.Integer()),
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
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_GUARDS_V2:
            op.execute(statement)


def _fill_review_dates(bind: sa.Connection) -> None:
    # Keyset pages keep memory flat however many records there are.
    after = ""
    while True:
        rows = bind.execute(
            sa.select(_consultation.c.id, _consultation.c.body)
            .where(_consultation.c.id > after)
            .order_by(_consultation.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for record_id, body in rows:
            review = _review_date(body)
            if review is not None:
                bind.execute(
                    sa.update(_consultation)
                    .where(_consultation.c.id == record_id)
                    .values(review_date=review)
                )
        after = rows[-1][0]


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
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_GUARD_DROPS_V2:
            op.execute(statement)
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
