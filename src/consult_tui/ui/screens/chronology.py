"""A chronology: every consultation and addendum for one case, or one child, in date order.

This is the view a practitioner otherwise builds by hand for a review, a strategy meeting or a
court: what was decided when, and what was added later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.labels import decision_short, status_short
from ...store.search import EntryKind
from ..messages import OpenRequested
from ..widgets.fitted_columns import ColumnSpec, FittedColumns
from ..widgets.key_line import KeyLine
from ..widgets.plain_text import printable
from ..widgets.status_line import StatusLine

CHRONOLOGY_COLUMNS = (
    ColumnSpec("at", "Date", 10),
    ColumnSpec("kind", "What", 8),
    ColumnSpec("case", "Case ref", 8),
    ColumnSpec("child", "Child", 5),
    ColumnSpec("decision", "Decision", 7),
    ColumnSpec("status", "Status", 6),
    ColumnSpec("summary", "Why / note", 12, gives_way=True),
)


class ChronologyScreen(Screen[None]):
    AUTO_FOCUS = "#chronology-table"

    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="chronology-open", tooltip="Open the record"),
        Binding("escape", "back", "Back", id="chronology-back"),
    ]

    def __init__(self, heading: str, entries: Sequence[Any]) -> None:
        super().__init__()
        self.heading = heading
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        yield StatusLine()
        consultations = sum(1 for e in self.entries if e.kind is EntryKind.CONSULTATION)
        addenda = len(self.entries) - consultations
        yield Static(
            Content(
                f"Chronology: {printable(self.heading)} · {consultations} consultation"
                f"{'s' if consultations != 1 else ''}, {addenda} addend"
                f"{'a' if addenda != 1 else 'um'}, oldest first"
            ),
            id="chronology-heading",
        )
        yield DataTable(id="chronology-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content("Nothing recorded for this yet."), id="chronology-empty")
        yield KeyLine(self.BINDINGS)

    def on_mount(self) -> None:
        table = self.query_one("#chronology-table", DataTable)
        # One cell per column; each column as wide as its content allows, the note cut with "…".
        self.fitted = FittedColumns(table, CHRONOLOGY_COLUMNS)
        rows = []
        for number, entry in enumerate(self.entries):
            consultation = entry.kind is EntryKind.CONSULTATION
            cells = [
                entry.at.strftime("%Y-%m-%d"),
                "Consultation" if consultation else "Addendum",
                entry.case_reference,
                entry.child_label,
                decision_short(entry.decision) if consultation else "",
                # Starts "Not", as in the review table: cut short it still reads unlike "Final".
                ("Not verified: imported" if entry.unverified else status_short(entry.status))
                if consultation
                else "",
                " ".join(entry.summary.split())[:300],
            ]
            rows.append((f"{number}:{entry.record_id}", [c or "—" for c in cells]))
        self.fitted.show(rows)
        self.query_one("#chronology-empty").display = not self.entries
        table.display = bool(self.entries)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fitted.refit)

    def action_open_selected(self) -> None:
        table = self.query_one("#chronology-table", DataTable)
        if not table.row_count:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value:
            self.post_message(OpenRequested(row_key.value.split(":", 1)[1]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(OpenRequested(event.row_key.value.split(":", 1)[1]))

    def action_back(self) -> None:
        self.app.pop_screen()
