"""The review screen: every past consultation, searched as you type, filtered and sorted.

It reads through the record service, in exclusive workers: a newer query replaces one still
being answered, so an older answer never overwrites a newer one. Further pages are read as the
cursor nears the end, so opening it costs one page however many records there are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...store.search import ReviewQuery
from ..messages import ChronologyRequested, OpenRequested
from ..store_calls import reported
from ..widgets.key_line import KeyLine
from ..widgets.review_filters import DateRangeModal, FilterState, ReviewFilters
from ..widgets.review_table import ReviewTable, sort_label
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import StatusLine

if TYPE_CHECKING:
    from ...service.records import RecordService, ReviewPage

# The first page fills a tall terminal and no more: each row a table holds costs time to add,
# and most searches are answered by the first screenful. Scrolling brings larger pages.
FIRST_PAGE_ROWS = 50
PAGE_ROWS = 200


class ReviewScreen(Screen[None]):
    """Find a past consultation: search, filter, sort, then open it, or its case chronology."""

    AUTO_FOCUS = "#review-table"

    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="review-open", tooltip="Open the record"),
        Binding(
            "slash,ctrl+f",
            "focus_search",
            "Search",
            id="review-search",
            key_display="/",
            tooltip="Search (find words)",
        ),
        Binding(
            "d", "cycle_status", "Drafts", id="review-status", tooltip="Filter: drafts / finalised"
        ),
        Binding(
            "e",
            "cycle_decision",
            "Decision",
            id="review-decision",
            show=False,
            tooltip="Filter: decision",
        ),
        Binding(
            "v", "cycle_review", "Due", id="review-due", tooltip="Filter: review due / overdue"
        ),
        Binding(
            "a",
            "toggle_anonymised",
            "Anonymised",
            id="review-anonymised",
            show=False,
            tooltip="Filter: anonymised discussions",
        ),
        Binding("t", "dates", "Dates", id="review-dates", tooltip="Filter: dates (a date range)"),
        Binding(
            "x", "clear_filters", "Clear", id="review-clear", tooltip="Clear search and filters"
        ),
        Binding(
            "c",
            "chronology",
            "Chronology",
            id="review-chronology",
            tooltip="Chronology of the case",
        ),
        Binding("escape", "back", "Back", id="review-back"),
    ]

    def __init__(
        self,
        records: RecordService,
        query: ReviewQuery | None = None,
        *,
        first_page: ReviewPage | None = None,
    ) -> None:
        """``first_page``, when the App has read it already, is shown in the first frame."""
        super().__init__()
        self.records = records
        self.review_query = query or ReviewQuery()
        self._first_page = first_page
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
        self.show_results(self._first_page)
        self._first_page = None

    def start(self, query: ReviewQuery, first_page: ReviewPage) -> None:
        """Show a new query with its first page: the screen is reused each time F5 opens it."""
        self.workers.cancel_group(self, "review")
        self.workers.cancel_group(self, "review-more")
        self.review_query = query
        self._show_query()
        self.query_one(SearchBar).set_quietly(query.text)
        self.show_results(first_page)
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
        """Read the first page of the current query (replacing any older reading)."""
        # No "searching…" line: an answer takes milliseconds, and each extra line is a repaint.
        self.workers.cancel_group(self, "review-more")
        self._read_first_page(self.review_query)

    @work(exclusive=True, group="review")
    async def _read_first_page(self, query: ReviewQuery) -> None:
        page = await reported(self, self.records.review_page(query, limit=FIRST_PAGE_ROWS))
        if page is not None and query is self.review_query:
            self.show_results(page)

    @work(exclusive=True, group="review-more")
    async def _read_more(self, query: ReviewQuery, offset: int) -> None:
        page = await reported(self, self.records.review_page(query, limit=PAGE_ROWS, offset=offset))
        if page is not None and query is self.review_query:
            self.show_results(page, offset=offset)

    def show_results(self, page: ReviewPage, *, offset: int = 0) -> None:
        """Show a page read for the query on screen."""
        table = self.query_one(ReviewTable)
        if page.total is not None:
            self.total = page.total
        table.show_rows(page.rows, total=self.total, append=offset > 0)
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
        self._read_more(self.review_query, event.offset)

    def on_data_table_row_selected(self, event: ReviewTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenRequested(event.row_key.value))

    # -- actions ----------------------------------------------------------------------------------

    def action_open_selected(self) -> None:
        record_id = self.query_one(ReviewTable).selected_id()
        if record_id is None:
            self.notify("There is nothing to open: no consultation matches.")
            return
        self.post_message(OpenRequested(record_id))

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
        self.post_message(ChronologyRequested(case_reference=reference))

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused is not self.query_one(ReviewTable):
            self.query_one(ReviewTable).focus()
            return
        self.app.pop_screen()
