"""A consultation as plain text a practitioner can paste into a case system or an email.

The words for each recorded choice come from ``labels.py``, so the screen and the copied
summary always say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .labels import label_of
from .parsing import AgeUnit
from .record import (
    Article6,
    ConsentState,
    Consultation,
    DecisionOutcome,
    RequestOrigin,
)

if TYPE_CHECKING:
    from .assessment import Assessment
    from .guidance import GuidancePack

__all__ = ["consultation_summary", "label_of"]


def _when(moment: object) -> str:
    strftime = getattr(moment, "strftime", None)
    if strftime is None:
        return ""
    return strftime("%Y-%m-%d %H:%M UTC") if hasattr(moment, "hour") else strftime("%Y-%m-%d")


def consultation_summary(
    record: Consultation,
    assessment: Assessment | None = None,
    pack: GuidancePack | None = None,
) -> str:
    """The record as plain text: what was known, what was weighed, what was decided and why.

    Plain text only (no markup, no colour), so that it pastes cleanly anywhere. The five answers
    use the guidance pack's wording when a pack is given.
    """
    lines: list[str] = []
    add = lines.append
    add(f"Information-sharing decision ({label_of(record.status).upper()})")
    add(f"Recorded: {_when(record.created_at)}")
    if record.finalised_at:
        add(f"Finalised: {_when(record.finalised_at)}")
    p = record.practitioner
    who = ", ".join(part for part in (p.name, p.role, p.organisation) if part.strip())
    add(f"Practitioner: {who or '(not recorded)'}")
    add(f"Case reference: {record.case_reference or '(none)'}")
    if record.anonymised:
        add("General discussion: the family was not named.")

    if record.people:
        add("")
        add("People")
        for person in record.people:
            details = [label_of(person.kind)]
            if person.relation:
                details.append(person.relation)
            age = record.age_of(person)
            if age is not None:
                details.append(
                    f"age {age.written() if age.unit is not AgeUnit.YEARS else age.years}"
                )
            elif person.age_text.strip():
                details.append(f"age as typed: {person.age_text.strip()} (not read)")
            consent = person.consent
            consent_words = f"consent {label_of(consent.state)}"
            if consent.state is ConsentState.NOT_SOUGHT and consent.not_sought_reason:
                consent_words += f" ({consent.not_sought_reason})"
            if consent.state in (ConsentState.GIVEN, ConsentState.PARTIAL):
                consent_words += (
                    ", informed" if consent.informed.complete() else ", not fully informed"
                )
            add(
                f"- {person.name or '(no name)'}: {'; '.join(details)}; {consent_words}; "
                f"capacity: {label_of(person.capacity)}"
            )
            if consent.views:
                add(f"  Views: {consent.views}")

    if record.facts:
        add("")
        add("Facts and opinions")
        for fact in record.facts:
            source = f" (source: {fact.source})" if fact.source else " (source not recorded)"
            add(f"- [{label_of(fact.kind)}] {fact.text}{source}")

    if record.purpose:
        add("")
        add(f"Purpose of sharing: {record.purpose}")
    if record.information_to_share:
        add(f"Information proposed for sharing: {record.information_to_share}")

    add("")
    add("Proportionality")
    for name, value in record.proportionality:
        question = name.replace("_", " ")
        answer = label_of(value)
        if pack is not None:
            try:
                q = pack.question(name)
                question, answer = q.title, q.answers.get(value.value, answer)
            except KeyError:
                pass
        add(f"- {question}: {answer}")
    if assessment is not None:
        lean = getattr(assessment.lean, "value", assessment.lean)
        add(f"The weighing leaned: {str(lean).replace('_', ' ')}")
        if assessment.conflict is not None:
            add(f"Conflict noted: {assessment.conflict.text}")
        for telling in getattr(assessment, "telling", ()):
            verdict = {"tell": "tell", "do_not_tell": "do not tell"}.get(
                telling.advice, "not decided yet"
            )
            add(f"- {telling.label}: {verdict} ({telling.why})")

    if record.advice:
        add("")
        add("Advice sought")
        for entry in record.advice:
            named = "anonymised" if entry.anonymised else "family named"
            who = ", ".join(part for part in (entry.who, entry.role, entry.organisation) if part)
            when = f" {_when(entry.at)}" if entry.at else ""
            add(f"- {who or '(who?)'}{when} ({named}): {entry.advice}")

    add("")
    d = record.decision
    add(f"Decision: {label_of(d.outcome)}")
    add(f"Reason: {d.reason or '(not recorded)'}")
    if d.review_date:
        add(f"Review on: {d.review_date.isoformat()}")
    if d.override_conflicts:
        add(f"Conflicts overridden: {', '.join(d.override_conflicts)}")
        add(f"Why the decision stands: {d.override_reason or '(not recorded)'}")
    t = record.transparency
    told = f"Family: {label_of(t.family_told)}"
    if t.not_told_reason:
        told += f" (why: {t.not_told_reason})"
    add(told)
    basis = record.lawful_basis
    article6 = (
        "not recorded"
        if basis.article6 is Article6.NOT_RECORDED
        else f"UK GDPR Article {label_of(basis.article6)}"
    )
    add(f"Lawful basis: {article6}; special-category data: {label_of(basis.article9)}")
    if basis.statutory_duty:
        add(f"Statutory duty: {basis.statutory_duty}")

    if d.outcome in (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART):
        s = record.sharing
        add("")
        add("Sharing")
        add(f"What: {s.what_was_shared or record.information_to_share or '(not recorded)'}")
        recipients = [r for r in (record.recipient(i) for i in s.recipient_ids) if r is not None]
        for r in recipients or record.recipients:
            add(f"- To: {', '.join(part for part in (r.name, r.role, r.agency) if part)}")
        if s.shared_at:
            add(f"When: {_when(s.shared_at)}")
        means = label_of(s.secure_means)
        detail = f" — {s.secure_means_detail}" if s.secure_means_detail else ""
        add(f"Secure means: {means}{detail}")
        if s.understanding_checked:
            add(f"Understanding checked: {s.understanding_checked}")
        c = record.context
        if c.request_origin is not RequestOrigin.OWN_CONCERN:
            verified = "verified" if c.requester_verified else "NOT verified"
            how = f" ({c.verification_method})" if c.verification_method else ""
            add(f"Request from {label_of(c.request_origin)}: requester {verified}{how}")

    for addendum in record.addenda:
        add("")
        add(f"Addendum {_when(addendum.at)} by {addendum.author or '(unknown)'}: {addendum.text}")
    return "\n".join(lines) + "\n"
