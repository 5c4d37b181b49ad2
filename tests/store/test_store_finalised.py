"""Stories about finalised records: never edited in place, only added to by dated addenda."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from consult_tui.domain.record import Addendum, Status
from consult_tui.store.engine import open_raw_connection
from consult_tui.store.errors import NotFinalised, RecordFinalised, RecordNotFound, StoreError
from consult_tui.store.repository import RecordStore
from tests.store.store_helpers import health_visitor_record

ASSESSMENT = {"recommendation": "share_now", "reasons": ["imminent risk"]}


def _stored_body(db_path: Path, key: bytes, record_id: str) -> tuple[str, str]:
    raw = open_raw_connection(db_path, key)
    try:
        return raw.execute(
            "SELECT body, body_hash FROM consultation WHERE id = ?", (record_id,)
        ).fetchone()
    finally:
        raw.close()


def test_finalising_keeps_the_assessment_and_the_time(store: RecordStore) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    final = store.finalise(record, ASSESSMENT)
    assert final.status is Status.FINALISED
    assert final.finalised_at is not None
    assert final.assessment_at_finalise == ASSESSMENT
    assert record.status is Status.DRAFT, "the caller's draft object is not changed"
    assert store.get(record.id) == final
    assert [e.action for e in store.audit_trail(record.id)] == ["create", "finalise"]


def test_a_record_finalised_without_an_earlier_save_is_still_created_in_the_trail(
    store: RecordStore,
) -> None:
    final = store.finalise(health_visitor_record(), ASSESSMENT)
    assert [e.action for e in store.audit_trail(final.id)] == ["create", "finalise"]


def test_a_finalised_record_refuses_a_draft_save(store: RecordStore) -> None:
    record = health_visitor_record()
    store.finalise(record, ASSESSMENT)
    record.decision.reason = "rewritten afterwards"
    with pytest.raises(RecordFinalised, match="addendum"):
        store.save_draft(record)
    assert store.get(record.id).decision.reason != "rewritten afterwards"


def test_a_finalised_record_cannot_be_finalised_again(store: RecordStore) -> None:
    record = health_visitor_record()
    final = store.finalise(record, ASSESSMENT)
    with pytest.raises(RecordFinalised):
        store.finalise(record, {"recommendation": "something else"})
    with pytest.raises(RecordFinalised):
        store.finalise(final, ASSESSMENT)
    assert store.get(record.id).assessment_at_finalise == ASSESSMENT


def test_the_database_itself_refuses_to_rewrite_a_finalised_body(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    record = health_visitor_record()
    store.finalise(record, ASSESSMENT)
    before = _stored_body(db_path, key, record.id)
    raw = open_raw_connection(db_path, key)
    try:
        with pytest.raises(sqlcipher3.IntegrityError, match="finalised records"):
            raw.execute("UPDATE consultation SET body = '{}' WHERE id = ?", (record.id,))
        with pytest.raises(sqlcipher3.IntegrityError, match="finalised records"):
            raw.execute("UPDATE consultation SET status = 'draft' WHERE id = ?", (record.id,))
        with pytest.raises(sqlcipher3.IntegrityError, match="finalised records"):
            raw.execute("DELETE FROM consultation WHERE id = ?", (record.id,))
    finally:
        raw.close()
    assert _stored_body(db_path, key, record.id) == before


def test_a_draft_can_still_be_changed_through_plain_sql(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    # The guard is aimed at finalised records only; drafts are working copies.
    record = health_visitor_record()
    store.save_draft(record)
    raw = open_raw_connection(db_path, key)
    try:
        raw.execute("UPDATE consultation SET case_reference = 'HV-9' WHERE id = ?", (record.id,))
    finally:
        raw.close()
    assert store.list_summaries()[0].case_reference == "HV-9"


def test_an_addendum_leaves_the_original_untouched(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    record = health_visitor_record()
    final = store.finalise(record, ASSESSMENT)
    original = _stored_body(db_path, key, record.id)

    note = Addendum(
        author="Priya Shah",
        reason="GP replied",
        text="GP saw the baby the same afternoon; referral made.",
    )
    updated = store.add_addendum(record.id, note)

    assert _stored_body(db_path, key, record.id) == original
    assert updated.addenda == [note]
    assert updated.model_copy(update={"addenda": []}) == final
    assert store.get(record.id).addenda == [note]
    assert store.list_summaries()[0].addenda_count == 1
    assert [e.action for e in store.audit_trail(record.id)] == ["create", "finalise", "addendum"]
    assert store.audit_trail(record.id)[-1].detail == f"addendum={note.id}"


def test_addenda_are_kept_in_order_and_can_never_be_edited(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    record = health_visitor_record()
    store.finalise(record, ASSESSMENT)
    first = Addendum(author="A", reason="r1", text="first")
    second = Addendum(author="B", reason="r2", text="second")
    store.add_addendum(record.id, first)
    store.add_addendum(record.id, second)
    assert [n.text for n in store.get(record.id).addenda] == ["first", "second"]
    raw = open_raw_connection(db_path, key)
    try:
        with pytest.raises(sqlcipher3.IntegrityError):
            raw.execute("UPDATE addendum SET text = 'changed'")
        with pytest.raises(sqlcipher3.IntegrityError):
            raw.execute("DELETE FROM addendum")
    finally:
        raw.close()


def test_a_draft_takes_no_addendum(store: RecordStore) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    with pytest.raises(NotFinalised, match="draft"):
        store.add_addendum(record.id, Addendum(text="too early"))
    with pytest.raises(RecordNotFound):
        store.add_addendum("nosuchrecord", Addendum(text="nowhere"))
    assert store.get(record.id).addenda == []


def test_a_database_error_never_repeats_case_text(store: RecordStore) -> None:
    record = health_visitor_record()
    store.finalise(record, ASSESSMENT)
    note = Addendum(author="Priya Shah", text="The GP said CANARY-4471 about the family")
    store.add_addendum(record.id, note)
    with pytest.raises(StoreError) as caught:
        store.add_addendum(record.id, note)
    chain = [caught.value, caught.value.__cause__, caught.value.__cause__.__cause__]
    for error in filter(None, chain):
        assert "CANARY-4471" not in str(error)
    assert str(store.path) in str(caught.value)
    assert len(store.get(record.id).addenda) == 1
