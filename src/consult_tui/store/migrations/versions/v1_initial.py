"""The first record store: consultations (whole record as JSON), addenda and the audit chain.

Revision ID: v1
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from consult_tui.store.migrations.helpers import text_columns

revision: str = "v1"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "consultation",
        *text_columns("id", "case_reference", "child_label", "practitioner", "status", "decision"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        *text_columns("body_hash"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultation") as batch:
        batch.create_index(batch.f("ix_consultation_case_reference"), ["case_reference"])
        batch.create_index(batch.f("ix_consultation_status"), ["status"])
        batch.create_index(batch.f("ix_consultation_updated_at"), ["updated_at"])

    op.create_table(
        "addendum",
        *text_columns("consultation_id", "id"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *text_columns("author"),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("consultation_id", "id"),
    )

    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        *text_columns("at", "os_user", "action"),
        *text_columns("record_id", nullable=True),
        *text_columns("detail", "prev_hash", "hash"),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.create_index(batch.f("ix_audit_entry_record_id"), ["record_id"])


def downgrade() -> None:
    op.drop_table("audit_entry")
    op.drop_table("addendum")
    op.drop_table("consultation")
