"""A chronology: every consultation and addendum for one case, or one child, in date order.

This is the view a practitioner otherwise builds by hand for a review, a strategy meeting or a
court: what was decided when, and what was added later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...store.search import EntryKind
from ..messages import OpenRequested
from ..widgets.key_line import KeyLine
from ..widgets.plain_text import printable
from ..widgets.review_table import cell, decision_words
from ..widgets.status_line import StatusLine


class ChronologyScreen(Screen[None]):
    AUTO_FOCUS = "#chronology-table"

    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="chronology-open"),
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
        table.add_column("Date", key="at", width=10)
        table.add_column("What", key="kind", width=12)
        table.add_column("Case ref", key="case", width=10)
        table.add_column("Child", key="child", width=8)
        table.add_column("Decision", key="decision", width=11)
        table.add_column("Status", key="status", width=6)
        table.add_column("Why / note", key="summary")
        for number, entry in enumerate(self.entries):
            what = "Consultation" if entry.kind is EntryKind.CONSULTATION else "Addendum"
            summary = " ".join(entry.summary.split())
            table.add_row(
                cell(entry.at.strftime("%Y-%m-%d")),
                cell(what),
                cell(entry.case_reference),
                cell(entry.child_label),
                cell(
                    decision_words(entry.decision) if entry.kind is EntryKind.CONSULTATION else ""
                ),
                Text(printable(summary[:300]) or "—", no_wrap=True, overflow="ellipsis"),
                key=f"{number}:{entry.record_id}",
            )
        self.query_one("#chronology-empty").display = not self.entries
        table.display = bool(self.entries)

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
