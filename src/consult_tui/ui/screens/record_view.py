"""One past consultation, read-only and whole: what was known, weighed, decided, added and done.

Reading it is entered in the audit trail when the record is opened. From here a practitioner adds
a dated addendum (never an edit) and exports the record for the case file, both through the record
service, or asks the App for a follow-up consultation or the chronology of the case or child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...domain.record import Addendum
from ..messages import ChronologyRequested, EditRequested, FollowUpRequested
from ..store_calls import reported
from ..widgets.key_line import KeyLine
from ..widgets.plain_text import printable
from ..widgets.record_reader import RecordReader
from ..widgets.status_line import StatusLine
from .addendum import AddendumModal

if TYPE_CHECKING:
    from ...service.records import Reading, RecordService


class RecordViewScreen(Screen[None]):
    """The whole record in reading order, with its assessment, addenda and audit trail."""

    AUTO_FOCUS = "#record-reader"

    # Tooltips are each action's full name in the palette: the words people type for it.
    BINDINGS = [
        Binding(
            "a",
            "add_addendum",
            "Addendum",
            id="record-addendum",
            tooltip="Add a dated addendum (a note beside the record)",
        ),
        Binding(
            "f",
            "follow_up",
            "Follow-up",
            id="record-follow-up",
            tooltip="Follow-up consultation: a new draft from this one",
        ),
        Binding(
            "e", "edit_draft", "Edit draft", id="record-edit", show=False, tooltip="Edit the draft"
        ),
        Binding(
            "m",
            "export('md')",
            "Markdown",
            id="record-export-md",
            tooltip="Export as Markdown (for the case file)",
        ),
        Binding(
            "p",
            "export('pdf')",
            "PDF",
            id="record-export-pdf",
            tooltip="Export as PDF (for the case file)",
        ),
        Binding(
            "j",
            "export('json')",
            "JSON",
            id="record-export-json",
            show=False,
            tooltip="Export as JSON (for other systems)",
        ),
        Binding(
            "c",
            "chronology('case')",
            "Case chronology",
            id="record-case-chronology",
            tooltip="Chronology of the case (history, timeline)",
        ),
        Binding(
            "h",
            "chronology('child')",
            "Child chronology",
            id="record-child-chronology",
            show=False,
            tooltip="Chronology of the child (history, timeline)",
        ),
        Binding(
            "t",
            "audit_trail",
            "Audit trail",
            id="record-audit",
            show=False,
            tooltip="Audit trail: who viewed, exported or added what (log)",
        ),
        Binding("escape", "back", "Back", id="record-back", tooltip="Back (close the record)"),
    ]

    def __init__(self, reading: Reading, records: RecordService, *, author: str = "") -> None:
        super().__init__()
        self.record = reading.record
        self.document = reading.document
        self.records = records
        self.author = author

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static(self._banner(), id="record-banner")
        yield RecordReader(self.document, id="record-reader")
        yield KeyLine(self.BINDINGS)

    def _banner(self) -> Content:
        if self.record.is_final:
            finalised = self.record.finalised_at
            when = finalised.strftime("%Y-%m-%d") if finalised else "(date not recorded)"
            words = f"FINALISED {when} · read-only · a: add a dated addendum · f: follow-up"
            if self.document.unverified:
                words = words.replace(" · read-only", " · IMPORTED, NOT VERIFIED · read-only")
        else:
            words = "DRAFT · not finalised · e: carry on editing it"
        addenda = len(self.record.addenda)
        if addenda:
            words += f" · {addenda} addend{'a' if addenda != 1 else 'um'}"
        comparison = self.document.comparison
        if comparison.pack_changed or comparison.reads_differently:
            words += " · guidance has changed since: see 'What the guidance would say now'"
        return Content(printable(words))

    def show_record(self, reading: Reading, *, from_the_top: bool = False) -> None:
        """Show a record: the same one after a change (keeping the place), or another one."""
        self.record, self.document = reading.record, reading.document
        document = reading.document
        self.query_one("#record-banner", Static).update(self._banner())
        reader = self.query_one(RecordReader)
        reader.show(document)
        if from_the_top:
            reader.scroll_home(animate=False)
            reader.focus()

    # -- actions ------------------------------------------------------------------------------

    def action_add_addendum(self) -> None:
        if not self.record.is_final:
            self.notify(
                "This record is still a draft, so it takes no addendum: press e to edit the "
                "draft itself.",
            )
            return

        def added(addendum: Addendum | None) -> None:
            if addendum is not None:
                self._add_addendum(self.record.id, addendum)

        people = [
            (person.id, person.name.strip() or f"person {number}")
            for number, person in enumerate(self.record.people, start=1)
        ]
        self.app.push_screen(
            AddendumModal(self.document.title, author=self.author, people=people), added
        )

    @work(group="record-writes")
    async def _add_addendum(self, record_id: str, addendum: Addendum) -> None:
        reading = await reported(self, self.records.add_addendum(record_id, addendum))
        if reading is None:
            return
        if reading.record.id == self.record.id:
            self.show_record(reading)
        self.notify("Addendum added, dated and kept beside the record; the record is unchanged.")

    def action_follow_up(self) -> None:
        self.post_message(FollowUpRequested(self.record))

    def action_edit_draft(self) -> None:
        if self.record.is_final:
            self.notify("A finalised record is not edited: press a to add a dated addendum.")
            return
        self.post_message(EditRequested(self.record))

    def action_export(self, fmt: str) -> None:
        self._export(self.record.id, fmt)

    @work(group="record-writes")
    async def _export(self, record_id: str, fmt: str) -> None:
        exported = await reported(self, self.records.export(record_id, fmt))
        if exported is None:
            return
        if exported.reading.record.id == self.record.id:
            self.show_record(exported.reading)
        self.notify(f"Exported to {exported.path} (readable by you only).", markup=False, timeout=8)

    def action_chronology(self, which: str) -> None:
        if which == "child":
            child = self.record.subject()
            if child is None or not child.name.strip() or self.record.anonymised:
                self.notify("This record names no child, so there is no chronology for one.")
                return
            self.post_message(ChronologyRequested(child=child.name))
            return
        if not self.record.case_reference.strip():
            self.notify("This record has no case reference. Press h for the child's chronology.")
            return
        self.post_message(ChronologyRequested(case_reference=self.record.case_reference))

    def action_audit_trail(self) -> None:
        # The audit trail is the record's last section.
        self.query_one(RecordReader).jump_to_end()

    def action_back(self) -> None:
        self.app.pop_screen()
