"""Four example consultations, from the project's domain brief, for the demo, tests and benchmarks.

Each is a draft written as a practitioner would write it: facts with their sources, kept apart
from opinion, the people and their consent, and the five answers. Decisions follow what the
guidance supports; the "older friends" case is left undecided, because the guidance says to take
advice first. Everything is fixed (ids, dates), so screens and snapshots built from them are
stable; give a copy a new id before storing it twice. The people are invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from .record import (
    AdviceEntry,
    Article6,
    Article9,
    Capacity,
    Consent,
    ConsentState,
    Consultation,
    Context,
    Decision,
    DecisionOutcome,
    Fact,
    FactKind,
    FamilyTold,
    HarmType,
    InformationConcerns,
    InformedConsent,
    LawfulBasis,
    Level,
    Person,
    PersonKind,
    Practitioner,
    Proportionality,
    Recipient,
    SecureMeans,
    Sharing,
    Transparency,
    YesNo,
)

__all__ = [
    "all_examples",
    "bruised_baby",
    "older_friends",
    "perinatal_referral",
    "separation_upset",
]

_ALL_KEY_POINTS = ["openness", "family-wishes", "if-in-doubt", "quality", "record-reason"]
_INFORMED = InformedConsent(
    what_will_happen=True,
    who_will_be_told_what=True,
    who_they_will_tell=True,
    why_they_are_told=True,
)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def bruised_baby() -> Consultation:
    """Health visitor: a 4-month-old with an unexplained bruise; the parents' accounts differ."""
    when = _at(12, 11, 40)
    return Consultation(
        id="ex0bruise001",
        created_at=when,
        updated_at=when,
        practitioner=Practitioner(
            name="Amira Khan",
            role="Health visitor",
            organisation="Northgate Community Health NHS Trust",
        ),
        case_reference="HV-2025-0412",
        people=[
            Person(
                id="ex0bb0child1",
                name="Baby R",
                kind=PersonKind.CHILD,
                relation="the child",
                date_of_birth=date(2024, 11, 9),
                capacity=Capacity.NOT_COMPETENT,
                consent=Consent(
                    state=ConsentState.NOT_SOUGHT,
                    not_sought_reason="A baby of 4 months: her parents decide for her.",
                ),
            ),
            Person(
                id="ex0bb0mothr1",
                name="Ms R",
                kind=PersonKind.PARENT_CARER,
                relation="mother",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                may_be_told=YesNo.YES,
                consent=Consent(
                    state=ConsentState.REFUSED,
                    views="Did not want social services involved; said the bruise was an accident "
                    "with the cot and that a referral would make them look like bad parents.",
                    recorded_at=_at(12, 10, 55),
                ),
            ),
            Person(
                id="ex0bb0fathr1",
                name="Mr R",
                kind=PersonKind.PARENT_CARER,
                relation="father",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                may_be_told=YesNo.YES,
                consent=Consent(
                    state=ConsentState.REFUSED,
                    views="Agreed with the mother that no referral was needed.",
                    recorded_at=_at(12, 11, 5),
                ),
            ),
        ],
        facts=[
            Fact(
                id="ex0bb0fact01",
                text="At the 4-month review at home I saw a bruise about 2 cm across on the "
                "outside of the baby's left upper arm, bluish-purple, with no other marks.",
                source="Health visitor's own observation, home visit 12/03/2025 10:30",
            ),
            Fact(
                id="ex0bb0fact02",
                text="The baby is not yet rolling over or moving about on her own.",
                source="Health visitor, developmental review at the same visit",
            ),
            Fact(
                id="ex0bb0fact03",
                text="The mother said the arm caught between the cot bars during the night of "
                "10 March.",
                source="Mother, told to the health visitor at the visit",
            ),
            Fact(
                id="ex0bb0fact04",
                text="The father, who arrived later, said he had not noticed any mark and that "
                "the baby spent 11 March at her grandmother's.",
                source="Father, told to the health visitor at the visit",
            ),
            Fact(
                id="ex0bb0fact05",
                text="The two accounts do not agree, and neither explains a bruise of this "
                "size on a baby who is not yet mobile.",
                source="Health visitor's professional opinion",
                kind=FactKind.OPINION,
            ),
        ],
        purpose="To refer an unexplained bruise on a non-mobile baby to children's social care "
        "so that it can be assessed under child protection procedures today.",
        information_to_share="On 12/03/2025 at a home visit I saw a bruise about 2 cm across on "
        "the left upper arm of Baby R, aged 4 months, who is not yet mobile. Her mother said the "
        "arm caught in the cot bars overnight on 10 March. Her father said he had not seen a mark "
        "and that the baby was at her grandmother's on 11 March. The accounts differ. Query NAI. "
        "Both parents know I am making this referral and did not agree to it.",
        recipients=[
            Recipient(
                id="ex0bb0recip1",
                name="Duty social worker",
                role="Duty social worker",
                agency="Northgate Multi-Agency Safeguarding Hub",
                contact="MASH duty line",
            )
        ],
        context=Context(
            suspected_harm=[HarmType.PHYSICAL],
            telling_increases_risk=YesNo.NO,
        ),
        proportionality=Proportionality(
            risk=Level.HIGH,
            imminent=YesNo.YES,
            safer_if_shared=Level.HIGH,
            relationship_damage=Level.MODERATE,
            can_wait=YesNo.NO,
        ),
        transparency=Transparency(family_told=FamilyTold.TOLD, told_at=_at(12, 11, 10)),
        lawful_basis=LawfulBasis(
            article6=Article6.PUBLIC_TASK,
            article9=Article9.SAFEGUARDING_SCH1_P18,
        ),
        key_points_checked=list(_ALL_KEY_POINTS),
        communication_checked=["clear-language", "check-understanding"],
        decision=Decision(
            outcome=DecisionOutcome.SHARE,
            reason="An unexplained bruise on a non-mobile 4-month-old, with parents' accounts "
            "that differ, is a risk of significant harm that cannot wait. Shared today without "
            "their agreement, as the guidance allows. I told the parents about the referral "
            "because nothing suggests that telling them increases the risk.",
            decided_at=_at(12, 11, 30),
        ),
        sharing=Sharing(
            what_was_shared="The information above, by phone to the duty social worker and then "
            "in writing.",
            recipient_ids=["ex0bb0recip1"],
            shared_at=_at(12, 11, 35),
            secure_means=SecureMeans.PHONE_THEN_SECURE_EMAIL,
            understanding_checked="The duty social worker read back the key points: bruise on a "
            "non-mobile baby, two differing accounts, parents aware and not agreeing.",
        ),
    )


def separation_upset() -> Consultation:
    """DSL: a Year 4 pupil upset by her parents' separation; the parents decline early help."""
    when = _at(6, 15, 20)
    return Consultation(
        id="ex0separ0001",
        created_at=when,
        updated_at=when,
        practitioner=Practitioner(
            name="Tom Ellis",
            role="Designated safeguarding lead",
            organisation="Brook Lane Primary School",
        ),
        case_reference="BL-SG-2025-031",
        people=[
            Person(
                id="ex0su0child1",
                name="J.",
                kind=PersonKind.CHILD,
                relation="pupil, Year 4",
                age=8,
                capacity=Capacity.NOT_COMPETENT,
                consent=Consent(
                    state=ConsentState.NOT_SOUGHT,
                    not_sought_reason="J. is 8 and her parents decide for her; her own views "
                    "were heard.",
                    views="She wants her mum and dad to stop arguing, and likes talking to her "
                    "teacher at break.",
                ),
            ),
            Person(
                id="ex0su0mothr1",
                name="Mrs J.",
                kind=PersonKind.PARENT_CARER,
                relation="mother",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                consent=Consent(
                    state=ConsentState.REFUSED,
                    views="Declined early help: the family are getting counselling through her "
                    "employer and she does not want another service involved.",
                    recorded_at=_at(5, 16, 0),
                ),
            ),
            Person(
                id="ex0su0fathr1",
                name="Mr J.",
                kind=PersonKind.PARENT_CARER,
                relation="father",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                consent=Consent(
                    state=ConsentState.REFUSED,
                    views="Agreed with the mother; asked the school to keep an eye on J.",
                    recorded_at=_at(5, 16, 0),
                ),
            ),
        ],
        facts=[
            Fact(
                id="ex0su0fact01",
                text="J. cried in class on 3 and 4 March and told her teacher that mum and dad "
                "shout all the time about who she will live with.",
                source="Class teacher, told to the DSL on 04/03/2025",
            ),
            Fact(
                id="ex0su0fact02",
                text="J.'s attendance this term is 97%; she arrives clean, fed and dressed for the "
                "weather, and no marks have been seen.",
                source="School attendance record; class teacher",
            ),
            Fact(
                id="ex0su0fact03",
                text="Both parents said they are separating, that J. is upset, and that they have "
                "arranged family counselling. Both declined a referral to early help.",
                source="Both parents, meeting with the DSL on 05/03/2025",
            ),
            Fact(
                id="ex0su0fact04",
                text="J.'s upset looks like a reaction to the separation rather than a sign of "
                "harm; she is talking about it with staff she trusts.",
                source="DSL's opinion, after talking to the class teacher",
                kind=FactKind.OPINION,
            ),
        ],
        purpose="To offer the family support through the local early help team.",
        information_to_share="",
        recipients=[],
        context=Context(telling_increases_risk=YesNo.NO),
        proportionality=Proportionality(
            risk=Level.LOW,
            imminent=YesNo.NO,
            safer_if_shared=Level.LOW,
            relationship_damage=Level.HIGH,
            can_wait=YesNo.YES,
        ),
        key_points_checked=list(_ALL_KEY_POINTS),
        decision=Decision(
            outcome=DecisionOutcome.DO_NOT_SHARE,
            reason="The risk to J. is low, nothing is imminent, and both parents have declined "
            "early help while arranging counselling themselves. Sharing against their wishes "
            "would add little to J.'s safety and could cost the school the parents' trust. Not "
            "shared; school support continues and the decision will be reviewed.",
            review_date=date(2025, 4, 17),
            decided_at=_at(6, 15, 15),
        ),
    )


def older_friends() -> Consultation:
    """Youth worker: a 15-year-old mentions "older friends", lifts and gifts. Left undecided."""
    when = _at(10, 21, 5)
    return Consultation(
        id="ex0older0001",
        created_at=when,
        updated_at=when,
        practitioner=Practitioner(
            name="Sam Okafor",
            role="Youth worker",
            organisation="Riverside Youth Project",
        ),
        case_reference="RYP-0310",
        people=[
            Person(
                id="ex0of0child1",
                name="K.",
                kind=PersonKind.CHILD,
                relation="young person attending the youth club",
                age=15,
                capacity=Capacity.NOT_ASSESSED,
                consent=Consent(
                    state=ConsentState.NOT_SOUGHT,
                    not_sought_reason="Not yet: I want advice first on whether asking K. could "
                    "push her away or alert the people involved.",
                    views="She says the older friends are 'a laugh' and that she can look after "
                    "herself.",
                ),
            ),
        ],
        facts=[
            Fact(
                id="ex0of0fact01",
                text="K. said she has 'older friends' with cars who pick her up after youth club "
                "and take her to a flat.",
                source="K., told to the youth worker at the club on 10/03/2025",
            ),
            Fact(
                id="ex0of0fact02",
                text="K. had a new phone and new trainers this week and said the friends bought "
                "them for her.",
                source="K., same conversation; the youth worker saw the phone and trainers",
            ),
            Fact(
                id="ex0of0fact03",
                text="A silver car was waiting outside the club at closing time on 3 and 10 "
                "March; the driver looked to be a man in his twenties.",
                source="Youth worker's own observation",
            ),
            Fact(
                id="ex0of0fact04",
                text="Older friends, lifts and gifts together worry me as a possible sign of "
                "grooming, but I do not know enough to say how at risk K. is.",
                source="Youth worker's opinion",
                kind=FactKind.OPINION,
            ),
        ],
        purpose="To find out whether K. may be at risk of exploitation, and who needs to know.",
        information_to_share="Youth worker at RYP worried about a 15yo girl (no name given) "
        "being picked up by older males in a car and given gifts. Possible CSE? Advice wanted on "
        "whether this meets threshold for a referral to MASH.",
        context=Context(suspected_harm=[HarmType.EXPLOITATION]),
        proportionality=Proportionality(relationship_damage=Level.MODERATE),
        key_points_checked=["if-in-doubt", "record-reason"],
    )


def perinatal_referral() -> Consultation:
    """Health visitor: a mother with postnatal depression asks for a perinatal referral."""
    when = _at(11, 14, 10)
    return Consultation(
        id="ex0perin0001",
        created_at=when,
        updated_at=when,
        practitioner=Practitioner(
            name="Grace Mensah",
            role="Health visitor",
            organisation="Northgate Community Health NHS Trust",
        ),
        case_reference="HV-2025-0398",
        people=[
            Person(
                id="ex0pr0child1",
                name="Baby L",
                kind=PersonKind.CHILD,
                relation="the child",
                date_of_birth=date(2025, 1, 27),
                capacity=Capacity.NOT_COMPETENT,
                consent=Consent(
                    state=ConsentState.NOT_SOUGHT,
                    not_sought_reason="A baby of 6 weeks: her mother decides for her.",
                ),
            ),
            Person(
                id="ex0pr0mothr1",
                name="Ms L",
                kind=PersonKind.PARENT_CARER,
                relation="mother",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                may_be_told=YesNo.YES,
                consent=Consent(
                    state=ConsentState.GIVEN,
                    informed=_INFORMED,
                    views="Asked for the referral herself: 'I want to feel like me again.'",
                    recorded_at=_at(11, 13, 40),
                ),
            ),
        ],
        facts=[
            Fact(
                id="ex0pr0fact01",
                text="Ms L scored 16 on the Edinburgh Postnatal Depression Scale at the 6-week "
                "visit.",
                source="Health visitor, scale completed with Ms L on 11/03/2025",
            ),
            Fact(
                id="ex0pr0fact02",
                text="Ms L said she has felt low most days since the birth and is sleeping "
                "badly, and that she has no thoughts of harming herself or the baby.",
                source="Ms L, told to the health visitor on 11/03/2025",
            ),
            Fact(
                id="ex0pr0fact03",
                text="Baby L is feeding well and gaining weight along her centile; mother and "
                "baby were warm and responsive with each other during the visit.",
                source="Health visitor's observation and weight check, 11/03/2025",
            ),
            Fact(
                id="ex0pr0fact04",
                text="Her GP started her on an antidepressant on 4 March.",
                source="Ms L; GP letter dated 04/03/2025",
            ),
            Fact(
                id="ex0pr0fact05",
                text="A specialist assessment would help her recovery and, through it, the "
                "baby's care.",
                source="Health visitor's opinion",
                kind=FactKind.OPINION,
            ),
        ],
        purpose="To refer Ms L, at her request, to the perinatal mental health team for "
        "assessment and support.",
        information_to_share="Ms L (EPDS 16 on 11/03) asks for a referral to the PMH team. Low "
        "mood most days since the birth, poor sleep, no thoughts of harm to herself or the baby. "
        "GP started an antidepressant on 04/03. Baby L is thriving and the bond is warm. Ms L "
        "knows what will be shared, with whom, who they may tell, and why.",
        recipients=[
            Recipient(
                id="ex0pr0recip1",
                name="Duty clinician",
                role="Duty clinician",
                agency="Northgate Perinatal Mental Health Service",
            )
        ],
        context=Context(
            information_concerns=InformationConcerns.CHILD_AND_ADULTS,
            telling_increases_risk=YesNo.NO,
        ),
        proportionality=Proportionality(
            risk=Level.MODERATE,
            imminent=YesNo.NO,
            safer_if_shared=Level.MODERATE,
            relationship_damage=Level.LOW,
            can_wait=YesNo.YES,
        ),
        transparency=Transparency(family_told=FamilyTold.TOLD, told_at=_at(11, 13, 40)),
        lawful_basis=LawfulBasis(
            article6=Article6.PUBLIC_TASK,
            article9=Article9.HEALTH_SOCIAL_CARE,
            notes="Shared with Ms L's informed agreement; the basis is the NHS's public task.",
        ),
        advice=[],
        key_points_checked=list(_ALL_KEY_POINTS),
        communication_checked=["terms-and-acronyms", "check-understanding"],
        decision=Decision(
            outcome=DecisionOutcome.SHARE,
            reason="Ms L asked for the referral and gave informed agreement. The risk is "
            "moderate and not imminent; specialist support should help her and, through her, "
            "the baby. Shared with her agreement: what she agreed, with the perinatal team only.",
            decided_at=_at(11, 14, 0),
        ),
        sharing=Sharing(
            what_was_shared="The referral text above.",
            recipient_ids=["ex0pr0recip1"],
            shared_at=_at(11, 14, 5),
            secure_means=SecureMeans.SECURE_EMAIL,
            understanding_checked="Phoned the duty clinician, who confirmed receipt and "
            "repeated back the request and the score.",
        ),
    )


def all_examples() -> list[Consultation]:
    """The four example consultations, in the order the domain brief lists them."""
    return [bruised_baby(), separation_upset(), older_friends(), perinatal_referral()]


# Kept here (not in tests) so a demo can show a second rung of the ladder on the older-friends case.
def older_friends_after_first_advice() -> Consultation:
    """The older-friends case after one anonymised discussion that left it unclear."""
    record = older_friends()
    record.advice.append(
        AdviceEntry(
            id="ex0of0advc01",
            who="Duty manager",
            role="Youth service duty manager",
            organisation="Riverside Youth Project",
            anonymised=True,
            at=_at(11, 9, 30),
            advice="Could be exploitation or could be ordinary friendships; not enough to say. "
            "Suggested a general discussion with the children's services front door.",
        )
    )
    return record
