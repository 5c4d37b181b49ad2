"""Addenda that set a review date or give a person's age after a record is finalised.

The addendum table gets a ``corrections`` column (JSON; "" for the addenda already stored, which
carry none). A plain ADD COLUMN keeps the table, so its guard triggers stay in place.

Revision ID: v5
Revises: v4
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "v5"
down_revision: str | None = "v4"


def upgrade() -> None:
    op.add_column(
        "addendum", sa.Column("corrections", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("addendum", "corrections")
