"""The review table: one page of consultations at a time, sortable by any column from the keyboard.

It never holds more than the pages the practitioner has scrolled through: when the cursor nears
the last loaded row it asks for the next page (MoreWanted), and the App fetches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ...domain.labels import decision_short, label_of, status_short
from ...store.search import SortColumn
from .fitted_columns import ColumnSpec, FittedColumns
from .plain_text import printable

# (column, heading, narrowest) in the order shown; digits 1–7 sort by these. Columns take the
# width their content needs, narrowed (widest first, cut with "…") to the room there is.
COLUMNS: tuple[tuple[SortColumn, str, int], ...] = (
    (SortColumn.CASE_REFERENCE, "Case ref", 8),
    (SortColumn.DATE, "Date", 10),
    (SortColumn.PRACTITIONER, "Practitioner", 6),
    (SortColumn.CHILD, "Child", 5),
    (SortColumn.DECISION, "Decision", 7),
    (SortColumn.STATUS, "Status", 6),
    (SortColumn.REVIEW_DATE, "Review", 10),
)
# Names are narrowed before the reference, dates and decision.
_GIVES_WAY = (SortColumn.PRACTITIONER, SortColumn.CHILD)
# Ask for the next page this many rows before the end, so scrolling never waits at the bottom.
LOAD_AHEAD_ROWS = 20


def cell(value: object) -> Text:
    """Typed text as a table cell: literal, one line, never markup or control codes."""
    text = "" if value in (None, "") else str(value)
    return Text(printable(text) or "—", no_wrap=True, overflow="ellipsis")


def sort_label(column: SortColumn) -> str:
    return next(heading for key, heading, _ in COLUMNS if key is column)


class ReviewTable(DataTable[Text]):
    """Consultations found by the review query, a page at a time."""

    BINDINGS = [
        Binding("s", "next_sort", "Sort", id="review-sort", tooltip="Sort by the next column"),
        Binding("r", "reverse_sort", "Reverse", id="review-reverse", tooltip="Reverse the order"),
        # Rows matter here, not columns: Home and End go to the first and last row.
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
        *(
            Binding(str(number), f"sort_by({number - 1})", show=False)
            for number in range(1, len(COLUMNS) + 1)
        ),
    ]

    class SortChanged(Message):
        def __init__(self, column: SortColumn, descending: bool) -> None:
            self.column = column
            self.descending = descending
            super().__init__()

    class MoreWanted(Message):
        """The cursor is near the last loaded row and more rows exist."""

        def __init__(self, offset: int) -> None:
            self.offset = offset
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.sort_column = SortColumn.DATE
        self.descending = True
        self.total = 0
        self._asked_at = -1
        # As typed (the cells show a printable copy): for the chronology of a row's case.
        self.case_references: dict[str, str] = {}

    def on_mount(self) -> None:
        self.fitted = FittedColumns(
            self,
            [
                ColumnSpec(column.value, heading, narrowest)
                for column, heading, narrowest in COLUMNS
            ],
        )
        self._show_sort()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fitted.refit)

    # -- rows --------------------------------------------------------------------------------

    def show_rows(self, summaries: Sequence[Any], *, total: int, append: bool = False) -> None:
        """Show a first page (replacing what is there) or append the next one."""
        if not append:
            self._asked_at = -1
            self.case_references = {}
        self.total = total
        rows = []
        for summary in summaries:
            if summary.id in self.case_references:
                continue
            self.case_references[summary.id] = summary.case_reference
            cells = [
                summary.case_reference,
                summary.created_at.strftime("%Y-%m-%d"),
                summary.practitioner,
                summary.child_label,
                decision_short(summary.decision),
                # Starts "Not" so that even cut to the column's width it reads unlike "Final".
                "Not verified: imported" if summary.unverified else status_short(summary.status),
                summary.review_date.isoformat() if summary.review_date else "",
            ]
            rows.append((summary.id, [c if c not in (None, "") else "—" for c in cells]))
        self.fitted.show(rows, append=append)

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        loaded = self.row_count
        near_end = event.cursor_row >= loaded - LOAD_AHEAD_ROWS
        if near_end and loaded < self.total and self._asked_at != loaded:
            self._asked_at = loaded
            self.post_message(self.MoreWanted(loaded))

    # -- sorting -----------------------------------------------------------------------------

    def action_next_sort(self) -> None:
        keys = [column for column, _, _ in COLUMNS]
        column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        # Dates read newest first; names and references read A to Z.
        self._sort(column, column in (SortColumn.DATE,))

    def action_reverse_sort(self) -> None:
        self._sort(self.sort_column, not self.descending)

    def action_sort_by(self, index: int) -> None:
        column = COLUMNS[index][0]
        if column is self.sort_column:
            self._sort(column, not self.descending)
        else:
            self._sort(column, column is SortColumn.DATE)

    def set_sort(self, column: SortColumn, descending: bool) -> None:
        """Show the order a query already has (no new query is asked for)."""
        self.sort_column, self.descending = column, descending
        if self.is_mounted:
            self._show_sort()

    def _sort(self, column: SortColumn, descending: bool) -> None:
        self.sort_column, self.descending = column, descending
        self._show_sort()
        self.post_message(self.SortChanged(column, descending))

    def _show_sort(self) -> None:
        # The sorted column says so in words and an arrow, not by colour.
        for column, heading, _ in COLUMNS:
            label = heading
            if column is self.sort_column:
                label = f"{heading} {'↓' if self.descending else '↑'}"
            self.fitted.set_heading(column.value, label)
        self.fitted.relabel()


__all__ = ["COLUMNS", "ReviewTable", "cell", "label_of"]
