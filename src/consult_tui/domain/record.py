"""The consultation record: every field a defensible information-sharing decision holds.

The record is plain data (pydantic models, no Textual, no database) so that the reasoning, the
store, the screens, exports and imports all agree on one shape, and so that its JSON Schema can be
published for other systems. Every proportionality answer and most states allow "not known yet",
because an honest "we don't know" is what drives the advice ladder.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .parsing import Age, AgeUnit, whole_years

SCHEMA_VERSION = 1


def new_id() -> str:
    """A short random id: unique enough inside one record store, and free of case data."""
    return uuid.uuid4().hex[:12]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# Dates a safeguarding record can truly hold; year 1 or 9999 is a typing or forging mistake.
MIN_YEAR, MAX_YEAR = 1900, 2200
# A record id: what new_id makes, and what the store and audit trail accept (never case text).
RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ID_MAX = 64


def invisible_characters(text: str) -> list[str]:
    """Format characters (Unicode category Cf: bidi controls such as U+202E, zero-width
    joiners) in text: invisible on screen, they can make "AB-123" display as something else."""
    return [ch for ch in text if unicodedata.category(ch) == "Cf"]


def _refuse_invisible(text: str, what: str) -> str:
    found = invisible_characters(text)
    if found:
        codes = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in found}))
        raise ValueError(
            f"{what} holds invisible formatting characters ({codes}) that could disguise it"
        )
    return text


class _Model(BaseModel):
    # Unknown keys are refused so that an import cannot smuggle data the app never shows.
    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_enum_values=False)

    @field_validator("*", mode="after")
    @classmethod
    def _date_in_range(cls, value: object) -> object:
        # datetime is a date too, so this covers every date and time in the record.
        if isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"should be a date between {MIN_YEAR} and {MAX_YEAR}")
        return value

    @field_validator("id", mode="after", check_fields=False)
    @classmethod
    def _id_is_plain(cls, value: str) -> str:
        if not 1 <= len(value) <= ID_MAX:
            raise ValueError(f"an id is 1–{ID_MAX} characters")
        if any(unicodedata.category(ch) in ("Cf", "Cc") for ch in value):
            raise ValueError("an id cannot hold control or invisible formatting characters")
        return value


Text = Annotated[str, Field(max_length=20_000)]
ShortText = Annotated[str, Field(max_length=500)]


# ---------------------------------------------------------------------------------------------
# Proportionality: the five questions of the guidance, each answerable as "not known yet".
# ---------------------------------------------------------------------------------------------


class Level(StrEnum):
    """A graded answer. For "how much safer" low/high read as little/much."""

    NOT_KNOWN = "not_known"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class YesNo(StrEnum):
    NOT_KNOWN = "not_known"
    YES = "yes"
    NO = "no"


class Proportionality(_Model):
    """The five questions the guidance says a sharing decision weighs."""

    risk: Level = Field(Level.NOT_KNOWN, description="How at risk is the child or young person?")
    imminent: YesNo = Field(YesNo.NOT_KNOWN, description="Is the risk imminent?")
    safer_if_shared: Level = Field(
        Level.NOT_KNOWN,
        description="How much safer will the child be if the information is shared?",
    )
    relationship_damage: Level = Field(
        Level.NOT_KNOWN,
        description="How badly would sharing against the family's wishes damage the "
        "professional-family relationship?",
    )
    can_wait: YesNo = Field(
        YesNo.NOT_KNOWN,
        description="Could sharing wait until the family change their mind? "
        "(no = it must be shared now)",
    )


# ---------------------------------------------------------------------------------------------
# People and consent
# ---------------------------------------------------------------------------------------------


class PersonKind(StrEnum):
    CHILD = "child"  # the child or young person the concern is about
    SIBLING = "sibling"
    PARENT_CARER = "parent_carer"
    FAMILY_MEMBER = "family_member"
    OTHER_ADULT = "other_adult"


class Capacity(StrEnum):
    """Who can decide about their own information."""

    NOT_ASSESSED = "not_assessed"
    ADULT_WITH_CAPACITY = "adult_with_capacity"
    ADULT_LACKS_CAPACITY = "adult_lacks_capacity"
    COMPETENT_16_17 = "competent_16_17"  # a competent 16–17-year-old decides for themselves
    GILLICK_COMPETENT = "gillick_competent"  # a younger child judged competent for this decision
    NOT_COMPETENT = "not_competent"  # a child who cannot yet decide; a parent decides


class ConsentState(StrEnum):
    NOT_SOUGHT = "not_sought"
    SOUGHT = "sought"  # asked, no answer yet
    GIVEN = "given"
    REFUSED = "refused"
    PARTIAL = "partial"
    WITHDRAWN = "withdrawn"


class InformedConsent(_Model):
    """The four things a person must understand for their consent to be informed."""

    what_will_happen: bool = Field(False, description="What will happen to the information")
    who_will_be_told_what: bool = Field(False, description="Who will be told what")
    who_they_will_tell: bool = Field(False, description="Who those people will then tell")
    why_they_are_told: bool = Field(False, description="Why people are being told")

    def complete(self) -> bool:
        return all(value for _, value in self)

    def missing(self) -> list[str]:
        return [name for name, value in self if not value]


class Consent(_Model):
    state: ConsentState = ConsentState.NOT_SOUGHT
    not_sought_reason: Text = ""
    informed: InformedConsent = Field(default_factory=InformedConsent)
    views: Text = Field("", description="The person's own views, in their words where possible")
    partial_scope: Text = Field("", description="With partial consent: what they agreed to")
    agreed_with: ShortText = Field(
        "", description="With whom they agreed it may be shared (the scope of their agreement)"
    )
    recorded_at: datetime | None = None


class Person(_Model):
    id: str = Field(default_factory=new_id)
    name: ShortText = Field("", description="Name, initials or other identifier as recorded")
    kind: PersonKind = PersonKind.CHILD
    relation: ShortText = Field("", description="Relation to the child, e.g. mother, stepfather")
    age: int | None = Field(None, ge=0, le=130, description="Age in whole years")
    # An infant's age is kept as it was given (7 months, 3 weeks), with its whole years in `age`;
    # what could not be read as an age is kept verbatim in `age_text`, never dropped.
    age_unit: AgeUnit = Field(
        AgeUnit.YEARS, description="The unit the age was given in (a baby: months, weeks, days)"
    )
    age_amount: int | None = Field(
        None, ge=0, le=130 * 366, description="The age in age_unit, when not given in years"
    )
    age_text: ShortText = Field(
        "", description="An age as typed that could not be read; kept until it is put right"
    )
    date_of_birth: date | None = None
    capacity: Capacity = Capacity.NOT_ASSESSED
    may_be_told: YesNo = Field(
        YesNo.NOT_KNOWN, description="May this person be told about the sharing?"
    )
    alleged_to_cause_harm: bool = False
    may_pass_on: bool = Field(
        False,
        description="Would pass what they are told on to someone alleged to have caused harm",
    )
    telling_reason: ShortText = Field(
        "", description="Why this person is, or is not yet, to be told about the sharing"
    )
    consent: Consent = Field(default_factory=Consent)

    @model_validator(mode="after")
    def _age_agrees(self) -> Person:
        """An age given in months or weeks fills `age` with its whole years, and must agree."""
        if self.age_unit is AgeUnit.YEARS:
            if self.age_amount is not None and self.age_amount != self.age:
                raise ValueError("age_amount in years must equal age")
            return self
        if self.age_amount is None:
            raise ValueError(f"an age in {self.age_unit.value} needs age_amount")
        years = whole_years(self.age_amount, self.age_unit)
        if self.age is None:
            self.age = years
        elif self.age != years:
            raise ValueError("age must be the whole years of age_amount")
        return self

    def age_given(self) -> Age | None:
        """The age as it was given (7 months), or None when no age was recorded."""
        if self.age_unit is not AgeUnit.YEARS and self.age_amount is not None:
            return Age(self.age_amount, self.age_unit)
        return None if self.age is None else Age(self.age)

    def age_on(self, day: date) -> int | None:
        if self.age is not None:
            return self.age
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# ---------------------------------------------------------------------------------------------
# Facts, recipients, advice
# ---------------------------------------------------------------------------------------------


class FactKind(StrEnum):
    FACT = "fact"
    OPINION = "opinion"


class Fact(_Model):
    id: str = Field(default_factory=new_id)
    text: Text = ""
    source: ShortText = Field("", description="Where this came from: who said or saw it, when")
    kind: FactKind = FactKind.FACT


class Recipient(_Model):
    id: str = Field(default_factory=new_id)
    name: ShortText = ""
    role: ShortText = ""
    agency: ShortText = ""
    contact: ShortText = ""


class AdviceEntry(_Model):
    """One rung of the advice ladder: a manager, children's services, or another professional."""

    id: str = Field(default_factory=new_id)
    who: ShortText = ""
    role: ShortText = ""
    organisation: ShortText = ""
    anonymised: bool = Field(True, description="The family was not named in this discussion")
    at: datetime | None = None
    advice: Text = ""


# ---------------------------------------------------------------------------------------------
# Context the reasoning needs for the hard cases
# ---------------------------------------------------------------------------------------------


class RequestOrigin(StrEnum):
    OWN_CONCERN = "own_concern"
    POLICE = "police"
    OTHER_AGENCY = "other_agency"
    COURT = "court"
    FAMILY = "family"
    OTHER = "other"


class HarmType(StrEnum):
    PHYSICAL = "physical"
    SEXUAL = "sexual"
    EMOTIONAL = "emotional"
    NEGLECT = "neglect"
    DOMESTIC_ABUSE = "domestic_abuse"
    EXPLOITATION = "exploitation"  # CSE, CCE, county lines
    FGM = "fgm"
    FORCED_MARRIAGE = "forced_marriage"
    RADICALISATION = "radicalisation"
    SELF_HARM = "self_harm"
    OTHER = "other"


class InformationConcerns(StrEnum):
    """Whose information is proposed for sharing, and whether it bears on the child."""

    CHILD = "child"
    CHILD_AND_ADULTS = "child_and_adults"
    ADULT_ONLY = "adult_only"  # e.g. a parent's own health with no bearing on the child


class ChildRole(StrEnum):
    """In a police or other request: how the child comes into the matter asked about."""

    NOT_APPLICABLE = "not_applicable"
    NOT_KNOWN = "not_known"
    VICTIM = "victim"
    WITNESS = "witness"
    SUSPECT = "suspect"


class RequestGateway(StrEnum):
    """What a request from outside rests on; it decides what may be shared, not everything."""

    NOT_RECORDED = "not_recorded"
    CRIME_EXEMPTION = "crime_exemption"  # DPA 2018 Sch 2 para 2: permits, compels nothing
    COURT_ORDER = "court_order"
    STATUTORY_ENQUIRY = "statutory_enquiry"  # e.g. a Children Act 1989 s47 enquiry
    CONSENT = "consent"  # the person the information is about agreed
    OTHER = "other"


class AdultRiskAssessment(StrEnum):
    """The outcome of a domestic abuse risk assessment (e.g. the SafeLives Dash checklist)."""

    NOT_DONE = "not_done"
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class MaracStep(StrEnum):
    """The MARAC referral for an adult at high risk of domestic abuse."""

    NOT_CONSIDERED = "not_considered"
    REFERRED_WITH_CONSENT = "referred_with_consent"
    REFERRED_WITHOUT_CONSENT = "referred_without_consent"  # record why in marac_note
    NOT_REFERRED = "not_referred"  # record why in marac_note


class Context(_Model):
    request_origin: RequestOrigin = RequestOrigin.OWN_CONCERN
    requester_verified: bool = False
    verification_method: ShortText = Field(
        "", description="How the requester's identity and authority were checked"
    )
    stated_purpose: Text = Field("", description="The purpose the requester gave")
    suspected_harm: list[HarmType] = Field(default_factory=list)
    fgm_known: bool = Field(
        False, description="FGM disclosed by the girl or its signs observed (not only suspected)"
    )
    telling_increases_risk: YesNo = Field(
        YesNo.NOT_KNOWN,
        description="Would telling the family increase the risk to the child or someone else?",
    )
    investigation_prejudiced: bool = Field(
        False, description="Would telling the family prejudice a police or s47 investigation?"
    )
    information_concerns: InformationConcerns = InformationConcerns.CHILD
    # Requests from outside the practitioner's own concern.
    request_gateway: RequestGateway = Field(
        RequestGateway.NOT_RECORDED, description="What the request rests on"
    )
    child_role: ChildRole = Field(
        ChildRole.NOT_APPLICABLE, description="Whether the child is a victim, witness or suspect"
    )
    # Risk to adults in the household (domestic abuse), and the MARAC step.
    adult_at_risk: YesNo = Field(
        YesNo.NOT_KNOWN,
        description="Is an adult in the household at risk of harm (e.g. domestic abuse)?",
    )
    adult_risk_assessment: AdultRiskAssessment = Field(
        AdultRiskAssessment.NOT_DONE, description="Outcome of a risk assessment, e.g. Dash"
    )
    marac: MaracStep = MaracStep.NOT_CONSIDERED
    marac_note: ShortText = Field(
        "", description="The adult's consent to the MARAC referral, or why it was not made"
    )


# ---------------------------------------------------------------------------------------------
# Openness, lawful basis, decision, sharing
# ---------------------------------------------------------------------------------------------


class FamilyTold(StrEnum):
    NOT_YET = "not_yet"
    TOLD = "told"
    WILL_TELL = "will_tell"
    NOT_TOLD = "not_told"  # a reason is then required


class Transparency(_Model):
    family_told: FamilyTold = FamilyTold.NOT_YET
    not_told_reason: Text = ""
    told_at: datetime | None = None


class Article6(StrEnum):
    NOT_RECORDED = "not_recorded"
    PUBLIC_TASK = "public_task"  # 6(1)(e)
    LEGAL_OBLIGATION = "legal_obligation"  # 6(1)(c)
    VITAL_INTERESTS = "vital_interests"  # 6(1)(d)
    CONSENT = "consent"  # 6(1)(a)
    LEGITIMATE_INTERESTS = "legitimate_interests"  # 6(1)(f)


class Article9(StrEnum):
    NOT_APPLICABLE = "not_applicable"  # no special-category data
    NOT_RECORDED = "not_recorded"
    SAFEGUARDING_SCH1_P18 = "safeguarding_sch1_p18"  # DPA 2018 Sch 1 para 18
    HEALTH_SOCIAL_CARE = "health_social_care"  # 9(2)(h)
    VITAL_INTERESTS = "vital_interests"  # 9(2)(c)
    EXPLICIT_CONSENT = "explicit_consent"  # 9(2)(a)
    SUBSTANTIAL_PUBLIC_INTEREST_OTHER = "substantial_public_interest_other"


class LawfulBasis(_Model):
    article6: Article6 = Article6.NOT_RECORDED
    article9: Article9 = Article9.NOT_APPLICABLE
    statutory_duty: ShortText = Field(
        "", description="Any statutory duty relied on, e.g. FGM mandatory reporting"
    )
    notes: Text = ""


class DecisionOutcome(StrEnum):
    UNDECIDED = "undecided"
    SHARE = "share"
    SHARE_PART = "share_part"
    DO_NOT_SHARE = "do_not_share"
    NOT_YET = "not_yet"  # review on a date


class Decision(_Model):
    outcome: DecisionOutcome = DecisionOutcome.UNDECIDED
    reason: Text = Field("", description="Why — required whatever the decision")
    review_date: date | None = None
    review_date_text: ShortText = Field(
        "", description="A review date as typed that could not be read; kept until put right"
    )
    decided_at: datetime | None = None
    override_conflicts: list[str] = Field(
        default_factory=list,
        description="Ids of the conflicts the practitioner overrides, each one explicitly",
    )
    override_reason: Text = Field(
        "", description="Why the decision stands against the conflicts overridden"
    )


class SecureMeans(StrEnum):
    NOT_RECORDED = "not_recorded"
    SECURE_EMAIL = "secure_email"
    PHONE_THEN_SECURE_EMAIL = "phone_then_secure_email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    CASE_SYSTEM = "case_system"
    SECURE_PORTAL = "secure_portal"
    OTHER = "other"


class Sharing(_Model):
    what_was_shared: Text = ""
    recipient_ids: list[str] = Field(
        default_factory=list, description="Ids of the recipients it went to"
    )
    shared_at: datetime | None = None
    shared_at_text: ShortText = Field(
        "", description="When shared, as typed, if it could not be read; kept until put right"
    )
    secure_means: SecureMeans = SecureMeans.NOT_RECORDED
    secure_means_detail: ShortText = ""
    understanding_checked: Text = Field(
        "", description="How the recipient's understanding was checked"
    )


class Practitioner(_Model):
    name: ShortText = ""
    role: ShortText = ""
    organisation: ShortText = ""


class AgeCorrection(_Model):
    """A person's age given or put right after finalising, as given (15 years, 7 months)."""

    person_id: str = Field(description="Id of the person in the record")
    amount: int = Field(ge=0, le=130 * 366)
    unit: AgeUnit = AgeUnit.YEARS

    def age(self) -> Age:
        return Age(self.amount, self.unit)


class AddendumCorrections(_Model):
    """The structured part of an addendum, kept by the store beside its text."""

    review_date: date | None = None
    ages: list[AgeCorrection] = Field(default_factory=list)


class Addendum(_Model):
    """A dated later note on a finalised record: the original is never edited.

    It may also set a review date or give a person's age; readers apply the latest of these over
    the record's own values (``Consultation.review_date`` and ``age_of``).
    """

    id: str = Field(default_factory=new_id)
    at: datetime = Field(default_factory=utc_now)
    author: ShortText = ""
    reason: Text = ""
    text: Text = ""
    review_date: date | None = Field(
        None, description="A review date set after finalising; it replaces the decision's"
    )
    ages: list[AgeCorrection] = Field(
        default_factory=list, description="People's ages given or put right after finalising"
    )

    def corrections(self) -> str:
        """The structured part as JSON, or "" when there is none (the store's column)."""
        if self.review_date is None and not self.ages:
            return ""
        return AddendumCorrections(review_date=self.review_date, ages=self.ages).model_dump_json()

    def with_corrections(self, stored: str) -> Addendum:
        """This addendum with the structured part the store kept for it (stored="": none)."""
        if not stored:
            return self
        corrections = AddendumCorrections.model_validate_json(stored)
        return self.model_copy(
            update={"review_date": corrections.review_date, "ages": corrections.ages}
        )


class Status(StrEnum):
    DRAFT = "draft"
    FINALISED = "finalised"


class Consultation(_Model):
    """One information-sharing decision, from first worry to recorded reason."""

    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    status: Status = Status.DRAFT
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    finalised_at: datetime | None = None
    follow_up_of: str | None = Field(None, description="Id of the consultation this follows up")

    practitioner: Practitioner = Field(default_factory=Practitioner)
    case_reference: ShortText = Field("", description="The practitioner's own case reference")
    anonymised: bool = Field(
        False, description="A general discussion in which the family was not named"
    )
    people: list[Person] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    purpose: Text = Field("", description="The purpose of sharing")
    information_to_share: Text = Field("", description="The information proposed for sharing")
    recipients: list[Recipient] = Field(default_factory=list)
    context: Context = Field(default_factory=Context)
    proportionality: Proportionality = Field(default_factory=Proportionality)
    transparency: Transparency = Field(default_factory=Transparency)
    lawful_basis: LawfulBasis = Field(default_factory=LawfulBasis)
    advice: list[AdviceEntry] = Field(default_factory=list)
    key_points_checked: list[str] = Field(
        default_factory=list, description="Ids of the guidance key points the practitioner ticked"
    )
    communication_checked: list[str] = Field(
        default_factory=list, description="Ids of the communication tips the practitioner ticked"
    )
    decision: Decision = Field(default_factory=Decision)
    sharing: Sharing = Field(default_factory=Sharing)
    assessment_at_finalise: dict | None = Field(
        None, description="The assessment as it stood when the record was finalised"
    )
    addenda: list[Addendum] = Field(default_factory=list)

    @field_validator("id", "follow_up_of", mode="after")
    @classmethod
    def _record_id_shape(cls, value: str | None) -> str | None:
        if value is not None and not RECORD_ID.fullmatch(value):
            raise ValueError("should be 1–64 letters, digits, '-' or '_'")
        return value

    @field_validator("case_reference", mode="after")
    @classmethod
    def _case_reference_visible(cls, value: str) -> str:
        return _refuse_invisible(value, "a case reference")

    # -- conveniences the reasoning and the screens share ----------------------------------

    @property
    def is_final(self) -> bool:
        return self.status is Status.FINALISED

    def children(self) -> list[Person]:
        return [p for p in self.people if p.kind is PersonKind.CHILD]

    def subject(self) -> Person | None:
        """The child the concern is about: the first person of kind child."""
        kids = self.children()
        return kids[0] if kids else None

    def child_label(self) -> str:
        if self.anonymised:
            return "(anonymised)"
        child = self.subject()
        return child.name if child and child.name else ""

    def review_date(self) -> date | None:
        """The review date in force: the latest addendum's, else the decision's."""
        for note in reversed(self.addenda):
            if note.review_date is not None:
                return note.review_date
        return self.decision.review_date

    def age_of(self, person: Person) -> Age | None:
        """A person's age in force: the latest addendum's, else the one recorded."""
        for note in reversed(self.addenda):
            for correction in note.ages:
                if correction.person_id == person.id:
                    return correction.age()
        return person.age_given()

    def recipient(self, recipient_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.id == recipient_id), None)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> Consultation:
        return cls.model_validate_json(text)
