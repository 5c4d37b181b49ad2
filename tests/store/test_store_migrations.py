"""Stories about upgrading a store: a copy is kept, nothing is lost, the schema matches the code."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from consult_tui.domain.record import Addendum, Status
from consult_tui.paths import ensure_private_dir
from consult_tui.store import audit, engine, schema
from consult_tui.store.audit import Action
from consult_tui.store.errors import MigrationFailed
from consult_tui.store.repository import RecordStore, content_hash
from consult_tui.store.tables import UTCDateTime, metadata
from tests.store.store_helpers import health_visitor_record

# The tables exactly as revision v1 made them (the app's models have moved on since).
_V1_CONSULTATION = sa.table(
    "consultation",
    *(
        sa.column(name)
        for name in ("id", "case_reference", "child_label", "practitioner", "status", "decision")
    ),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
    sa.column("finalised_at", UTCDateTime()),
    sa.column("anonymised", sa.Boolean()),
    sa.column("body"),
    sa.column("body_hash"),
)
_V1_ADDENDUM = sa.table(
    "addendum",
    *(sa.column(name) for name in ("consultation_id", "id", "author", "reason", "text")),
    sa.column("at", UTCDateTime()),
)


def _v1_row(record) -> dict:
    return {
        "id": record.id,
        "case_reference": record.case_reference,
        "child_label": record.child_label(),
        "practitioner": record.practitioner.name,
        "status": record.status.value,
        "decision": record.decision.outcome.value,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "finalised_at": record.finalised_at,
        "anonymised": record.anonymised,
        "body": record.model_dump_json(),
        "body_hash": content_hash(record),
    }


@pytest.fixture
def v1_store(db_path: Path, key: bytes) -> dict:
    """A store left by the first release: a draft, and a finalised record with two addenda."""
    ensure_private_dir(db_path.parent)
    engine.create_empty_file(db_path)
    database = engine.sqlcipher_engine(db_path, key)
    draft = health_visitor_record(case_reference="HV-DRAFT")
    final = health_visitor_record(case_reference="HV-FINAL")
    final.decision.review_date = None
    final.status = Status.FINALISED
    final.finalised_at = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    first_note = Addendum(
        id="zzz", at=datetime(2025, 3, 2, 10, tzinfo=UTC), author="PS", text="GP replied"
    )
    second_note = Addendum(
        id="aaa", at=first_note.at + timedelta(hours=1), author="PS", text="Strategy meeting held"
    )
    try:
        with engine.write_transaction(database) as connection:
            schema.upgrade(connection, "v1")
            connection.execute(sa.insert(_V1_CONSULTATION), [_v1_row(draft), _v1_row(final)])
            connection.execute(
                sa.insert(_V1_ADDENDUM),
                [
                    {"consultation_id": final.id, **note.model_dump()}
                    for note in (first_note, second_note)
                ],
            )
            moment = datetime(2025, 3, 1, 9, tzinfo=UTC)
            audit.append(connection, Action.CREATE, draft.id, at=moment)
            audit.append(connection, Action.CREATE, final.id, at=moment)
            audit.append(connection, Action.FINALISE, final.id, at=moment)
            audit.append(connection, Action.ADDENDUM, final.id, "addendum=zzz", at=moment)
            audit.append(connection, Action.ADDENDUM, final.id, "addendum=aaa", at=moment)
    finally:
        database.dispose()
    return {"draft": draft, "final": final, "notes": [first_note, second_note]}


def test_a_v1_store_holding_records_is_upgraded_with_a_copy_kept_and_nothing_lost(
    v1_store: dict, db_path: Path, key: bytes
) -> None:
    backup = db_path.with_name(f"consultations.db.pre-{schema.HEAD_REVISION}.bak")
    with RecordStore.open(db_path, key) as store:
        assert store.schema_version() == schema.HEAD_REVISION
        assert store.get(v1_store["draft"].id) == v1_store["draft"]
        final = store.get(v1_store["final"].id)
        assert final.status is Status.FINALISED
        assert final.addenda == v1_store["notes"], "addenda keep the order they were written in"
        assert final.model_copy(update={"addenda": []}) == v1_store["final"]

        summaries = {s.case_reference: s for s in store.list_summaries()}
        assert summaries["HV-DRAFT"].review_date == v1_store["draft"].decision.review_date
        assert summaries["HV-FINAL"].review_date is None
        assert summaries["HV-FINAL"].addenda_count == 2
        verification = store.verify_audit()
        # The five entries written at v1, and the seal migration v4 put on the finalised record.
        assert verification.ok and verification.checked == 6
        assert [e.action for e in store.audit_trail(v1_store["final"].id)][-1] == "seal"
        assert store.integrity_check() == "ok"

        # The upgrade brought the database guard with it.
        raw = engine.open_raw_connection(db_path, key)
        try:
            with pytest.raises(sqlcipher3.IntegrityError):
                raw.execute("UPDATE consultation SET body = '{}' WHERE status = 'finalised'")
        finally:
            raw.close()

        # The work carries on in the upgraded store.
        store.add_addendum(final.id, Addendum(author="PS", text="Case closed"))
        assert store.get(final.id).addenda[-1].text == "Case closed"

    assert backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    raw = engine.open_raw_connection(backup, key)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("v1",)
        assert raw.execute("SELECT count(*) FROM consultation").fetchone() == (2,)
    finally:
        raw.close()


def test_a_current_store_is_opened_without_another_copy(
    v1_store: dict, db_path: Path, key: bytes
) -> None:
    RecordStore.open(db_path, key).close()
    RecordStore.open(db_path, key).close()
    assert [p.name for p in db_path.parent.glob("*.bak")] == [
        f"consultations.db.pre-{schema.HEAD_REVISION}.bak"
    ]


def test_an_earlier_copy_is_never_overwritten(v1_store: dict, db_path: Path, key: bytes) -> None:
    earlier = db_path.with_name(f"consultations.db.pre-{schema.HEAD_REVISION}.bak")
    earlier.write_bytes(b"an earlier copy")
    RecordStore.open(db_path, key).close()
    assert earlier.read_bytes() == b"an earlier copy"
    assert db_path.with_name(f"consultations.db.pre-{schema.HEAD_REVISION}.2.bak").exists()


def test_the_revisions_the_app_knows_are_the_migrations_it_ships() -> None:
    scripts = ScriptDirectory(str(schema.migrations_folder()))
    assert scripts.get_heads() == [schema.HEAD_REVISION]
    walked = [script.revision for script in scripts.walk_revisions()]
    assert list(reversed(walked)) == list(schema.REVISIONS)


def test_the_migrated_schema_matches_the_tables_in_the_code(store: RecordStore) -> None:
    with store._engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": schema.include_name}),
            metadata,
        )
    assert differences == []


def test_an_upgrade_that_fails_half_way_leaves_the_store_as_it_was(
    v1_store: dict, db_path: Path, key: bytes
) -> None:
    # Something already occupies a name the upgrade needs, so it fails after its first steps.
    raw = engine.open_raw_connection(db_path, key)
    try:
        raw.execute("CREATE TABLE local_note (text)")
        raw.execute(
            "CREATE TRIGGER addendum_not_updated AFTER INSERT ON local_note BEGIN SELECT 1; END"
        )
    finally:
        raw.close()

    with pytest.raises(MigrationFailed) as caught:
        RecordStore.open(db_path, key)
    backup = db_path.with_name(f"consultations.db.pre-{schema.HEAD_REVISION}.bak")
    assert str(backup) in str(caught.value)
    assert "previous version" in str(caught.value)

    raw = engine.open_raw_connection(db_path, key)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("v1",)
        columns = {row[1] for row in raw.execute("PRAGMA table_info(consultation)")}
        assert "review_date" not in columns, "the columns added before the failure are gone"
        assert raw.execute("SELECT count(*) FROM consultation").fetchone() == (2,)
    finally:
        raw.close()
