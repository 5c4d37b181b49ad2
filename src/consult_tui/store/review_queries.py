"""Reviewing past consultations: a ReviewQuery turned into SQL, a page at a time, and counted.

Every sort walks an index (column, date, id), so a page costs the same at 100,000 records as at
100. Text is matched through the folded full-text index where the database keeps one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from consult_tui.domain.record import Status

from . import search_index as index
from .handle import StoreHandle
from .record_rows import RecordSummary, listed_columns, summary_of
from .search import Attention, ReviewDue, ReviewQuery, SortColumn, fold, search_terms, words
from .tables import consultation


def review_page(
    handle: StoreHandle, query: ReviewQuery, *, limit: int, offset: int
) -> list[RecordSummary]:
    """One page of the records a review query finds, in its order; never reads a body.

    Records without a review date come last when sorted by review date.
    """
    limit, offset = max(0, limit), max(0, offset)
    with handle.reading() as connection:
        conditions = _conditions(connection, query)
        if query.sort is not SortColumn.REVIEW_DATE:
            return _rows(connection, conditions, query, limit, offset)
        dated_condition = consultation.c.review_date.is_not(None)
        dated = _count(connection, [*conditions, dated_condition])
        rows: list[RecordSummary] = []
        if offset < dated:
            rows = _rows(connection, [*conditions, dated_condition], query, limit, offset)
        if len(rows) < limit:
            rows += _rows(
                connection,
                [*conditions, consultation.c.review_date.is_(None)],
                query,
                limit - len(rows),
                max(0, offset - dated),
            )
        return rows


def review_count(handle: StoreHandle, query: ReviewQuery) -> int:
    """How many records the query finds (a search with no filters is counted from the index)."""
    with handle.reading() as connection:
        terms = search_terms(query.text)
        only_text = replace(query, text="", sort=SortColumn.DATE, descending=True, today=None)
        if terms and index.has_search(connection) and only_text == ReviewQuery():
            expression = index.search_expression([(t.tokens, t.prefix) for t in terms])
            return index.search_count(connection, expression)
        return _count(connection, _conditions(connection, query))


def attention(handle: StoreHandle, today: date | None, *, shown: int) -> Attention:
    """Drafts not finished and reviews due or overdue, with the first few of each."""
    on = today or date.today()
    due = ReviewQuery(review=ReviewDue.DUE, sort=SortColumn.REVIEW_DATE, descending=False, today=on)
    overdue = ReviewQuery(review=ReviewDue.OVERDUE, today=on)
    drafts = ReviewQuery(status=Status.DRAFT, sort=SortColumn.DATE, descending=False)
    with handle.working():  # one sitting: the counts and the pages agree
        return Attention(
            drafts=review_count(handle, drafts),
            reviews_due=review_count(handle, due),
            reviews_overdue=review_count(handle, overdue),
            oldest_drafts=tuple(review_page(handle, drafts, limit=shown, offset=0)),
            soonest_reviews=tuple(review_page(handle, due, limit=shown, offset=0)),
        )


def child_condition(connection: Connection, child: str) -> Any:
    """Records naming this child among their people (folded: "Zoe" finds "Zoë"), or labelled so."""
    tokens = tuple(words(child))
    label = consultation.c.child_label == child.strip()
    if not tokens:
        return label
    if not index.has_search(connection):
        return or_(label, func.lower(consultation.c.child_label) == fold(child.strip()))
    expression = index.search_expression([(tokens, False)], column="people")
    return or_(label, consultation.c.id.in_(index.search_matches(expression)))


def _conditions(connection: Connection, query: ReviewQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.status is not None:
        conditions.append(consultation.c.status == Status(query.status).value)
    if query.decisions:
        conditions.append(
            consultation.c.decision.in_(sorted(str(d.value) for d in query.decisions))
        )
    # A consultation's date is its UTC day; a day's bounds are UTC midnights.
    if query.date_from is not None:
        conditions.append(consultation.c.created_at >= _midnight(query.date_from))
    if query.date_to is not None:
        conditions.append(consultation.c.created_at < _midnight(query.date_to + timedelta(days=1)))
    _, before = query.review_bounds()
    if before is not None:
        conditions.append(
            and_(consultation.c.review_date.is_not(None), consultation.c.review_date < before)
        )
    if query.anonymised_only:
        conditions.append(consultation.c.anonymised.is_(True))
    if query.case_reference is not None:
        conditions.append(consultation.c.case_reference == query.case_reference)
    conditions += _text_conditions(connection, query.text)
    return conditions


def _text_conditions(connection: Connection, text: str) -> list[Any]:
    terms = search_terms(text)
    if not terms:
        return []
    if index.has_search(connection):
        expression = index.search_expression([(term.tokens, term.prefix) for term in terms])
        return [index.search_condition(connection, consultation.c.id, expression)]
    # No full-text index here: match the listed columns only.
    conditions = []
    for term in terms:
        pattern = "%" + " ".join(term.tokens) + "%"
        conditions.append(
            or_(
                func.lower(consultation.c.case_reference).like(pattern),
                func.lower(consultation.c.child_label).like(pattern),
                func.lower(consultation.c.practitioner).like(pattern),
            )
        )
    return conditions


def _rows(
    connection: Connection, conditions: list[Any], query: ReviewQuery, limit: int, offset: int
) -> list[RecordSummary]:
    if limit == 0:
        return []
    order = [consultation.c.created_at, consultation.c.id]
    if query.sort is not SortColumn.DATE:
        order.insert(0, consultation.c[query.sort.value])
    statement = (
        select(*listed_columns())
        .where(*conditions)
        .order_by(*(column.desc() if query.descending else column.asc() for column in order))
        .limit(limit)
        .offset(offset)
    )
    return [summary_of(row) for row in connection.execute(statement)]


def _count(connection: Connection, conditions: list[Any]) -> int:
    statement = select(func.count()).select_from(consultation).where(*conditions)
    return int(connection.execute(statement).scalar_one())


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
