"""Adding a dated addendum to a finalised record: why, and what; the original stays untouched.

An addendum may also set a new review date or give a person's age (typed as anywhere else:
`17/11/2026`, `7 months`). What it understood shows under each; text that cannot be read holds
the addendum back with a sentence saying so, rather than being dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...domain.parsing import (
    AGE_EXAMPLE,
    DATE_EXAMPLE,
    NotUnderstood,
    describe_date,
    read_age,
    read_date,
)
from ...domain.record import Addendum, AgeCorrection, utc_now
from ..widgets.plain_text import literal, printable


class AddendumModal(ModalScreen[Addendum | None]):
    """Dismisses with the new Addendum (F9 or the Add button), or None (Escape)."""

    BINDINGS = [
        Binding("f9", "add", "Add addendum", id="addendum-add", key_display="F9", priority=True),
        Binding("escape", "cancel", "Cancel", id="addendum-cancel"),
    ]

    def __init__(
        self,
        record_title: str,
        *,
        author: str = "",
        people: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.record_title = record_title
        self.author = author
        # (person id, how the record names them): each may be given an age by this addendum.
        self.people = list(people)
        self.at = utc_now()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="addendum-box"):
            yield Static(Content("Add an addendum"), id="addendum-title")
            yield Static(
                Content(
                    f"To: {printable(self.record_title)}\n"
                    f"Dated {self.at.strftime('%Y-%m-%d %H:%M UTC')}. The record itself is not "
                    "changed: the addendum is kept beside it, with its date and reason."
                ),
                id="addendum-explainer",
            )
            yield Label("Your name")
            yield Input(
                self.author, placeholder="type your name", id="addendum-author", compact=True
            )
            yield Label("Why you are adding it (e.g. review held, new information, correction)")
            yield Input(placeholder="type the reason", id="addendum-reason", compact=True)
            yield Label("What you are adding")
            yield TextArea(id="addendum-text", soft_wrap=True, show_line_numbers=False)
            yield Label("If it changes them (optional; leave blank otherwise):")
            yield from self._correction("Review on", "addendum-review-date", DATE_EXAMPLE)
            for number, (_, label) in enumerate(self.people):
                yield from self._correction(f"Age of {label}", f"addendum-age-{number}", "")
            yield Static("", id="addendum-message")
            with Horizontal(id="addendum-buttons"):
                yield Button("Cancel (Esc)", id="addendum-cancel-button")
                yield Button("Add addendum (F9)", id="addendum-add-button", variant="primary")

    def _correction(self, label: str, input_id: str, example: str) -> ComposeResult:
        with Horizontal(classes="addendum-correction"):
            yield Static(literal(label), classes="addendum-correction-label")
            yield Input(placeholder=f"e.g. {example or AGE_EXAMPLE}", id=input_id, compact=True)
        note = Static("", id=f"{input_id}-note", classes="addendum-note")
        note.display = False
        yield note

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say under a review date or an age what it was read as, while it is typed."""
        input_id = event.input.id or ""
        if not input_id.startswith(("addendum-review-date", "addendum-age-")):
            return
        event.stop()
        note = self.query_one(f"#{input_id}-note", Static)
        text = event.value.strip()
        note.display = bool(text)
        try:
            if input_id == "addendum-review-date":
                understood = f"→ {describe_date(read_date(text))}" if text else ""
            else:
                understood = f"→ {read_age(text).describe()}" if text else ""
            note.set_class(False, "-unparsable")
        except NotUnderstood as problem:
            understood = f"✗ {problem.message}"
            note.set_class(True, "-unparsable")
        note.update(literal(understood))

    def on_mount(self) -> None:
        self.query_one("#addendum-reason" if self.author else "#addendum-author", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "addendum-add-button":
            self.action_add()
        else:
            self.action_cancel()

    def action_add(self) -> None:
        author = self.query_one("#addendum-author", Input).value.strip()
        reason = self.query_one("#addendum-reason", Input).value.strip()
        text = self.query_one("#addendum-text", TextArea).text.strip()
        message = self.query_one("#addendum-message", Static)
        try:
            review_date, ages = self._corrections()
        except NotUnderstood as problem:
            message.update(Content(problem.message))
            return
        corrects = review_date is not None or bool(ages)
        missing = [
            name
            for name, value in (("your name", author), ("why", reason), ("what", text or corrects))
            if not value
        ]
        if missing:
            message.update(
                Content(
                    f"Please fill in {', '.join(missing)}: an addendum needs who, why and what "
                    "(a new review date or an age counts as what)."
                )
            )
            return
        self.dismiss(
            Addendum(
                at=self.at,
                author=author,
                reason=reason,
                text=text,
                review_date=review_date,
                ages=ages,
            )
        )

    def _corrections(self) -> tuple[date | None, list[AgeCorrection]]:
        """The review date and ages typed, or NotUnderstood naming the field that does not read."""
        typed = self.query_one("#addendum-review-date", Input).value.strip()
        try:
            review_date = read_date(typed) if typed else None
        except NotUnderstood as problem:
            raise NotUnderstood(
                f"The review date {typed!r} could not be read: {problem.message}"
            ) from None
        ages = []
        for number, (person_id, label) in enumerate(self.people):
            typed = self.query_one(f"#addendum-age-{number}", Input).value.strip()
            if not typed:
                continue
            try:
                age = read_age(typed)
            except NotUnderstood as problem:
                raise NotUnderstood(
                    f"The age of {printable(label)} could not be read: {problem.message}"
                ) from None
            ages.append(AgeCorrection(person_id=person_id, amount=age.amount, unit=age.unit))
        return review_date, ages

    def action_cancel(self) -> None:
        self.dismiss(None)
