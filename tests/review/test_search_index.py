"""Stories of the search index keeping up with the records: edits, finalising, addenda, imports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from consult_tui.domain.record import Addendum, Status
from consult_tui.paths import ensure_private_dir
from consult_tui.security.signing import InstallationKey
from consult_tui.store import engine, schema
from consult_tui.store.repository import RecordStore, content_hash
from consult_tui.store.search import ReviewQuery
from consult_tui.store.tables import addendum as addendum_table
from consult_tui.store.tables import consultation as consultation_table
from consult_tui.store.transfer import export_records, import_records
from tests.review.review_helpers import consultation, finalise


def found(store: RecordStore, text: str) -> list[str]:
    return [s.id for s in store.review_page(ReviewQuery(text=text))]


def test_a_record_is_found_by_a_word_in_its_reason(store: RecordStore) -> None:
    wanted = consultation(reason="Shared because of the unexplained fracture")
    store.save_draft(wanted)
    store.save_draft(consultation(reason="No concerns about harm"))
    assert found(store, "fracture") == [wanted.id]
    assert found(store, "FRACT") == [wanted.id]
    assert found(store, "fracture harm") == []


def test_saving_a_draft_again_replaces_what_it_is_found_by(store: RecordStore) -> None:
    draft = consultation(fact="The bruise was on the cheek")
    store.save_draft(draft)
    assert found(store, "cheek") == [draft.id]

    draft.facts[0].text = "The bruise was on the forearm"
    store.save_draft(draft)
    assert found(store, "cheek") == []
    assert found(store, "forearm") == [draft.id]
    assert store.review_count(ReviewQuery(text="bruise")) == 1


def test_finalising_and_addenda_keep_the_index_in_step(store: RecordStore) -> None:
    record = finalise(store, consultation(reason="Imminent risk"))
    assert found(store, "imminent") == [record.id]

    store.add_addendum(
        record.id, Addendum(author="P. Shah", reason="Strategy meeting", text="Police attended")
    )
    store.add_addendum(record.id, Addendum(author="P. Shah", reason="Review", text="Case closed"))
    assert found(store, "police") == [record.id]
    assert found(store, "closed") == [record.id]
    assert found(store, "imminent") == [record.id], "the record's own words are still found"


def test_imported_records_are_found_by_their_words_and_addenda(
    store: RecordStore, tmp_path: Path, key: bytes
) -> None:
    installation = InstallationKey.generate()  # both stores belong to one installation
    store.use_signer(installation)
    record = finalise(store, consultation(reason="Forced marriage concern"))
    store.add_addendum(record.id, Addendum(author="P", reason="Update", text="Passport held"))
    document = json.dumps(export_records(store), default=str)

    with RecordStore.open(tmp_path / "other" / "other.db", key, create=True) as other:
        other.use_signer(installation)
        import_records(other, document)
        assert found(other, "marriage") == [record.id]
        assert found(other, "passport") == [record.id]


def test_an_older_store_is_indexed_when_it_is_upgraded(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "old" / "consultations.db"
    ensure_private_dir(path.parent)
    engine.create_empty_file(path)
    draft = consultation(case_reference="OLD-1", child="Łukasz W", reason="Neglect at home")
    final = consultation(case_reference="OLD-2", reason="Shared with the GP")
    final.status = Status.FINALISED
    final.finalised_at = datetime(2025, 3, 2, tzinfo=UTC)
    database = engine.sqlcipher_engine(path, key)
    try:
        with engine.write_transaction(database) as connection:
            schema.upgrade(connection, "v2")
            for record in (draft, final):
                connection.execute(
                    sa.insert(consultation_table).values(
                        id=record.id,
                        case_reference=record.case_reference,
                        child_label=record.child_label(),
                        practitioner=record.practitioner.name,
                        status=record.status.value,
                        decision=record.decision.outcome.value,
                        review_date=record.decision.review_date,
                        created_at=record.created_at,
                        updated_at=record.updated_at,
                        finalised_at=record.finalised_at,
                        anonymised=record.anonymised,
                        addenda_count=1 if record is final else 0,
                        body=record.model_dump_json(),
                        body_hash=content_hash(record),
                    )
                )
            connection.execute(
                sa.insert(addendum_table).values(
                    consultation_id=final.id,
                    id="note1",
                    position=0,
                    at=datetime(2025, 3, 3, tzinfo=UTC),
                    author="P",
                    reason="Later",
                    text="Father moved out",
                )
            )
    finally:
        database.dispose()

    with RecordStore.open(path, key) as store:
        assert store.schema_version() == schema.HEAD_REVISION
        assert found(store, "lukasz") == [draft.id]
        assert found(store, "neglect") == [draft.id]
        assert found(store, "father moved") == [final.id]
        assert store.integrity_check() == "ok"
