"""Schema revisions: which one a store is at, and upgrading it with Alembic configured in code.

Alembic is imported only when an upgrade actually runs, so opening an up-to-date store costs
nothing extra; HEAD_REVISION is kept in step with the migrations folder by a test.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .engine import GUARD_NAMES_V2
from .search_index import SEARCH_TABLE_NAMES

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

# Oldest first. A store at a revision not listed here was written by a newer consult-tui.
REVISIONS = ("v1", "v2", "v3", "v4", "v5")
HEAD_REVISION = REVISIONS[-1]
# The guard triggers each revision leaves in a SQLite database (checked by integrity_check).
GUARDS_AT = {
    "v1": (),
    "v2": GUARD_NAMES_V2,
    "v3": GUARD_NAMES_V2,
    # The seal guards (store/seal.py SEAL_GUARD_NAMES), spelt out to keep this import light.
    "v4": (
        *GUARD_NAMES_V2,
        "seal_not_changed",
        "seal_not_deleted",
        "consultation_finalised_verification_kept",
    ),
}
# v5 adds a column to the addendum table; the table and its guards stay as they were.
GUARDS_AT["v5"] = GUARDS_AT["v4"]


def migrations_folder() -> Path:
    return Path(__file__).with_name("migrations")


def alembic_config(connection: Connection) -> Config:
    """An Alembic config built in code: the open connection travels in attributes, not an ini."""
    from alembic.config import Config

    config = Config()
    # configparser treats % as interpolation, and an install path may contain one.
    config.set_main_option("script_location", str(migrations_folder()).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade inside the caller's transaction, so a failure leaves the schema untouched."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Alembic's include_name hook: the full-text index is SQLite's own, not one of our tables.

    Schema comparisons (autogenerate, the tables-match-migrations test) pass this so that the
    FTS5 table and the tables it keeps beside it are not taken for strays.
    """
    return not (type_ == "table" and name in SEARCH_TABLE_NAMES)


def current_revision(connection: Connection) -> str | None:
    from sqlalchemy import column, inspect, select, table

    if not inspect(connection).has_table("alembic_version"):
        return None
    version = table("alembic_version", column("version_num"))
    return connection.execute(select(version.c.version_num)).scalar()


def needs_upgrade(revision: str | None) -> bool:
    return revision != HEAD_REVISION


def is_newer_than_app(revision: str | None) -> bool:
    return revision is not None and revision not in REVISIONS
