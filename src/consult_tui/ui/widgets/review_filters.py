"""The review screen's filters: draft or finalised, decision, review due, anonymised, date range.

One line of words, each filter a keystroke away (d, e, v, a; t for dates): nothing here takes the
focus, so the table keeps it and the screen stays light enough to open instantly at 100,000
records. The line always says, in words, which filters are in force.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...domain.labels import decision_short, label_of
from ...domain.record import DecisionOutcome, Status
from ...store.search import ReviewDue

STATUS_CHOICES: tuple[tuple[str, Status | None], ...] = (
    ("drafts+final", None),
    ("drafts only", Status.DRAFT),
    ("finalised only", Status.FINALISED),
)
# The filter's words are the table's (labels.py) in lower case; "not decided" (a dash in the
# table) comes last.
DECISION_CHOICES: tuple[tuple[str, DecisionOutcome | None], ...] = (
    ("any decision", None),
    *((decision_short(outcome).lower(), outcome) for outcome in list(DecisionOutcome)[1:]),
    (label_of(DecisionOutcome.UNDECIDED), DecisionOutcome.UNDECIDED),
)
REVIEW_CHOICES: tuple[tuple[str, ReviewDue], ...] = (
    ("any review", ReviewDue.ANY),
    ("review due", ReviewDue.DUE),
    ("overdue", ReviewDue.OVERDUE),
)
ANONYMISED_CHOICES: tuple[tuple[str, bool], ...] = (
    ("named+anon", False),
    ("anonymised only", True),
)


def _label(choices: tuple[tuple[str, Any], ...], value: object) -> str:
    return next(label for label, choice in choices if choice == value)


def _next(choices: tuple[tuple[str, Any], ...], value: object) -> Any:
    values = [choice for _, choice in choices]
    return values[(values.index(value) + 1) % len(values)]


@dataclass(frozen=True, slots=True)
class FilterState:
    status: Status | None = None
    decision: DecisionOutcome | None = None
    review: ReviewDue = ReviewDue.ANY
    anonymised_only: bool = False
    date_from: date | None = None
    date_to: date | None = None

    def dates(self) -> str:
        if not (self.date_from or self.date_to):
            return "any date"
        start = self.date_from.isoformat() if self.date_from else "…"
        end = self.date_to.isoformat() if self.date_to else "…"
        return f"dated {start} to {end}"

    def describe(self) -> str:
        """The filters in force, in words; empty when there are none."""
        parts = []
        if self.status is not None:
            parts.append(_label(STATUS_CHOICES, self.status))
        if self.decision is not None:
            parts.append(_label(DECISION_CHOICES, self.decision))
        if self.review is not ReviewDue.ANY:
            parts.append(_label(REVIEW_CHOICES, self.review))
        if self.anonymised_only:
            parts.append(_label(ANONYMISED_CHOICES, True))
        if self.date_from or self.date_to:
            parts.append(self.dates())
        return ", ".join(parts)


class ReviewFilters(Static):
    """The filters as one line of words with their keys; posts Changed on any change."""

    class Changed(Message):
        def __init__(self, state: FilterState) -> None:
            self.state = state
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = FilterState()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        s = self.state
        parts = [
            ("d", _label(STATUS_CHOICES, s.status)),
            ("e", _label(DECISION_CHOICES, s.decision)),
            ("v", _label(REVIEW_CHOICES, s.review)),
            ("a", _label(ANONYMISED_CHOICES, s.anonymised_only)),
            ("t", s.dates()),
        ]
        pieces: list[Content | tuple[str, str] | str] = []
        for number, (key, words) in enumerate(parts):
            if number:
                pieces.append(" · ")
            pieces += [(key, "bold reverse"), f" {words}"]
        self.update(Content.assemble(*pieces))

    def preset(self, state: FilterState) -> None:
        """Show filters a query already has (no Changed message: nothing to ask again)."""
        self.state = state
        if self.is_mounted:
            self._show()

    def _change(self, **changes: Any) -> None:
        state = replace(self.state, **changes)
        if state != self.state:
            self.state = state
            self._show()
            self.post_message(self.Changed(state))

    # -- one key each ---------------------------------------------------------------------------

    def cycle_status(self) -> None:
        self._change(status=_next(STATUS_CHOICES, self.state.status))

    def cycle_decision(self) -> None:
        self._change(decision=_next(DECISION_CHOICES, self.state.decision))

    def cycle_review(self) -> None:
        self._change(review=_next(REVIEW_CHOICES, self.state.review))

    def toggle_anonymised(self) -> None:
        self._change(anonymised_only=not self.state.anonymised_only)

    def set_review(self, review: ReviewDue) -> None:
        self._change(review=review)

    def set_dates(self, date_from: date | None, date_to: date | None) -> None:
        self._change(date_from=date_from, date_to=date_to)

    def clear(self) -> None:
        self._change(**{name: getattr(FilterState(), name) for name in FilterState.__slots__})


class DateRangeModal(ModalScreen[tuple[date | None, date | None] | None]):
    """Ask for the first and last consultation dates to list (either may be left empty)."""

    BINDINGS = [
        Binding("f9", "apply", "Apply", id="dates-apply", key_display="F9", priority=True),
        Binding("escape", "cancel", "Cancel", id="dates-cancel"),
    ]

    def __init__(self, date_from: date | None, date_to: date | None) -> None:
        super().__init__()
        self.date_from, self.date_to = date_from, date_to

    def compose(self) -> ComposeResult:
        with Vertical(id="dates-box"):
            yield Static(Content("Consultations dated between"), id="dates-title")
            yield Label("From (YYYY-MM-DD, empty for the first)")
            yield Input(
                self._text(self.date_from), placeholder="YYYY-MM-DD", id="dates-from", compact=True
            )
            yield Label("To (YYYY-MM-DD, empty for the latest)")
            yield Input(
                self._text(self.date_to), placeholder="YYYY-MM-DD", id="dates-to", compact=True
            )
            yield Static("", id="dates-message")
            with Horizontal(id="dates-buttons"):
                yield Button("Cancel (Esc)", id="dates-cancel-button")
                yield Button("Apply (F9)", id="dates-apply-button", variant="primary")

    @staticmethod
    def _text(day: date | None) -> str:
        return day.isoformat() if day else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "dates-to":
            self.action_apply()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "dates-apply-button":
            self.action_apply()
        else:
            self.action_cancel()

    def action_apply(self) -> None:
        days: list[date | None] = []
        for input_id, name in (("#dates-from", "From"), ("#dates-to", "To")):
            text = self.query_one(input_id, Input).value.strip()
            try:
                days.append(date.fromisoformat(text) if text else None)
            except ValueError:
                self.query_one("#dates-message", Static).update(
                    Content(f"{name} is not a date: write it like 2025-03-31.")
                )
                return
        if days[0] and days[1] and days[0] > days[1]:
            self.query_one("#dates-message", Static).update(
                Content("From is after To: swap them, or leave one empty.")
            )
            return
        self.dismiss((days[0], days[1]))

    def action_cancel(self) -> None:
        self.dismiss(None)
