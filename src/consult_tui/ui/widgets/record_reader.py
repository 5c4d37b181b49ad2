"""A whole record, read-only, in reading order: the same document the exports are made from.

The record is one block of text in a scrolling view, not a widget per section: a record opens in
one layout pass however long it is.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...export.document import CaseDocument, Field, Item, Paragraph, Section
from .plain_text import printable


def _field(label: str, value: str, indent: str = "") -> Content:
    return Content.assemble(
        indent, (f"{printable(label)}: ", "bold"), printable(value, multiline=True)
    )


def section_content(section: Section) -> Content:
    """One section's heading and blocks as display text; typed text is always literal."""
    lines: list[Content] = [Content.styled(section.title, "bold underline")]
    for block in section.blocks:
        if isinstance(block, Field):
            lines.append(_field(block.label, block.value))
        elif isinstance(block, Item):
            lines.append(Content("• " + printable(block.text, multiline=True)))
            lines.extend(_field(d.label, d.value, "    ") for d in block.details)
        elif isinstance(block, Paragraph):
            lines.append(Content(printable(block.text, multiline=True)))
    return Content("\n").join(lines)


def document_content(document: CaseDocument) -> Content:
    parts = [Content.styled(printable(document.title), "bold")]
    parts += [section_content(section) for section in document.sections]
    return Content("\n\n").join(parts)


class RecordReader(VerticalScroll, can_focus=True):
    """Scrolls through a record with the arrow keys, Page Up/Down, Home and End."""

    def __init__(self, document: CaseDocument, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.document = document

    def compose(self) -> ComposeResult:
        yield Static(document_content(self.document), id="reader-text")

    def show(self, document: CaseDocument) -> None:
        """Show a newer version of the record (after an addendum), keeping the place."""
        self.document = document
        self.query_one("#reader-text", Static).update(document_content(document))

    def text(self) -> str:
        """The record as shown, without styles (for tests and copying)."""
        return document_content(self.document).plain

    def jump_to_end(self) -> None:
        self.scroll_end(animate=False)
