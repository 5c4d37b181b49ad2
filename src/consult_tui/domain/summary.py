"""A consultation as plain text a practitioner can paste into a case system or an email.

Also home to the words the app uses for each recorded choice ("share part", "parent or carer"),
so the screen and the copied summary always say the same thing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from .parsing import AgeUnit
from .record import (
    AdultRiskAssessment,
    Article6,
    Article9,
    Capacity,
    ChildRole,
    ConsentState,
    Consultation,
    DecisionOutcome,
    FactKind,
    FamilyTold,
    HarmType,
    InformationConcerns,
    Level,
    MaracStep,
    PersonKind,
    RequestGateway,
    RequestOrigin,
    SecureMeans,
    Status,
    YesNo,
)

if TYPE_CHECKING:
    from .assessment import Assessment
    from .guidance import GuidancePack

# Keyed by the choice's type: StrEnum values compare equal across types ("not_yet" is both a
# family-told state and a decision), so a flat table would mix them up.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    Level: {
        Level.NOT_KNOWN: "not known yet",
        Level.LOW: "low",
        Level.MODERATE: "moderate",
        Level.HIGH: "high",
    },
    AgeUnit: {
        AgeUnit.YEARS: "years",
        AgeUnit.MONTHS: "months",
        AgeUnit.WEEKS: "weeks",
        AgeUnit.DAYS: "days",
    },
    YesNo: {
        YesNo.NOT_KNOWN: "not known yet",
        YesNo.YES: "yes",
        YesNo.NO: "no",
    },
    PersonKind: {
        PersonKind.CHILD: "child",
        PersonKind.SIBLING: "sibling",
        PersonKind.PARENT_CARER: "parent or carer",
        PersonKind.FAMILY_MEMBER: "family member",
        PersonKind.OTHER_ADULT: "other adult",
    },
    Capacity: {
        Capacity.NOT_ASSESSED: "not assessed",
        Capacity.ADULT_WITH_CAPACITY: "adult with capacity",
        Capacity.ADULT_LACKS_CAPACITY: "adult lacking capacity",
        Capacity.COMPETENT_16_17: "competent 16–17-year-old",
        Capacity.GILLICK_COMPETENT: "Gillick competent child",
        Capacity.NOT_COMPETENT: "child not yet able to decide",
    },
    ConsentState: {
        ConsentState.NOT_SOUGHT: "not sought",
        ConsentState.SOUGHT: "asked, no answer yet",
        ConsentState.GIVEN: "given",
        ConsentState.REFUSED: "refused",
        ConsentState.PARTIAL: "partly given",
        ConsentState.WITHDRAWN: "withdrawn",
    },
    FactKind: {
        FactKind.FACT: "fact",
        FactKind.OPINION: "opinion",
    },
    RequestOrigin: {
        RequestOrigin.OWN_CONCERN: "my own concern",
        RequestOrigin.POLICE: "police request",
        RequestOrigin.OTHER_AGENCY: "another agency's request",
        RequestOrigin.COURT: "court",
        RequestOrigin.FAMILY: "the family",
        RequestOrigin.OTHER: "other",
    },
    HarmType: {
        HarmType.PHYSICAL: "physical",
        HarmType.SEXUAL: "sexual",
        HarmType.EMOTIONAL: "emotional",
        HarmType.NEGLECT: "neglect",
        HarmType.DOMESTIC_ABUSE: "domestic abuse",
        HarmType.EXPLOITATION: "exploitation",
        HarmType.FGM: "FGM",
        HarmType.FORCED_MARRIAGE: "forced marriage",
        HarmType.RADICALISATION: "radicalisation",
        HarmType.SELF_HARM: "self-harm",
        HarmType.OTHER: "other",
    },
    InformationConcerns: {
        InformationConcerns.CHILD: "the child",
        InformationConcerns.CHILD_AND_ADULTS: "the child and adults",
        InformationConcerns.ADULT_ONLY: "an adult only",
    },
    FamilyTold: {
        FamilyTold.NOT_YET: "not yet",
        FamilyTold.TOLD: "told",
        FamilyTold.WILL_TELL: "will be told",
        FamilyTold.NOT_TOLD: "not told",
    },
    Article6: {
        Article6.NOT_RECORDED: "not recorded",
        Article6.PUBLIC_TASK: "6(1)(e) public task",
        Article6.LEGAL_OBLIGATION: "6(1)(c) legal obligation",
        Article6.VITAL_INTERESTS: "6(1)(d) vital interests",
        Article6.CONSENT: "6(1)(a) consent",
        Article6.LEGITIMATE_INTERESTS: "6(1)(f) legitimate interests",
    },
    Article9: {
        Article9.NOT_APPLICABLE: "no special-category data",
        Article9.NOT_RECORDED: "not recorded",
        Article9.SAFEGUARDING_SCH1_P18: "DPA 2018 Sch 1 para 18 safeguarding",
        Article9.HEALTH_SOCIAL_CARE: "9(2)(h) health or social care",
        Article9.VITAL_INTERESTS: "9(2)(c) vital interests",
        Article9.EXPLICIT_CONSENT: "9(2)(a) explicit consent",
        Article9.SUBSTANTIAL_PUBLIC_INTEREST_OTHER: "other substantial public interest",
    },
    DecisionOutcome: {
        DecisionOutcome.UNDECIDED: "not decided",
        DecisionOutcome.SHARE: "share",
        DecisionOutcome.SHARE_PART: "share part",
        DecisionOutcome.DO_NOT_SHARE: "do not share",
        DecisionOutcome.NOT_YET: "not yet (review on a date)",
    },
    SecureMeans: {
        SecureMeans.NOT_RECORDED: "not recorded",
        SecureMeans.SECURE_EMAIL: "secure email",
        SecureMeans.PHONE_THEN_SECURE_EMAIL: "phone, then secure email",
        SecureMeans.PHONE: "phone",
        SecureMeans.IN_PERSON: "in person",
        SecureMeans.CASE_SYSTEM: "case system",
        SecureMeans.SECURE_PORTAL: "secure portal",
        SecureMeans.OTHER: "other",
    },
    Status: {
        Status.DRAFT: "draft",
        Status.FINALISED: "finalised",
    },
    ChildRole: {
        ChildRole.NOT_APPLICABLE: "not asked about",
        ChildRole.NOT_KNOWN: "not known yet",
        ChildRole.VICTIM: "victim",
        ChildRole.WITNESS: "witness",
        ChildRole.SUSPECT: "suspect",
    },
    RequestGateway: {
        RequestGateway.NOT_RECORDED: "not recorded",
        RequestGateway.CRIME_EXEMPTION: "crime exemption (DPA 2018 Sch 2 para 2)",
        RequestGateway.COURT_ORDER: "court order",
        RequestGateway.STATUTORY_ENQUIRY: "statutory enquiry (e.g. s47)",
        RequestGateway.CONSENT: "the person's consent",
        RequestGateway.OTHER: "other",
    },
    AdultRiskAssessment: {
        AdultRiskAssessment.NOT_DONE: "not done",
        AdultRiskAssessment.STANDARD: "standard risk",
        AdultRiskAssessment.MEDIUM: "medium risk",
        AdultRiskAssessment.HIGH: "high risk",
    },
    MaracStep: {
        MaracStep.NOT_CONSIDERED: "not considered",
        MaracStep.REFERRED_WITH_CONSENT: "referred, with consent",
        MaracStep.REFERRED_WITHOUT_CONSENT: "referred without consent",
        MaracStep.NOT_REFERRED: "not referred",
    },
}


def label_of(value: StrEnum) -> str:
    """The practitioner's words for a recorded choice."""
    return LABELS.get(type(value), {}).get(value, value.value.replace("_", " "))


def choices(enum: type[StrEnum]) -> list[tuple[StrEnum, str]]:
    """Every value of a choice with its words, in the order the record defines them."""
    return [(member, label_of(member)) for member in enum]


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
