"""Stories about the audit trail: complete, free of case text, and tamper-evident."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from consult_tui.domain.record import Addendum
from consult_tui.store.audit import GENESIS_HASH, entry_hash
from consult_tui.store.engine import open_raw_connection
from consult_tui.store.errors import RecordNotFound
from consult_tui.store.repository import RecordStore
from tests.store.store_helpers import CANARY, health_visitor_record

_COLUMNS = "at, os_user, action, record_id, detail, prev_hash, hash"


@pytest.fixture
def busy_store(store: RecordStore) -> RecordStore:
    """A store whose trail holds six entries: create, create, change, finalise, view, addendum."""
    first = health_visitor_record(case_reference="HV-1")
    second = health_visitor_record(case_reference="HV-2")
    store.save_draft(first)
    store.save_draft(second)
    second.purpose = "changed"
    store.save_draft(second)
    store.finalise(first, {})
    store.get(first.id, audit_view=True)
    store.add_addendum(first.id, Addendum(author="Priya Shah", text="GP replied"))
    assert len(store.audit_trail()) == 6
    return store


def _tamper(db_path: Path, key: bytes, *statements: tuple[str, tuple]) -> None:
    """Act as someone holding the key who first removes the append-only guard."""
    raw = open_raw_connection(db_path, key)
    try:
        raw.execute("DROP TRIGGER audit_entry_not_updated")
        raw.execute("DROP TRIGGER audit_entry_not_deleted")
        for sql, parameters in statements:
            raw.execute(sql, parameters)
    finally:
        raw.close()


def test_every_step_of_a_record_is_in_its_trail(busy_store: RecordStore) -> None:
    [first_id] = [s.id for s in busy_store.list_summaries() if s.case_reference == "HV-1"]
    trail = busy_store.audit_trail(first_id)
    assert [entry.action for entry in trail] == ["create", "finalise", "view", "addendum"]
    assert all(entry.os_user for entry in trail)
    assert all(entry.at.tzinfo is not None for entry in trail)
    assert trail[0].prev_hash == GENESIS_HASH
    verification = busy_store.verify_audit()
    assert verification.ok and verification.checked == 6 and verification.first_broken is None


def test_reading_a_record_quietly_leaves_no_view_entry(busy_store: RecordStore) -> None:
    before = len(busy_store.audit_trail())
    busy_store.get(busy_store.list_summaries()[0].id)
    assert len(busy_store.audit_trail()) == before


def test_the_trail_never_holds_case_text(store: RecordStore, db_path: Path, key: bytes) -> None:
    record = health_visitor_record(note=CANARY)
    store.save_draft(record)
    record.purpose = CANARY
    store.save_draft(record)
    store.finalise(record, {"why": CANARY})
    store.get(record.id, audit_view=True)
    store.add_addendum(record.id, Addendum(author=CANARY, reason=CANARY, text=CANARY))
    store.record_export([record.id], "pdf")
    raw = open_raw_connection(db_path, key)
    try:
        rows = raw.execute(f"SELECT {_COLUMNS} FROM audit_entry").fetchall()
    finally:
        raw.close()
    assert len(rows) == 6
    for row in rows:
        for value in row:
            assert "CANARY" not in str(value) and "Baby M" not in str(value)


def test_an_export_is_entered_for_each_record(busy_store: RecordStore) -> None:
    ids = [summary.id for summary in busy_store.list_summaries()]
    busy_store.record_export(ids, "pdf")
    exports = [e for e in busy_store.audit_trail() if e.action == "export"]
    assert sorted(e.record_id for e in exports) == sorted(ids)
    assert {e.detail for e in exports} == {"format=pdf"}


def test_an_export_of_an_unknown_record_enters_nothing(busy_store: RecordStore) -> None:
    before = busy_store.audit_trail()
    real_id = busy_store.list_summaries()[0].id
    with pytest.raises(RecordNotFound):
        busy_store.record_export([real_id, "nosuchrecord"], "json")
    with pytest.raises(ValueError, match="format"):
        busy_store.record_export([real_id], "Baby M's file")
    assert busy_store.audit_trail() == before


def test_the_database_refuses_to_edit_or_delete_audit_entries(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    raw = open_raw_connection(db_path, key)
    try:
        with pytest.raises(sqlcipher3.IntegrityError):
            raw.execute("UPDATE audit_entry SET os_user = 'someone' WHERE seq = 2")
        with pytest.raises(sqlcipher3.IntegrityError):
            raw.execute("DELETE FROM audit_entry WHERE seq = 2")
    finally:
        raw.close()
    assert busy_store.verify_audit().ok


def test_an_edited_entry_is_caught_at_its_place(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    _tamper(db_path, key, ("UPDATE audit_entry SET os_user = 'someone-else' WHERE seq = 3", ()))
    verification = busy_store.verify_audit()
    assert not verification.ok
    assert verification.first_broken == 3
    assert verification.checked == 2
    assert "entry 3" in verification.problem and "changed" in verification.problem
    assert "audit_entry_not_updated" in busy_store.integrity_check()


def test_an_edit_with_a_recomputed_hash_is_caught_by_the_next_entry(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    entry = busy_store.audit_trail()[2]
    earlier = "2020-01-01T00:00:00.000000Z"
    forged = entry_hash(
        3,
        earlier,
        entry.os_user,
        "view",
        entry.record_id,
        "",
        entry.prev_hash,
    )
    _tamper(
        db_path,
        key,
        (
            "UPDATE audit_entry SET at = ?, action = 'view', detail = '', hash = ? WHERE seq = 3",
            (earlier, forged),
        ),
    )
    verification = busy_store.verify_audit()
    assert not verification.ok and verification.first_broken == 4


def test_a_deleted_entry_is_caught(busy_store: RecordStore, db_path: Path, key: bytes) -> None:
    _tamper(db_path, key, ("DELETE FROM audit_entry WHERE seq = 4", ()))
    verification = busy_store.verify_audit()
    assert not verification.ok
    assert verification.first_broken == 4
    assert "entry 4 is missing" in verification.problem


def test_a_deleted_entry_with_the_rest_renumbered_is_caught(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    _tamper(
        db_path,
        key,
        ("DELETE FROM audit_entry WHERE seq = 4", ()),
        ("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 4", ()),
    )
    verification = busy_store.verify_audit()
    assert not verification.ok and verification.first_broken == 4


def test_two_swapped_entries_are_caught(busy_store: RecordStore, db_path: Path, key: bytes) -> None:
    raw = open_raw_connection(db_path, key)
    try:
        second = raw.execute(f"SELECT {_COLUMNS} FROM audit_entry WHERE seq = 2").fetchone()
        third = raw.execute(f"SELECT {_COLUMNS} FROM audit_entry WHERE seq = 3").fetchone()
    finally:
        raw.close()
    assignment = ", ".join(f"{name} = ?" for name in _COLUMNS.split(", "))
    _tamper(
        db_path,
        key,
        (f"UPDATE audit_entry SET {assignment} WHERE seq = 2", third),
        (f"UPDATE audit_entry SET {assignment} WHERE seq = 3", second),
    )
    verification = busy_store.verify_audit()
    assert not verification.ok and verification.first_broken == 2


# -- seals: audit verify checks every finalised record against its seal ---------------------------


def test_a_finalised_record_edited_in_the_database_is_caught_by_its_seal(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    [final] = [s for s in busy_store.list_summaries() if s.is_final]
    body = busy_store.get(final.id).model_copy(update={"addenda": []})
    body.decision.reason = "We decided not to share"
    raw = open_raw_connection(db_path, key)
    try:
        raw.execute("DROP TRIGGER consultation_finalised_not_updated")
        raw.execute(
            "UPDATE consultation SET body = ? WHERE id = ?", (body.model_dump_json(), final.id)
        )
    finally:
        raw.close()
    verification = busy_store.verify_audit()
    assert not verification.ok
    assert f"record {final.id} was changed after it was sealed" in verification.problem
    assert verification.first_broken is not None


def test_the_database_refuses_to_change_or_remove_a_seal(
    busy_store: RecordStore, db_path: Path, key: bytes
) -> None:
    raw = open_raw_connection(db_path, key)
    try:
        for statement in (
            "UPDATE seal SET hash = 'x'",
            "UPDATE seal SET signature = NULL",
            "DELETE FROM seal",
            "UPDATE consultation SET unverified = 1 WHERE status = 'finalised'",
        ):
            with pytest.raises(sqlcipher3.IntegrityError):
                raw.execute(statement)
    finally:
        raw.close()
    assert busy_store.verify_audit().ok


def test_a_removed_seal_is_caught(busy_store: RecordStore, db_path: Path, key: bytes) -> None:
    raw = open_raw_connection(db_path, key)
    try:
        raw.execute("DROP TRIGGER seal_not_deleted")
        raw.execute("DELETE FROM seal")
    finally:
        raw.close()
    verification = busy_store.verify_audit()
    assert not verification.ok and "has no seal" in verification.problem


def test_a_decision_finalised_against_the_weighing_names_each_override_in_the_trail(
    store: RecordStore,
) -> None:
    record = health_visitor_record(case_reference="HV-3")
    record.decision.override_conflicts = ["withhold-significant-harm", "withhold-urgent"]
    record.decision.override_reason = "Strategy meeting agreed police lead; shared within the hour"
    store.finalise(record, {})

    (finalised,) = [e for e in store.audit_trail(record.id) if e.action == "finalise"]
    assert "overrides=withhold-significant-harm,withhold-urgent" in finalised.detail
    # The reason is case text: it stays in the sealed record, never in the trail.
    assert "Strategy meeting" not in finalised.detail
    assert store.verify_audit().ok


def test_a_decision_with_no_override_says_none_in_the_trail(store: RecordStore) -> None:
    record = health_visitor_record(case_reference="HV-4")
    store.finalise(record, {})
    (finalised,) = [e for e in store.audit_trail(record.id) if e.action == "finalise"]
    assert "overrides=" not in finalised.detail
