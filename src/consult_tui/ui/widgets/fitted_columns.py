"""A DataTable's columns sized to their content within the table's width, cut with "…".

Fixed widths chose for 80 columns cut a case reference (`BL-SG-2025-0`) or a heading (`Statu`)
with no sign, even with half the screen free. This keeps the rows as plain strings, works out
widths from them (``text_fit.fit_widths``) and builds the columns again when the content or the
table's width changes; every cell and heading is a literal Text that ends in "…" where cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from ...text_fit import fit_widths
from .plain_text import printable

# Below this the table is not laid out yet (or is hidden): fit once it has a real width.
_UNSIZED = 4


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    heading: str
    minimum: int = 4  # a column is never narrowed below this (a date: its 10 characters)
    gives_way: bool = False  # narrowed before the others (a long note, a name)


def literal_cell(text: str) -> Text:
    """Typed text as a cell or heading: literal, one line, "…" where the column cuts it."""
    return Text(printable(text), no_wrap=True, overflow="ellipsis")


class FittedColumns:
    """Owns a table's columns and rows; call ``show`` with new rows and ``refit`` on resize."""

    def __init__(self, table: DataTable[Text], columns: Sequence[ColumnSpec]) -> None:
        self.table = table
        self.columns = list(columns)
        self.headings = [c.heading for c in self.columns]
        self.rows: list[tuple[str, list[str]]] = []
        self.widths: list[int] = []

    def set_heading(self, key: str, heading: str) -> None:
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        self.headings[index] = heading

    def available(self) -> int:
        table = self.table
        width = table.scrollable_content_region.width or table.size.width
        padding = 2 * table.cell_padding * len(self.columns)
        return width - padding

    def natural(self) -> list[int]:
        widths = [len(h) for h in self.headings]
        for _, cells in self.rows:
            for i, text in enumerate(cells):
                widths[i] = max(widths[i], len(text))
        return widths

    def show(self, rows: Sequence[tuple[str, list[str]]], *, append: bool = False) -> None:
        """Show these rows (after the ones shown already, with append=True)."""
        new = [(key, [printable(c) for c in cells]) for key, cells in rows]
        if append:
            self.rows.extend(new)
        else:
            self.rows = new
        widths = self._fitted()
        if append and widths == self.widths and self.table.columns:
            for key, cells in new:
                self.table.add_row(*map(literal_cell, cells), key=key)
            return
        self._rebuild(widths)

    def refit(self) -> None:
        """Fit again to the table's width now (call from on_resize)."""
        widths = self._fitted()
        if widths != self.widths or not self.table.columns:
            self._rebuild(widths)

    def relabel(self) -> None:
        """Show changed headings (a sort arrow) at their fitted widths."""
        self._rebuild(self._fitted())

    def _fitted(self) -> list[int]:
        natural = self.natural()
        available = self.available()
        if available < _UNSIZED:
            return natural
        minimum = [min(c.minimum, n) for c, n in zip(self.columns, natural, strict=True)]
        # Columns that give way are narrowed first; the others only if that is not enough.
        first = [
            m if c.gives_way else n for c, n, m in zip(self.columns, natural, minimum, strict=True)
        ]
        return fit_widths(fit_widths(natural, available, first), available, minimum)

    def _rebuild(self, widths: list[int]) -> None:
        table = self.table
        cursor = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        for spec, heading, width in zip(self.columns, self.headings, widths, strict=True):
            table.add_column(literal_cell(heading), key=spec.key, width=width)
        for key, cells in self.rows:
            table.add_row(*map(literal_cell, cells), key=key)
        self.widths = widths
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
