"""A checklist from the guidance pack (the key points, or the communication tips): each tick is
stored as the item's id, so a partnership rewording its pack does not unpick old records.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.guidance import ChecklistItem
from .tick_box import Tick


class Checklist(Vertical):
    def __init__(
        self,
        title: str,
        items: Sequence[ChecklistItem],
        list_path: str,
        ticked: Sequence[str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="checklist")
        self.title = title
        self.items = list(items)
        self.list_path = list_path
        self.ticked = set(ticked)

    def compose(self) -> ComposeResult:
        yield Static(self._title_text(), classes="section-title")
        for item in self.items:
            yield Tick(
                item.text,
                item.id in self.ticked,
                field_path=self.list_path,
                member=item.id,
                help_text=item.help,
            )

    def _title_text(self) -> Content:
        done = len(self.ticked & {item.id for item in self.items})
        return Content.assemble((self.title, "bold"), f"  {done} of {len(self.items)} ticked")

    def ticks_changed(self, ticked: Sequence[str]) -> None:
        self.ticked = set(ticked)
        self.query_one(".section-title", Static).update(self._title_text(), layout=False)
