"""Stories about drafts: saved on every pause in typing, cheaply, and listed newest first."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from consult_tui.domain.record import DecisionOutcome, Fact, Status
from consult_tui.store import writes
from consult_tui.store.errors import RecordNotFound, StoreClosed
from consult_tui.store.repository import RecordStore
from tests.store.store_helpers import health_visitor_record


def _actions(store: RecordStore, record_id: str) -> list[str]:
    return [entry.action for entry in store.audit_trail(record_id)]


def test_saving_an_unchanged_draft_writes_nothing(store: RecordStore) -> None:
    record = health_visitor_record()
    assert store.save_draft(record) is True
    entries_after_first_save = store.audit_trail()
    assert store.save_draft(record) is False
    assert store.save_draft(record.model_copy(deep=True)) is False
    assert store.audit_trail() == entries_after_first_save
    assert _actions(store, record.id) == ["create"]


def test_a_saved_draft_comes_back_whole(store: RecordStore) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    loaded = store.get(record.id)
    assert loaded == record
    assert loaded.updated_at == record.updated_at


def test_changes_in_one_sitting_share_one_audit_entry(store: RecordStore) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    record.facts.append(Fact(text="Parents' account of the bruise changed", source="Home visit"))
    assert store.save_draft(record) is True
    record.purpose = "Assessment by the GP today"
    assert store.save_draft(record) is True
    assert _actions(store, record.id) == ["create", "change"]
    assert store.get(record.id).purpose == "Assessment by the GP today"


def test_a_change_after_ten_minutes_gets_its_own_audit_entry(
    store: RecordStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    record.purpose = "first change"
    store.save_draft(record)
    real_now = writes._now
    monkeypatch.setattr(writes, "_now", lambda: real_now() + timedelta(minutes=11))
    record.purpose = "second change, after a break"
    store.save_draft(record)
    assert _actions(store, record.id) == ["create", "change", "change"]


def test_a_change_by_another_user_gets_its_own_audit_entry(
    store: RecordStore, db_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = health_visitor_record()
    store.save_draft(record)
    record.purpose = "first change"
    store.save_draft(record)
    monkeypatch.setenv("LOGNAME", "duty-manager")
    with RecordStore.open(db_path, key) as colleague:
        record.purpose = "checked by the duty manager"
        colleague.save_draft(record)
    entries = store.audit_trail(record.id)
    assert [entry.action for entry in entries] == ["create", "change", "change"]
    assert entries[-1].os_user == "duty-manager"
    assert store.verify_audit().ok


def test_the_list_shows_newest_updated_first_a_page_at_a_time(store: RecordStore) -> None:
    records = [health_visitor_record(case_reference=f"HV-{n}") for n in range(7)]
    for record in records:
        store.save_draft(record)
    records[2].purpose = "touched again"
    store.save_draft(records[2])

    expected = [records[2].id] + [r.id for r in reversed(records) if r is not records[2]]
    assert [s.id for s in store.list_summaries()] == expected
    assert [s.id for s in store.list_summaries(limit=3)] == expected[:3]
    assert [s.id for s in store.list_summaries(limit=3, offset=3)] == expected[3:6]
    assert [s.id for s in store.list_summaries(limit=3, offset=6)] == expected[6:]
    assert store.count() == 7


def test_the_list_carries_what_the_screen_needs_without_opening_bodies(
    store: RecordStore,
) -> None:
    record = health_visitor_record(case_reference="HV-77")
    store.save_draft(record)
    store.finalise(health_visitor_record(case_reference="HV-78"), {})
    [summary] = store.list_summaries(status=Status.DRAFT)
    assert summary.case_reference == "HV-77"
    assert summary.child_label == "Baby M"
    assert summary.practitioner == "Priya Shah"
    assert summary.decision is DecisionOutcome.SHARE
    assert summary.review_date == record.decision.review_date
    assert summary.status is Status.DRAFT and not summary.is_final
    assert summary.updated_at == record.updated_at
    assert [s.case_reference for s in store.list_summaries(status=Status.FINALISED)] == ["HV-78"]
    assert store.count(status=Status.FINALISED) == 1


def test_an_anonymised_discussion_is_listed_without_a_name(store: RecordStore) -> None:
    record = health_visitor_record()
    record.anonymised = True
    store.save_draft(record)
    [summary] = store.list_summaries()
    assert summary.anonymised and summary.child_label == "(anonymised)"


def test_asking_for_a_record_that_is_not_there(store: RecordStore) -> None:
    with pytest.raises(RecordNotFound, match="no record abc123"):
        store.get("abc123")


def test_a_second_window_on_the_same_file_sees_the_first_ones_saves(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    with RecordStore.open(db_path, key) as second:
        record = health_visitor_record()
        store.save_draft(record)
        assert second.get(record.id) == record
        assert [s.id for s in second.list_summaries()] == [record.id]

        record.purpose = "edited in the second window"
        assert second.save_draft(record) is True
        assert store.get(record.id).purpose == "edited in the second window"
        assert store.save_draft(record) is False
    assert store.verify_audit().ok


def test_saves_from_two_threads_keep_the_audit_chain_whole(
    store: RecordStore, db_path: Path, key: bytes
) -> None:
    with RecordStore.open(db_path, key) as second:

        def save_many(target: RecordStore, prefix: str) -> None:
            for number in range(15):
                target.save_draft(health_visitor_record(case_reference=f"{prefix}-{number}"))

        workers = [
            threading.Thread(target=save_many, args=(store, "A")),
            threading.Thread(target=save_many, args=(second, "B")),
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert store.count() == 30
    verification = store.verify_audit()
    assert verification.ok and verification.checked == 30


def test_a_closed_store_says_so_and_closing_twice_is_harmless(
    store: RecordStore, db_path: Path
) -> None:
    store.close()
    store.close()
    assert store.closed
    with pytest.raises(StoreClosed, match=str(db_path)):
        store.count()
    assert not Path(f"{db_path}-wal").exists()


def test_close_can_come_from_another_thread(store: RecordStore) -> None:
    store.save_draft(health_visitor_record())
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(timeout=10)
    assert not closer.is_alive() and store.closed


def test_ids_that_could_carry_case_text_are_refused(store: RecordStore) -> None:
    record = health_visitor_record()
    record.id = "Baby M's record"
    with pytest.raises(ValueError, match="record id"):
        store.save_draft(record)
