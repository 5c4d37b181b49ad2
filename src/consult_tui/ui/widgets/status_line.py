"""The top line: which database is open and whether it is locked — never any case data.

Textual's Header would do, but its clock repaints every second, which is wasted traffic over a
slow SSH link, and the terminal title is never touched.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show, init=True)

    def _show(self, sub_title: str) -> None:
        self.update(Content(f"{self.app.title} · {sub_title}" if sub_title else self.app.title))
