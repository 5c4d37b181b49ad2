"""Seals on finalised records, and a mark on records imported without proof.

Each finalised record gets a seal: the SHA-256 of its canonical JSON (store/seal.py), entered in
the audit trail as a "seal" entry. The migration has the database key but not the key store, so
it cannot sign: the signature is added the first time the app opens the store with the key store
unlocked (RecordStore.use_signer). Hashing here, inside the upgrade transaction, pins each
record's content as it stands at the upgrade, which the finalisation entry already vouches for;
signing later adds no new claim. A record imported with --unverified is marked in its own column
so that lists can show it without opening its body. On SQLite, triggers keep seals as written.

Revision ID: v4
Revises: v3
Create Date: 2026-12-05
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from consult_tui.store.engine import GUARD_MESSAGE
from consult_tui.store.migrations.helpers import (
    keyset_pages,
    on_sqlite,
    table_as_it_stood,
    text_columns,
)

revision: str = "v4"
down_revision: str | None = "v3"

_consultation = table_as_it_stood(
    "consultation", id=sa.String(), status=sa.String(), body=sa.Text()
)
_seal = table_as_it_stood(
    "seal",
    record_id=sa.String(),
    algorithm=sa.String(),
    hash=sa.String(),
    signature=sa.String(),
    public_key=sa.String(),
)


def upgrade() -> None:
    from consult_tui.store.seal import seal_guards

    # A plain ADD COLUMN (not a batch copy), so the v2 guard triggers on the table stay put.
    op.add_column(
        "consultation",
        sa.Column("unverified", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_table(
        "seal",
        *text_columns("record_id", "algorithm", "hash"),
        *text_columns("signature", "public_key", nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("record_id"),
    )
    bind = op.get_bind()
    _seal_finalised(bind)
    on_sqlite(seal_guards(GUARD_MESSAGE))


def _seal_finalised(bind: sa.Connection) -> None:
    # Imported here: the canonical form and the audit chain are the app's own.
    from consult_tui.domain.record import Consultation
    from consult_tui.security.signing import ALGORITHM
    from consult_tui.store import audit
    from consult_tui.store.seal import seal_hash

    now = datetime.now(UTC)
    finalised = _consultation.c.status == "finalised"
    for rows in keyset_pages(bind, _consultation.c.id, _consultation.c.body, where=[finalised]):
        for record_id, body in rows:
            try:
                digest = seal_hash(Consultation.model_validate_json(body))
            except ValueError:
                # Unreadable by this version: left unsealed, and `audit verify` says so.
                continue
            bind.execute(
                sa.insert(_seal).values(record_id=record_id, algorithm=ALGORITHM, hash=digest)
            )
            audit.append(bind, audit.Action.SEAL, record_id, f"seal={digest}", at=now)


def downgrade() -> None:
    from consult_tui.store.seal import SEAL_GUARD_NAMES

    on_sqlite(f"DROP TRIGGER IF EXISTS {name}" for name in SEAL_GUARD_NAMES)
    op.drop_table("seal")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_column("unverified")
