"""Alembic environment for the record store: runs on a connection the app hands over, never an ini.

The app opens the encrypted database itself (the key comes from its key store) and passes the
open connection in ``config.attributes["connection"]``, so no key, path or URL is ever written to
a config file. Batch mode lets column and constraint changes work on SQLite.
"""

from __future__ import annotations

from alembic import context

from consult_tui.store.schema import include_name
from consult_tui.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "Record-store migrations run from consult-tui itself (consult_tui.store.schema.upgrade), "
        "which passes the open, keyed connection; they cannot run from an alembic.ini."
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
# The caller already holds the transaction, so the whole upgrade commits or rolls back as one.
with context.begin_transaction():
    context.run_migrations()
