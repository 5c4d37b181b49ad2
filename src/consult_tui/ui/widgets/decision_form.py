"""The decision and what follows from it: outcome, reason, review date, lawful basis, openness
with the family, and — when sharing — what went, to whom, when, how securely, and how the
recipient's understanding was checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.advice_model import CONFLICT_TITLES, Assessment
from ...domain.assessment import suggested_recipients
from ...domain.draft_editor import RowChange
from ...domain.labels import choices
from ...domain.record import (
    AdultRiskAssessment,
    Article6,
    Article9,
    ChildRole,
    Consultation,
    DecisionOutcome,
    FamilyTold,
    MaracStep,
    Recipient,
    RequestGateway,
    RequestOrigin,
    SecureMeans,
    YesNo,
)
from ..messages import RowsChanged
from .bound_fields import BoundLine, BoundTextArea
from .choice_row import ChoiceRow
from .field_row import FieldRow, StackedField
from .list_editor import RecordListEditor, RecordSource
from .parsed_line import ParsedField
from .recipient_list import recipient_label
from .tick_box import Tick

_SHARING_OUTCOMES = {DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART}


def _choice(label: str, answers: type[Enum], value: Enum, path: str) -> FieldRow:
    """A labelled ◀ answer ▶ row for one of the record's fixed-answer fields."""
    return FieldRow(label, ChoiceRow(choices(answers), value, field_path=path))


class RecipientPicker(Vertical):
    """Which of the recorded recipients the information went to."""

    def __init__(self, recipients: Sequence[Recipient], chosen: Sequence[str]) -> None:
        super().__init__(id="recipient-picker")
        self.recipients = list(recipients)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        yield Static("With whom:", classes="field-label")
        if not self.recipients:
            yield Static("Add recipients under Case facts first.", classes="hint")
        for recipient in self.recipients:
            yield Tick(
                recipient_label(recipient),
                recipient.id in self.chosen,
                field_path="sharing.recipient_ids",
                member=recipient.id,
            )

    def relabel(self, recipients: Sequence[Recipient]) -> None:
        labels = {r.id: recipient_label(r) for r in recipients}
        for tick in self.query(Tick):
            if tick.member in labels:
                tick.set_label(labels[tick.member])


class SuggestedRecipients(Static, can_focus=True):
    """Whom the panel suggests sharing with, offered as recipients: Enter adds them to the list."""

    BINDINGS = [Binding("enter,space", "add", "Add suggested recipients", show=False)]

    def __init__(self) -> None:
        super().__init__("", id="suggested-recipients")
        self.suggested: list[Recipient] = []
        self.display = False

    def offer(self, suggested: list[Recipient]) -> None:
        if getattr(self.screen, "read_only", False):
            suggested = []  # a finalised record is not edited
        if [(r.agency, r.role) for r in suggested] == [(r.agency, r.role) for r in self.suggested]:
            return
        self.suggested = suggested
        self.display = bool(suggested)
        names = ", ".join(r.agency for r in suggested)
        self.update(Content(f"+ Suggested recipients: {names}  (Enter: add to the recipients)"))

    def action_add(self) -> None:
        """Carry the suggestions into the recipients list: asked of the draft editor, row by row,
        as the list's own Insert does."""
        if not self.suggested or self.disabled:
            return
        editor = self.screen.query_one("#list-recipients", RecordListEditor)
        at = len(editor.items)
        for offset, recipient in enumerate(self.suggested):
            editor.post_message(
                RowsChanged("recipients", RowChange.ADD, at + offset, item=recipient)
            )
        self.suggested = []
        self.display = False


class DecisionForm(Vertical):
    def __init__(self, record_source: RecordSource) -> None:
        super().__init__(id="decision-form")
        self._record_source = record_source

    @property
    def record(self) -> Consultation:
        return self._record_source()

    def compose(self) -> ComposeResult:
        record = self.record
        yield Static(Content.styled("Decision", "bold"), classes="section-title")
        yield _choice("Decision", DecisionOutcome, record.decision.outcome, "decision.outcome")
        yield SuggestedRecipients()
        yield StackedField(
            "Reason (required, whatever the decision)",
            BoundTextArea("decision.reason", record.decision.reason, placeholder="why"),
        )
        yield FieldRow(
            "Review on",
            ParsedField.for_date(
                "decision.review_date",
                record.decision.review_date,
                record.decision.review_date_text,
            ),
        )
        with Vertical(id="conflict-override"):
            yield Static(
                Content.styled("Override a conflict (only each one you mean to)", "bold"),
                classes="section-title",
            )
            overridden = set(record.decision.override_conflicts)
            for conflict_id, title in CONFLICT_TITLES.items():
                yield Tick(
                    f"Override: {title}",
                    conflict_id in overridden,
                    field_path="decision.override_conflicts",
                    member=conflict_id,
                    classes="override-tick",
                )
            yield StackedField(
                "Why the decision stands against it (its own reason)",
                BoundTextArea(
                    "decision.override_reason",
                    record.decision.override_reason,
                    placeholder="what makes this decision safe despite the conflict",
                ),
            )
        yield Static(Content.styled("Lawful basis", "bold"), classes="section-title")
        yield _choice(
            "UK GDPR Art 6", Article6, record.lawful_basis.article6, "lawful_basis.article6"
        )
        yield _choice(
            "Art 9 condition", Article9, record.lawful_basis.article9, "lawful_basis.article9"
        )
        yield FieldRow(
            "Statutory duty",
            BoundLine(
                "lawful_basis.statutory_duty",
                record.lawful_basis.statutory_duty,
                placeholder="e.g. FGM mandatory reporting",
            ),
        )
        yield from self._request_and_adult_risk(record)
        yield Static(Content.styled("Openness with the family", "bold"), classes="section-title")
        yield _choice(
            "Family", FamilyTold, record.transparency.family_told, "transparency.family_told"
        )
        yield FieldRow(
            "Not told because",
            BoundLine(
                "transparency.not_told_reason",
                record.transparency.not_told_reason,
                placeholder="why telling them was unsafe",
            ),
            classes="when-not-told",
        )
        with Vertical(id="sharing-details"):
            yield Static(Content.styled("What was shared", "bold"), classes="section-title")
            yield BoundTextArea(
                "sharing.what_was_shared",
                record.sharing.what_was_shared,
                placeholder="what was shared (if less than proposed)",
            )
            yield RecipientPicker(record.recipients, record.sharing.recipient_ids)
            yield FieldRow(
                "When",
                ParsedField.for_datetime(
                    "sharing.shared_at", record.sharing.shared_at, record.sharing.shared_at_text
                ),
            )
            yield _choice(
                "Secure means", SecureMeans, record.sharing.secure_means, "sharing.secure_means"
            )
            yield FieldRow(
                "Means detail",
                BoundLine("sharing.secure_means_detail", record.sharing.secure_means_detail),
            )
            yield FieldRow(
                "Understanding",
                BoundLine(
                    "sharing.understanding_checked",
                    record.sharing.understanding_checked,
                    placeholder="how you checked they understood",
                ),
            )

    def _request_and_adult_risk(self, record: Consultation) -> ComposeResult:
        """What the advice needs about a request from outside, and about adults at risk."""
        ctx = record.context
        with Vertical(classes="when-request"):
            yield Static(Content.styled("The request", "bold"), classes="section-title")
            yield _choice(
                "Rests on", RequestGateway, ctx.request_gateway, "context.request_gateway"
            )
            yield _choice("The child is", ChildRole, ctx.child_role, "context.child_role")
        yield Static(Content.styled("Adults at risk", "bold"), classes="section-title")
        yield _choice("Adult at risk", YesNo, ctx.adult_at_risk, "context.adult_at_risk")
        with Vertical(classes="when-adult-risk"):
            yield _choice(
                "Risk assessed",
                AdultRiskAssessment,
                ctx.adult_risk_assessment,
                "context.adult_risk_assessment",
            )
            yield _choice("MARAC", MaracStep, ctx.marac, "context.marac")
            yield FieldRow(
                "MARAC note",
                BoundLine(
                    "context.marac_note",
                    ctx.marac_note,
                    placeholder="their consent, or why referred without it / not referred",
                ),
            )

    def on_mount(self) -> None:
        self.show_state()
        self.follow_assessment(None)

    def show_state(self) -> None:
        """Show only what the current choices call for."""
        record = self.record
        ctx = record.context
        self.set_class(record.transparency.family_told is FamilyTold.NOT_TOLD, "-not-told")
        self.set_class(record.decision.outcome in _SHARING_OUTCOMES, "-sharing")
        self.set_class(ctx.request_origin is not RequestOrigin.OWN_CONCERN, "-request")
        adult_risk = ctx.adult_at_risk is YesNo.YES or (
            ctx.adult_risk_assessment is not AdultRiskAssessment.NOT_DONE
        )
        self.set_class(adult_risk, "-adult-risk")

    def follow_assessment(self, assessment: Assessment | None) -> None:
        """Offer an override tick only for each conflict shown now (or one already ticked)."""
        current = set(assessment.conflict_ids) if assessment is not None else set()
        suggested = suggested_recipients(self.record, assessment) if assessment else []
        self.query_one(SuggestedRecipients).offer(suggested)
        overridden = set(self.record.decision.override_conflicts)
        shown = current | overridden
        for tick in self.query(".override-tick").results(Tick):
            visible = tick.member in shown
            if bool(tick.display) != visible:
                tick.display = visible
            # A hidden tick answers to no field path, so "go to the field" lands on a shown one.
            tick.field_path = "decision.override_conflicts" if visible else ""
        self.set_class(bool(shown), "-conflict")
        self.show_state()

    async def recipients_changed(self) -> None:
        picker = self.query_one(RecipientPicker)
        fresh = RecipientPicker(self.record.recipients, self.record.sharing.recipient_ids)
        what_was_shared = self.query_one("#sharing-details BoundTextArea")
        await picker.remove()
        await self.query_one("#sharing-details").mount(fresh, after=what_was_shared)

    def relabel_recipients(self) -> None:
        self.query_one(RecipientPicker).relabel(self.record.recipients)
