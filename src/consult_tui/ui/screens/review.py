"""The review screen: every past consultation, searched as you type, filtered and sorted.

It never touches the store. It posts the query (QueryChanged) and the App answers with a page of
rows and the number found; further pages are asked for as the cursor nears the end, so opening
it costs one page however many records there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ...store.search import ReviewQuery
from ..widgets.key_line import KeyLine
from ..widgets.review_filters import DateRangeModal, FilterState, ReviewFilters
from ..widgets.review_table import ReviewTable, sort_label
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import StatusLine

# The first page fills a tall terminal and no more: each row a table holds costs time to add,
# and most searches are answered by the first screenful. Scrolling brings larger pages.
FIRST_PAGE_ROWS = 50
PAGE_ROWS = 200


class ReviewScreen(Screen[None]):
    """Find a past consultation: search, filter, sort, then open it, or its case chronology."""

    AUTO_FOCUS = "#review-table"

    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="review-open"),
        Binding("slash,ctrl+f", "focus_search", "Search", id="review-search", key_display="/"),
        Binding("d", "cycle_status", "Drafts", id="review-status", tooltip="Drafts / finalised"),
        Binding("e", "cycle_decision", "Decision", id="review-decision", show=False),
        Binding("v", "cycle_review", "Due", id="review-due", tooltip="Review due / overdue"),
        Binding("a", "toggle_anonymised", "Anonymised", id="review-anonymised", show=False),
        Binding(
            "t", "dates", "Dates", id="review-dates", tooltip="List consultations between dates"
        ),
        Binding(
            "x", "clear_filters", "Clear", id="review-clear", tooltip="Clear search and filters"
        ),
        Binding("c", "chronology", "Chronology", id="review-chronology"),
        Binding("escape", "back", "Back", id="review-back"),
    ]

    class QueryChanged(Message):
        """Show the first page for this query; ``generation`` marks which answer is current."""

        def __init__(self, query: ReviewQuery, generation: int) -> None:
            self.query = query
            self.generation = generation
            super().__init__()

    class MoreWanted(Message):
        def __init__(self, query: ReviewQuery, offset: int, generation: int) -> None:
            self.query = query
            self.offset = offset
            self.generation = generation
            super().__init__()

    class OpenRequested(Message):
        def __init__(self, record_id: str) -> None:
            self.record_id = record_id
            super().__init__()

    class ChronologyRequested(Message):
        def __init__(self, case_reference: str | None = None, child: str | None = None) -> None:
            self.case_reference = case_reference
            self.child = child
            super().__init__()

    def __init__(
        self,
        query: ReviewQuery | None = None,
        *,
        first_page: Sequence[Any] | None = None,
        total: int = 0,
    ) -> None:
        """``first_page`` and ``total``, when the App already has them, are shown at once."""
        super().__init__()
        self.review_query = query or ReviewQuery()
        self._first_page = first_page
        self._first_total = total
        self.generation = 0
        self.shown_generation = 0  # the query whose answer is on screen
        self.total = 0

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="review-body"):
            yield SearchBar(id="review-search", value=self.review_query.text)
            yield ReviewFilters(id="review-filters")
            yield Static("", id="review-found")
            yield ReviewTable(id="review-table")
            yield Static("", id="review-empty")
        yield KeyLine([*self.BINDINGS[:2], *ReviewTable.BINDINGS[:2], *self.BINDINGS[2:]])

    def on_mount(self) -> None:
        self._show_query()
        if self._first_page is None:
            self.ask()
            return
        self.generation += 1
        self.show_results(self.generation, self._first_page, self._first_total)
        self._first_page = None

    def start(self, query: ReviewQuery, first_page: Sequence[Any], total: int) -> None:
        """Show a new query with its first page: the screen is reused each time F5 opens it."""
        self.review_query = query
        self._show_query()
        self.query_one(SearchBar).set_quietly(query.text)
        self.generation += 1
        self.show_results(self.generation, first_page, total)
        self.query_one(ReviewTable).move_cursor(row=0, animate=False)
        self.query_one(ReviewTable).focus()

    def _show_query(self) -> None:
        q = self.review_query
        self.query_one(ReviewTable).set_sort(q.sort, q.descending)
        self.query_one(ReviewFilters).preset(
            FilterState(
                status=q.status,
                decision=next(iter(q.decisions)) if len(q.decisions) == 1 else None,
                review=q.review,
                anonymised_only=q.anonymised_only,
                date_from=q.date_from,
                date_to=q.date_to,
            )
        )

    # -- asking and showing ---------------------------------------------------------------------

    def ask(self) -> None:
        """Ask the App for the first page of the current query."""
        self.generation += 1
        # No "searching…" line: an answer takes milliseconds, and each extra line is a repaint.
        self.post_message(self.QueryChanged(self.review_query, self.generation))

    def show_results(
        self, generation: int, rows: Sequence[Any], total: int | None, *, offset: int = 0
    ) -> None:
        """Show a page the App fetched; answers to an older query are dropped."""
        if generation != self.generation:
            return
        self.shown_generation = generation
        table = self.query_one(ReviewTable)
        if total is not None:
            self.total = total
        table.show_rows(rows, total=self.total, append=offset > 0)
        self._describe()

    def _describe(self) -> None:
        table = self.query_one(ReviewTable)
        found = f"{self.total:,} consultation{'s' if self.total != 1 else ''}"
        parts = [found + (" found" if self._filtered() else "")]
        filters = self.query_one(ReviewFilters).state
        if filters.describe():
            parts.append(filters.describe())
        arrow = "newest first" if table.descending else "oldest first"
        if table.sort_column.value != "created_at":
            arrow = "Z–A" if table.descending else "A–Z"
            if table.sort_column.value == "review_date":
                arrow = "latest first" if table.descending else "soonest first"
        parts.append(f"sorted by {sort_label(table.sort_column).lower()}, {arrow}")
        if table.row_count < self.total:
            parts.append(f"{table.row_count:,} loaded; more as you scroll")
        self.query_one("#review-found", Static).update(Content(" · ".join(parts)))
        empty = self.query_one("#review-empty", Static)
        empty.display = self.total == 0
        table.display = self.total > 0
        if self.total == 0:
            empty.update(
                Content(
                    "Nothing matches. Try fewer or shorter words, or press x to clear the "
                    "search and filters."
                    if self._filtered()
                    else "No consultations yet. Press ctrl+n to start one."
                )
            )

    def _filtered(self) -> bool:
        return self.review_query != ReviewQuery(
            sort=self.review_query.sort,
            descending=self.review_query.descending,
            today=self.review_query.today,
        )

    def _requery(self, **changes: Any) -> None:
        query = replace(self.review_query, **changes)
        if query != self.review_query:
            self.review_query = query
            self.ask()

    # -- messages from the widgets --------------------------------------------------------------

    def on_search_bar_searched(self, event: SearchBar.Searched) -> None:
        self._requery(text=event.text)

    def on_search_bar_done(self, _: SearchBar.Done) -> None:
        self.query_one(ReviewTable).focus()

    def on_review_filters_changed(self, event: ReviewFilters.Changed) -> None:
        state: FilterState = event.state
        self._requery(
            status=state.status,
            decisions=frozenset({state.decision}) if state.decision is not None else frozenset(),
            review=state.review,
            anonymised_only=state.anonymised_only,
            date_from=state.date_from,
            date_to=state.date_to,
        )

    def on_review_table_sort_changed(self, event: ReviewTable.SortChanged) -> None:
        self._requery(sort=event.column, descending=event.descending)

    def on_review_table_more_wanted(self, event: ReviewTable.MoreWanted) -> None:
        self.post_message(self.MoreWanted(self.review_query, event.offset, self.generation))

    def on_data_table_row_selected(self, event: ReviewTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.OpenRequested(event.row_key.value))

    # -- actions ----------------------------------------------------------------------------------

    def action_open_selected(self) -> None:
        record_id = self.query_one(ReviewTable).selected_id()
        if record_id is None:
            self.notify("There is nothing to open: no consultation matches.")
            return
        self.post_message(self.OpenRequested(record_id))

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_cycle_status(self) -> None:
        self.query_one(ReviewFilters).cycle_status()

    def action_cycle_decision(self) -> None:
        self.query_one(ReviewFilters).cycle_decision()

    def action_cycle_review(self) -> None:
        self.query_one(ReviewFilters).cycle_review()

    def action_toggle_anonymised(self) -> None:
        self.query_one(ReviewFilters).toggle_anonymised()

    def action_dates(self) -> None:
        filters = self.query_one(ReviewFilters)

        def chosen(days: tuple[date | None, date | None] | None) -> None:
            if days is not None:
                filters.set_dates(*days)

        self.app.push_screen(DateRangeModal(filters.state.date_from, filters.state.date_to), chosen)

    def action_clear_filters(self) -> None:
        self.query_one(SearchBar).value = ""
        self.query_one(SearchBar).send_now()
        self.query_one(ReviewFilters).clear()

    def action_chronology(self) -> None:
        table = self.query_one(ReviewTable)
        reference = table.case_references.get(table.selected_id() or "", "")
        if not reference.strip():
            self.notify("Choose a consultation with a case reference to see its chronology.")
            return
        self.post_message(self.ChronologyRequested(case_reference=reference))

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused is not self.query_one(ReviewTable):
            self.query_one(ReviewTable).focus()
            return
        self.app.pop_screen()
