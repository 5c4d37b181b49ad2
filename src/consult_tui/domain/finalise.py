"""The finalise check: what stands between a draft and a defensible record, in plain words.

It returns every problem at once (not the first), each tied to the field that needs attention, so
that the screen can list them with a key to jump to each.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parsing import AGE_EXAMPLE, DATE_EXAMPLE, DATETIME_EXAMPLE
from .record import (
    Article6,
    ConsentState,
    Consultation,
    DecisionOutcome,
    FamilyTold,
    RequestOrigin,
    SecureMeans,
    Status,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a record cannot be finalised yet."""

    field: str  # dotted path into the record, e.g. "decision.reason" or "people[0].consent"
    message: str


def _quoted(text: str) -> str:
    """What was typed, quoted and kept short enough for one line of the problem list."""
    return f"“{text if len(text) <= 40 else text[:39] + '…'}”"


# How to write each kind of value a field keeps as typed when it cannot be read.
_WRITE_IT_AS = {"a date": DATE_EXAMPLE, "a date and time": DATETIME_EXAMPLE, "an age": AGE_EXAMPLE}


def _unread(field: str, what: str, typed: str, kind: str) -> Problem:
    """Text kept as typed in a date, time or age field: quoted back, with the shape to use."""
    return Problem(
        field,
        f"{what} {_quoted(typed)} could not be read as {kind}: write it as {_WRITE_IT_AS[kind]}.",
    )


def finalise_problems(record: Consultation) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append

    if record.status is Status.FINALISED:
        add(Problem("status", "This record is already finalised; add an addendum instead."))
        return problems

    if not record.case_reference.strip() and not record.anonymised:
        add(Problem("case_reference", "Give a case reference, or mark the discussion anonymised."))
    if not (record.practitioner.name.strip() and record.practitioner.role.strip()):
        add(Problem("practitioner", "Record who made the decision: your name and role."))
    if not record.facts or not any(f.text.strip() for f in record.facts):
        add(Problem("facts", "Record the facts of the concern."))
    for i, fact in enumerate(record.facts):
        if fact.text.strip() and not fact.source.strip():
            add(Problem(f"facts[{i}].source", f"Say where fact {i + 1} came from."))

    outcome = record.decision.outcome
    if outcome is DecisionOutcome.UNDECIDED:
        add(
            Problem(
                "decision.outcome", "Choose a decision: share, share part, do not share or not yet."
            )
        )
    if not record.decision.reason.strip():
        add(Problem("decision.reason", "Record the reason for the decision, whatever it is."))
    unread_review_date = record.decision.review_date_text.strip()
    if unread_review_date:
        add(_unread("decision.review_date", "The review date", unread_review_date, "a date"))
    elif outcome is DecisionOutcome.NOT_YET and record.decision.review_date is None:
        add(Problem("decision.review_date", "Set a date to review a decision not to share yet."))
    unread_shared_at = record.sharing.shared_at_text.strip()
    if unread_shared_at:
        add(_unread("sharing.shared_at", "The time shared", unread_shared_at, "a date and time"))

    shared = outcome in (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART)
    if shared:
        if not record.purpose.strip():
            add(Problem("purpose", "Say what the sharing is for."))
        if not (record.sharing.what_was_shared.strip() or record.information_to_share.strip()):
            add(Problem("sharing.what_was_shared", "Record what is shared."))
        named = [r for r in record.recipients if r.name.strip() or r.agency.strip()]
        if not named:
            add(Problem("recipients", "Record who the information is shared with."))
        for i, r in enumerate(record.recipients):
            if (r.name.strip() or r.agency.strip()) and not (r.role.strip() and r.agency.strip()):
                add(Problem(f"recipients[{i}]", f"Give recipient {i + 1}'s role and agency."))
        if record.sharing.secure_means is SecureMeans.NOT_RECORDED:
            add(Problem("sharing.secure_means", "Record the secure means used to share."))
        if record.lawful_basis.article6 is Article6.NOT_RECORDED:
            add(Problem("lawful_basis.article6", "Record the lawful basis (UK GDPR Article 6)."))
        if not record.sharing.understanding_checked.strip():
            add(
                Problem(
                    "sharing.understanding_checked",
                    "Record how you checked the recipient understood what was shared.",
                )
            )

    if record.transparency.family_told is FamilyTold.NOT_TOLD and not (
        record.transparency.not_told_reason.strip()
    ):
        add(Problem("transparency.not_told_reason", "Say why the family were not told."))
    if shared and record.transparency.family_told is FamilyTold.NOT_YET:
        add(
            Problem(
                "transparency.family_told",
                "Say whether the family were told, will be told, or why not.",
            )
        )

    for i, person in enumerate(record.people):
        label = person.name.strip() or f"person {i + 1}"
        unread_age = person.age_text.strip()
        if unread_age:
            add(_unread(f"people[{i}].age", f"{label}'s age", unread_age, "an age"))
        consent = person.consent
        if consent.state is ConsentState.NOT_SOUGHT:
            if (
                person.kind.value in ("child", "parent_carer")
                and not consent.not_sought_reason.strip()
            ):
                add(
                    Problem(
                        f"people[{i}].consent.not_sought_reason",
                        f"Consent was not sought from {label}: say why.",
                    )
                )
        elif consent.state in (ConsentState.GIVEN, ConsentState.PARTIAL):
            if not consent.informed.complete():
                add(
                    Problem(
                        f"people[{i}].consent.informed",
                        f"{label}'s consent is not yet informed: check all four points.",
                    )
                )
            if consent.state is ConsentState.PARTIAL and not consent.partial_scope.strip():
                add(
                    Problem(
                        f"people[{i}].consent.partial_scope",
                        f"Say what {label} agreed to share.",
                    )
                )

    if (
        record.context.request_origin
        in (
            RequestOrigin.POLICE,
            RequestOrigin.OTHER_AGENCY,
            RequestOrigin.COURT,
        )
        and shared
    ):
        if not record.context.requester_verified:
            add(Problem("context.requester_verified", "Verify the requester before sharing."))
        elif not record.context.verification_method.strip():
            add(Problem("context.verification_method", "Say how the requester was verified."))

    for i, entry in enumerate(record.advice):
        if not (entry.who.strip() or entry.role.strip()):
            add(Problem(f"advice[{i}].who", f"Say who gave advice {i + 1}."))
        if not entry.advice.strip():
            add(Problem(f"advice[{i}].advice", f"Record what advice {i + 1} was."))

    return problems
