"""Stories of the review list: sorting, paging, filters, what needs attention, chronologies."""

from __future__ import annotations

from datetime import date

import pytest

from consult_tui.domain.record import Addendum, DecisionOutcome, Status
from consult_tui.store.repository import RecordStore
from consult_tui.store.search import EntryKind, ReviewDue, ReviewQuery, SortColumn
from tests.review.review_helpers import consultation, finalise

TODAY = date(2025, 6, 10)


@pytest.fixture
def casebook(store: RecordStore) -> RecordStore:
    """Twelve consultations across three practitioners, with and without review dates."""
    people = ["Priya Shah", "Tom Ellis", "Amira Khan"]
    decisions = [
        DecisionOutcome.SHARE,
        DecisionOutcome.DO_NOT_SHARE,
        DecisionOutcome.NOT_YET,
        DecisionOutcome.SHARE_PART,
    ]
    reviews = [None, date(2025, 6, 1), date(2025, 6, 15), date(2025, 9, 1)]
    for number in range(12):
        record = consultation(
            case_reference=f"C-{number % 5:02d}",
            child=f"Child {chr(65 + number)}",
            practitioner=people[number % 3],
            decision=decisions[number % 4],
            review=reviews[number % 4],
            day=number + 1,
            anonymised=number % 6 == 0,
        )
        if number % 3 == 0:
            finalise(store, record)
        else:
            store.save_draft(record)
    return store


def cases(store: RecordStore, query: ReviewQuery, **paging: int) -> list[str]:
    return [s.case_reference for s in store.review_page(query, **paging)]


@pytest.mark.parametrize("column", list(SortColumn))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_and_pages_without_gaps_or_repeats(
    casebook: RecordStore, column: SortColumn, descending: bool
) -> None:
    query = ReviewQuery(sort=column, descending=descending)
    whole = casebook.review_page(query, limit=100)
    assert len(whole) == 12
    paged = [
        summary.id
        for offset in range(0, 12, 5)
        for summary in casebook.review_page(query, limit=5, offset=offset)
    ]
    assert paged == [summary.id for summary in whole]

    values = [getattr(summary, column.value) for summary in whole]
    if column is SortColumn.REVIEW_DATE:
        dated = [v for v in values if v is not None]
        assert values[: len(dated)] == dated, "records without a review date come last"
        values = dated
    values = [str(getattr(v, "value", v)) for v in values]
    assert values == sorted(values, reverse=descending)


def test_drafts_or_finalised_and_a_decision_filter_the_list(casebook: RecordStore) -> None:
    assert casebook.review_count(ReviewQuery(status=Status.FINALISED)) == 4
    assert casebook.review_count(ReviewQuery(status=Status.DRAFT)) == 8
    shares = casebook.review_page(ReviewQuery(decisions=frozenset({DecisionOutcome.SHARE})))
    assert {s.decision for s in shares} == {DecisionOutcome.SHARE}
    assert len(shares) == 3


def test_a_date_range_includes_both_ends(casebook: RecordStore) -> None:
    query = ReviewQuery(date_from=date(2025, 3, 2), date_to=date(2025, 3, 4))
    assert [s.created_at.day for s in casebook.review_page(query)] == [4, 3, 2]


def test_reviews_due_and_overdue_are_told_apart(casebook: RecordStore) -> None:
    overdue = casebook.review_page(ReviewQuery(review=ReviewDue.OVERDUE, today=TODAY))
    assert {s.review_date for s in overdue} == {date(2025, 6, 1)}
    due = casebook.review_page(ReviewQuery(review=ReviewDue.DUE, today=TODAY))
    assert {s.review_date for s in due} == {date(2025, 6, 1), date(2025, 6, 15)}


def test_anonymised_discussions_can_be_listed_alone(casebook: RecordStore) -> None:
    anonymised = casebook.review_page(ReviewQuery(anonymised_only=True))
    assert len(anonymised) == 2
    assert all(s.anonymised and s.child_label == "(anonymised)" for s in anonymised)


def test_attention_counts_unfinished_drafts_and_reviews_due(casebook: RecordStore) -> None:
    attention = casebook.attention(TODAY, shown=3)
    assert attention.drafts == 8
    assert attention.reviews_due == 6
    assert attention.reviews_overdue == 3
    assert [s.created_at.day for s in attention.oldest_drafts] == [2, 3, 5]
    assert attention.soonest_reviews[0].review_date == date(2025, 6, 1)


def test_a_case_chronology_lists_consultations_and_addenda_in_date_order(
    store: RecordStore,
) -> None:
    first = finalise(store, consultation(case_reference="HV-9", day=3, reason="First worry"))
    store.save_draft(consultation(case_reference="HV-9", day=20, reason="Second worry"))
    store.save_draft(consultation(case_reference="OTHER", day=5))
    store.add_addendum(first.id, Addendum(author="P", reason="Update", text="GP replied"))

    entries = store.chronology("HV-9")
    assert [e.kind for e in entries] == [
        EntryKind.CONSULTATION,
        EntryKind.CONSULTATION,
        EntryKind.ADDENDUM,
    ]
    assert [e.summary for e in entries] == ["First worry", "Second worry", "Update; GP replied"]
    assert entries == sorted(entries, key=lambda e: e.at)


def test_a_child_chronology_crosses_case_references_and_spellings(store: RecordStore) -> None:
    store.save_draft(consultation(case_reference="SCH-1", child="Zoë Mason", day=2))
    store.save_draft(consultation(case_reference="HV-7", child="Zoe Mason", day=9))
    store.save_draft(consultation(case_reference="HV-8", child="Zoe Masonry", day=10))
    store.save_draft(consultation(case_reference="HV-9", child="Mason Zoe", day=11))

    entries = store.chronology(child="Zoë Mason")
    assert [e.case_reference for e in entries] == ["SCH-1", "HV-7"]
