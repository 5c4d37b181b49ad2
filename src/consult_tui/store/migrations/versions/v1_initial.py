"""The first record store: consultations (whole record as JSON), addenda and the audit chain.

Revision ID: v1
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "v1"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "consultation",
        sa.Column("id", text(), nullable=False),
        sa.Column("case_reference", text(), nullable=False),
        sa.Column("child_label", text(), nullable=False),
        sa.Column("practitioner", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("decision", text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_hash", text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultation") as batch:
        batch.create_index(batch.f("ix_consultation_case_reference"), ["case_reference"])
        batch.create_index(batch.f("ix_consultation_status"), ["status"])
        batch.create_index(batch.f("ix_consultation_updated_at"), ["updated_at"])

    op.create_table(
        "addendum",
        sa.Column("consultation_id", text(), nullable=False),
        sa.Column("id", text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("consultation_id", "id"),
    )

    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", text(), nullable=False),
        sa.Column("os_user", text(), nullable=False),
        sa.Column("action", text(), nullable=False),
        sa.Column("record_id", text(), nullable=True),
        sa.Column("detail", text(), nullable=False),
        sa.Column("prev_hash", text(), nullable=False),
        sa.Column("hash", text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.create_index(batch.f("ix_audit_entry_record_id"), ["record_id"])


def downgrade() -> None:
    op.drop_table("audit_entry")
    op.drop_table("addendum")
    op.drop_table("consultation")
