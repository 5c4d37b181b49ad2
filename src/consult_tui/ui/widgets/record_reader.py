"""A whole record, read-only, in reading order: the same document the exports are made from.

A record can run to hundreds of lines once its addenda and audit trail are in. Laid out as one
long text widget, Textual rendered every line on each opening (about 40 ms of a 78 ms open at
100,000 records), though only a screenful is ever seen. This reader wraps the text once per
width and renders only the lines in view, each kept in a small cache while the reader scrolls.
"""

from __future__ import annotations

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

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
    return Content("\n\n").join(parts).expand_tabs()


def wrap_with_hanging_indent(content: Content, width: int) -> list[Content]:
    """Screen lines for ``width`` cells; a wrapped line continues indented under its start.

    Without the indent, the end of a long reason or view wrapped to the left edge, where it read
    as a paragraph of its own.
    """
    lines: list[Content] = []
    for line in content.split("\n"):
        plain = line.plain
        hang = len(plain) - len(plain.lstrip(" ")) + 2
        pieces = line.wrap(max(width - hang, 10)) if plain else []
        if not pieces:
            lines.append(Content(""))
            continue
        lines.append(pieces[0])
        lines.extend(Content(" " * hang) + piece for piece in pieces[1:])
    return lines


class RecordReader(ScrollView, can_focus=True):
    """Scrolls through a record with the arrow keys, Page Up/Down, Home and End."""

    def __init__(self, document: CaseDocument, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.document = document
        self._content = document_content(document)
        self._lines: list[Content] = []
        self._wrapped_at = 0
        self._strips: LRUCache[int, Strip] = LRUCache(256)

    @property
    def line_count(self) -> int:
        """How many screen lines the record takes at the reader's present width."""
        return len(self._lines)

    def show(self, document: CaseDocument) -> None:
        """Show a newer version of the record (after an addendum), or another record."""
        self.document = document
        self._content = document_content(document)
        self._wrap(self.scrollable_content_region.width, force=True)

    def text(self) -> str:
        """The record as shown, without styles (for tests and copying)."""
        return self._content.plain

    def jump_to_end(self) -> None:
        self.scroll_end(animate=False)

    # -- rendering ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Wrap for the width the reader will have (the screen's, less padding, border and scroll
        # bar) before the first frame: waiting for the Resize event drew a blank screen first,
        # a third more bytes over SSH on the first record of a session.
        gutter = self.styles.gutter.width + self.styles.scrollbar_size_vertical
        self._wrap(self.app.size.width - gutter)

    def on_resize(self, event: events.Resize) -> None:
        self._wrap(self.scrollable_content_region.width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _wrap(self, width: int, *, force: bool = False) -> None:
        if width <= 0 or (width == self._wrapped_at and not force):
            return
        self._lines = wrap_with_hanging_indent(self._content, width)
        self._wrapped_at = width
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            line = self._lines[index]
            strip = Strip(line.render_segments(self.visual_style), line.cell_length)
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)
