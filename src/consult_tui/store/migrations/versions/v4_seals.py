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

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from consult_tui.store.engine import GUARD_MESSAGE

revision: str = "v4"
down_revision: str | None = "v3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500
_consultation = sa.table(
    "consultation",
    sa.column("id", sa.String()),
    sa.column("status", sa.String()),
    sa.column("body", sa.Text()),
)
_seal = sa.table(
    "seal",
    sa.column("record_id", sa.String()),
    sa.column("algorithm", sa.String()),
    sa.column("hash", sa.String()),
    sa.column("signature", sa.String()),
    sa.column("public_key", sa.String()),
)


def upgrade() -> None:
    from consult_tui.store.seal import seal_guards

    text = sqlmodel.sql.sqltypes.AutoString
    # A plain ADD COLUMN (not a batch copy), so the v2 guard triggers on the table stay put.
    op.add_column(
        "consultation",
        sa.Column("unverified", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_table(
        "seal",
        sa.Column("record_id", text(), nullable=False),
        sa.Column("algorithm", text(), nullable=False),
        sa.Column("hash", text(), nullable=False),
        sa.Column("signature", text(), nullable=True),
        sa.Column("public_key", text(), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("record_id"),
    )
    bind = op.get_bind()
    _seal_finalised(bind)
    if bind.dialect.name == "sqlite":
        for statement in seal_guards(GUARD_MESSAGE):
            op.execute(statement)


def _seal_finalised(bind: sa.Connection) -> None:
    # Imported here: the canonical form and the audit chain are the app's own.
    from consult_tui.domain.record import Consultation
    from consult_tui.security.signing import ALGORITHM
    from consult_tui.store import audit
    from consult_tui.store.seal import seal_hash

    now = datetime.now(UTC)
    after = ""
    while True:
        rows = bind.execute(
            sa.select(_consultation.c.id, _consultation.c.body)
            .where(_consultation.c.status == "finalised", _consultation.c.id > after)
            .order_by(_consultation.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
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
        after = rows[-1][0]


def downgrade() -> None:
    from consult_tui.store.seal import SEAL_GUARD_NAMES

    if op.get_bind().dialect.name == "sqlite":
        for name in SEAL_GUARD_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("seal")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_column("unverified")
