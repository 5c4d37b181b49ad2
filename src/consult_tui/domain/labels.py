"""The practitioner's words for every recorded choice, in one place (pure Python).

The screens, the tables, the copied summary and the exports all read these, so a decision is
never "Don't share" in one place and "do not share" in another. Long words go in forms and
the summary; the short forms (capitalised, "—" for nothing decided) fit a table column.
"""

from __future__ import annotations

from enum import StrEnum

from .parsing import AgeUnit
from .record import (
    AdultRiskAssessment,
    Article6,
    Article9,
    Capacity,
    ChildRole,
    ConsentState,
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


# Table cells: the same words, capitalised; nothing decided is a dash, and "not yet (review on
# a date)" is cut to "Not yet" to fit a column.
_SHORT: dict[type[StrEnum], dict[StrEnum, str]] = {
    DecisionOutcome: {DecisionOutcome.UNDECIDED: "—", DecisionOutcome.NOT_YET: "Not yet"},
    Status: {Status.FINALISED: "Final"},
}


def short_label(value: object, kind: type[StrEnum]) -> str:
    """A choice of ``kind`` (an enum member or its stored value) in a table cell's words."""
    raw = str(getattr(value, "value", value))
    try:
        member = kind(raw)
    except ValueError:
        return raw.replace("_", " ")
    words = _SHORT.get(kind, {}).get(member) or label_of(member)
    return words[:1].upper() + words[1:]


def decision_short(value: object) -> str:
    return short_label(value, DecisionOutcome)


def status_short(value: object) -> str:
    return short_label(value, Status)
