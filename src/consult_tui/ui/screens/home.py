"""The home screen: past consultations, newest first, and the way into a new one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.labels import decision_short, status_short
from ..messages import OpenRequested, ReviewRequested
from ..store_calls import reported
from ..widgets.fitted_columns import ColumnSpec, FittedColumns
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine

if TYPE_CHECKING:
    from ...service.records import RecordService

# The newest screenful or two; browsing the rest is the review screen's job (F5).
HOME_ROWS = 40

HOME_COLUMNS = (
    ColumnSpec("updated", "Updated", 16),
    ColumnSpec("case", "Case ref", 8),
    ColumnSpec("child", "Child", 6, gives_way=True),
    ColumnSpec("decision", "Decision", 8),
    ColumnSpec("status", "Status", 6),
    ColumnSpec("review", "Review", 10),
)


class HomeScreen(Screen[None]):
    """Lists consultations so a practitioner can carry on a draft or read a finalised record."""

    BINDINGS = [
        Binding(
            "enter",
            "open_selected",
            "Open",
            id="home-open",
            tooltip="Open the selected consultation",
            # Before the table's own Enter, so the footer can offer it: the list has nothing
            # else that Enter could mean.
            priority=True,
        ),
        # The list reloads itself on every return to it: F6 stays in the palette and F1, and
        # leaves the footer's room at 80 columns to the keys a practitioner looks for.
        Binding(
            "f6", "refresh", "Refresh", id="home-refresh", tooltip="Refresh the list", show=False
        ),
        Binding("v", "review('due')", "Due", id="home-reviews-due", tooltip="Reviews due"),
        Binding("d", "review('drafts')", "Drafts", id="home-drafts", tooltip="Unfinished drafts"),
    ]

    summaries: reactive[Sequence[Any]] = reactive((), always_update=True)
    total: reactive[int] = reactive(0)
    # What needs attention first: drafts not finished, reviews due (store.search.Attention).
    attention: reactive[Any] = reactive(None, always_update=True)

    def __init__(self, records: RecordService) -> None:
        super().__init__()
        self.records = records

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="home-body"):
            yield Static("", id="home-needs")
            yield Static("", id="home-attention")
            table: DataTable[Text] = DataTable(
                id="home-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static("No consultations yet. Press ctrl+n to start one.", id="home-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#home-table", DataTable)
        # Columns take the width their content needs, up to the room there is, cut with "…".
        self.fitted = FittedColumns(table, HOME_COLUMNS)
        self.fitted.show([])
        table.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fitted.refit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An empty list has nothing to open: the footer offers ctrl+n, as the list itself says.
        if action == "open_selected":
            return bool(self.summaries)
        return True

    def watch_summaries(self, summaries: Sequence[Any]) -> None:
        self.refresh_bindings()
        if not self.is_mounted:
            return
        table = self.query_one("#home-table", DataTable)
        rows = []
        for summary in summaries:
            updated = summary.updated_at.strftime("%Y-%m-%d %H:%M") if summary.updated_at else ""
            cells = [
                updated,
                summary.case_reference,
                summary.child_label,
                decision_short(summary.decision),
                status_short(summary.status),
                summary.review_date.isoformat() if summary.review_date else "",
            ]
            rows.append((summary.id, [c if c not in (None, "") else "—" for c in cells]))
        self.fitted.show(rows)
        drafts = sum(1 for s in summaries if str(getattr(s.status, "value", s.status)) == "draft")
        self.query_one("#home-empty").display = not summaries
        table.display = bool(summaries)
        shown = len(summaries)
        more = f" (newest {shown} shown)" if self.total > shown else ""
        attention = f"{self.total} consultation{'s' if self.total != 1 else ''}{more}"
        if drafts:
            attention += f" · {drafts} draft{'s' if drafts != 1 else ''} not finalised"
        self.query_one("#home-attention", Static).update(Text(attention))

    def watch_attention(self, attention: Any) -> None:
        if not self.is_mounted or attention is None:
            return
        needs = self.query_one("#home-needs", Static)
        lines = []
        if attention.drafts:
            oldest = attention.oldest_drafts[0] if attention.oldest_drafts else None
            since = f", the oldest from {oldest.created_at:%Y-%m-%d}" if oldest else ""
            lines.append(
                f"• {attention.drafts} draft{'s' if attention.drafts != 1 else ''} not "
                f"finished{since} (d to list them)"
            )
        if attention.reviews_due:
            overdue = attention.reviews_overdue
            late = f", {overdue} overdue" if overdue else ""
            lines.append(
                f"• {attention.reviews_due} review{'s' if attention.reviews_due != 1 else ''} "
                f"due{late} (v to list them)"
            )
        needs.display = bool(lines)
        needs.update(Text("Needs attention\n" + "\n".join(lines) if lines else ""))

    def action_review(self, preset: str) -> None:
        self.post_message(ReviewRequested(preset))

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load()

    @work(exclusive=True, group="home-rows")
    async def _load(self) -> None:
        page = await reported(self, self.records.home_page(HOME_ROWS))
        if page is None:
            return
        self.total = page.total
        self.summaries = page.summaries
        self.attention = page.attention

    def action_open_selected(self) -> None:
        table = self.query_one("#home-table", DataTable)
        if not table.row_count:
            self.notify("There is nothing to open yet. Press ctrl+n to start a consultation.")
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value is not None:
            self.post_message(OpenRequested(row_key.value, to_edit=True))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenRequested(event.row_key.value, to_edit=True))
