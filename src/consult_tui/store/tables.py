"""The store's tables: each record whole as JSON, plus the columns a list screen filters on.

The body column is the record of truth; the other consultation columns are copies taken at each
save so that listing 100,000 records never decrypts and parses a single body. The tables mirror
the head migration (a test compares them), so change both together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Dialect, Index, Text, TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC instant that comes back timezone-aware whichever database stored it.

    SQLite keeps no offset, so values are stored as naive UTC there; PostgreSQL keeps the offset.
    A naive value handed in (an old import) is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        instant = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return instant.replace(tzinfo=None) if dialect.name == "sqlite" else instant

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Columns the review screen sorts or filters by, each indexed with the date and id after it
# (migration v3).
REVIEW_SORT_COLUMNS = (
    "case_reference",
    "practitioner",
    "child_label",
    "decision",
    "status",
    "review_date",
    "anonymised",
)


class ConsultationRow(SQLModel, table=True):
    __tablename__ = "consultation"
    # The list reads newest-updated first (id breaks ties), optionally for one status; these let
    # it walk an index and stop after one page instead of sorting the whole table.
    __table_args__ = (
        Index("ix_consultation_updated_at_id", "updated_at", "id"),
        Index("ix_consultation_status_updated_at_id", "status", "updated_at", "id"),
        # The review screen sorts by any of its columns, then date, then id (migration v3):
        # one index per column lets a sorted, filtered page stop after its rows.
        Index("ix_consultation_created_at_id", "created_at", "id"),
        *(
            Index(f"ix_consultation_{name}_created_at_id", name, "created_at", "id")
            for name in REVIEW_SORT_COLUMNS
        ),
    )

    id: str = Field(primary_key=True)
    case_reference: str = ""
    child_label: str = ""
    practitioner: str = ""
    status: str
    decision: str = ""
    review_date: date | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    finalised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    anonymised: bool = False
    addenda_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    body: str = Field(sa_type=Text)
    body_hash: str
    # A finalised record imported with --unverified: its seal proved nothing (migration v4).
    # Only the database supplies its default, so writers that predate it need not name it.
    unverified: bool = Field(
        default=False,
        sa_column=Column("unverified", Boolean, nullable=False, server_default="0"),
    )


class AddendumRow(SQLModel, table=True):
    """A later note on a finalised record: rows are only ever added."""

    __tablename__ = "addendum"

    consultation_id: str = Field(primary_key=True, foreign_key="consultation.id")
    id: str = Field(primary_key=True)
    # Order of writing: two addenda made in the same second must still read back in order.
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    at: datetime = Field(sa_type=UTCDateTime)
    author: str = ""
    reason: str = Field(default="", sa_type=Text)
    text: str = Field(default="", sa_type=Text)
    # A review date or ages given by the addendum, as JSON; "" when it carries none.
    # Only the database's default: a plain insert written for an older schema (no such column)
    # must not name it.
    corrections: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AuditEntryRow(SQLModel, table=True):
    """One link of the audit hash chain. ``at`` is text so the hash never depends on a driver."""

    __tablename__ = "audit_entry"

    # Assigned by the store inside the write transaction, because the hash covers it.
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str
    os_user: str
    action: str
    record_id: str | None = Field(default=None, index=True)
    detail: str = ""
    prev_hash: str
    hash: str


class SealRow(SQLModel, table=True):
    """The seal of a finalised record (store/seal.py): written once; only a missing signature
    may be filled in later (migration v4's guards)."""

    __tablename__ = "seal"

    record_id: str = Field(primary_key=True, foreign_key="consultation.id")
    algorithm: str
    hash: str
    signature: str | None = None
    public_key: str | None = None


metadata = SQLModel.metadata
consultation = ConsultationRow.__table__
addendum = AddendumRow.__table__
audit_entry = AuditEntryRow.__table__
seal = SealRow.__table__
