"""Live plain-language hints on the text about to be shared: abbreviations others may read
differently, professional jargon, sentences long enough to be misread. Enter on a hint (or F8 in
the text) accepts the offered wording; nothing is rewritten without the practitioner's say-so.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.scanner import Span, SpanKind
from .plain_text import printable

_SYMBOL = {
    SpanKind.ACRONYM: "≈",
    SpanKind.JARGON: "≈",
    SpanKind.UNKNOWN_CAPITALS: "?",
    SpanKind.LONG_SENTENCE: "¶",
}


def _shorten(text: str, width: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def hint_prompt(span: Span) -> Content:
    """One hint in words, with a symbol so its kind never rides on colour."""
    symbol = _SYMBOL[span.kind]
    if span.kind is SpanKind.ACRONYM:
        return Content.assemble(
            f"{symbol} ",
            (printable(span.text), "bold"),
            f" → add “{printable(span.suggestion)}”  Enter: use",
        )
    if span.kind is SpanKind.JARGON:
        return Content.assemble(
            f"{symbol} ",
            (printable(span.text), "bold"),
            f" → {printable(span.suggestion)}  Enter: use",
        )
    if span.kind is SpanKind.UNKNOWN_CAPITALS:
        return Content.assemble(
            f"{symbol} ", (printable(span.text), "bold"), f": {printable(span.suggestion)}"
        )
    return Content.assemble(
        f"{symbol} ", (f"“{printable(_shorten(span.text))}”", "italic"), f": {span.suggestion}"
    )


class HintList(OptionList):
    """The hints; Enter on an abbreviation or jargon hint accepts it."""


class PlainLanguageHints(Vertical):
    class Accepted(Message):
        """The practitioner chose the offered wording for this span."""

        def __init__(self, span: Span) -> None:
            self.span = span
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="plain-language-hints")
        self.spans: tuple[Span, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(self._title(), classes="hints-title")
        yield HintList(id=f"{self.id}-list" if self.id else None)

    def _title(self) -> Content:
        if not self.spans:
            return Content("✓ Plain words: nothing to change spotted.")
        count = len(self.spans)
        return Content.assemble(
            ("Plain words", "bold"),
            f": {count} hint{'s' if count != 1 else ''} (F8 in the text uses the first)",
        )

    def show(self, spans: Sequence[Span]) -> None:
        """Re-list the hints only when they differ (typing elsewhere in the text costs nothing)."""
        spans = tuple(spans)
        if spans == self.spans:
            return
        self.spans = spans
        self.query_one(".hints-title", Static).update(self._title())
        hint_list = self.query_one(HintList)
        hint_list.set_options(Option(hint_prompt(span)) for span in spans)
        hint_list.display = bool(spans)

    def first_applicable(self, cursor: int | None = None) -> Span | None:
        """The hint to accept from the text field: the one at the cursor, else the first."""
        applicable = [span for span in self.spans if span.can_apply]
        if cursor is not None:
            for span in applicable:
                if span.start <= cursor <= span.end:
                    return span
        return applicable[0] if applicable else None

    def on_mount(self) -> None:
        self.query_one(HintList).display = bool(self.spans)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        span = self.spans[event.option_index]
        if span.can_apply:
            self.post_message(self.Accepted(span))
        else:
            self.app.notify("This one needs rewording by hand: " + span.suggestion, markup=False)
