"""Records drawn from the whole answer space, as a practitioner could fill them in.

Every structured answer the reasoning reads is drawn, with several people of any kind, so the
safety invariants are tested against combinations nobody thought to write down.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

from hypothesis import strategies as st

from consult_tui.domain.guidance import GuidancePack, parse_pack
from consult_tui.domain.record import (
    AdultRiskAssessment,
    AdviceEntry,
    Article6,
    Capacity,
    ChildRole,
    Consent,
    ConsentState,
    Consultation,
    Context,
    Decision,
    DecisionOutcome,
    FamilyTold,
    HarmType,
    InformationConcerns,
    InformedConsent,
    Level,
    MaracStep,
    Person,
    PersonKind,
    Practitioner,
    Proportionality,
    RequestGateway,
    RequestOrigin,
    YesNo,
)

PROPOSED = [
    "",
    "The bruise and the parents' account.",
    "The full safeguarding file, as requested",
    "Everything we hold",
    "Attendance figures for this term.",
]


def shipped_packs() -> list[GuidancePack]:
    """Every guidance pack shipped with the app."""
    folder = resources.files("consult_tui").joinpath("guidance")
    packs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            packs.append(parse_pack(entry.read_text(encoding="utf-8"), entry.name))
    return packs


@st.composite
def consents(draw: st.DrawFn) -> Consent:
    informed = draw(st.booleans())
    return Consent(
        state=draw(st.sampled_from(ConsentState)),
        informed=InformedConsent(
            what_will_happen=informed,
            who_will_be_told_what=informed,
            who_they_will_tell=informed,
            why_they_are_told=informed,
        ),
    )


@st.composite
def people(draw: st.DrawFn, kind: PersonKind | None = None) -> Person:
    chosen = kind or draw(st.sampled_from([k for k in PersonKind if k is not PersonKind.CHILD]))
    return Person(
        name=draw(st.sampled_from(["", "K", "Ms K", "Mr L"])),
        kind=chosen,
        relation=draw(st.sampled_from(["", "mother", "partner", "grandmother"])),
        age=draw(st.one_of(st.none(), st.integers(0, 20) if kind else st.integers(14, 70))),
        capacity=draw(st.sampled_from(Capacity)),
        may_be_told=draw(st.sampled_from(YesNo)),
        alleged_to_cause_harm=draw(st.booleans()),
        may_pass_on=draw(st.booleans()),
        consent=draw(consents()),
    )


@st.composite
def records(draw: st.DrawFn) -> Consultation:
    child = [draw(people(PersonKind.CHILD))] if draw(st.integers(0, 9)) else []
    others = draw(st.lists(people(), max_size=3))
    context = Context(
        request_origin=draw(st.sampled_from(RequestOrigin)),
        requester_verified=draw(st.booleans()),
        suspected_harm=draw(st.lists(st.sampled_from(HarmType), max_size=3, unique=True)),
        fgm_known=draw(st.booleans()),
        telling_increases_risk=draw(st.sampled_from(YesNo)),
        investigation_prejudiced=draw(st.booleans()),
        information_concerns=draw(st.sampled_from(InformationConcerns)),
        request_gateway=draw(st.sampled_from(RequestGateway)),
        child_role=draw(st.sampled_from(ChildRole)),
        adult_at_risk=draw(st.sampled_from(YesNo)),
        adult_risk_assessment=draw(st.sampled_from(AdultRiskAssessment)),
        marac=draw(st.sampled_from(MaracStep)),
    )
    record = Consultation(
        created_at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC),
        practitioner=Practitioner(name="A. Practitioner", role="School nurse"),
        case_reference="TEST-1",
        people=[*child, *others],
        information_to_share=draw(st.sampled_from(PROPOSED)),
        proportionality=Proportionality(
            risk=draw(st.sampled_from(Level)),
            imminent=draw(st.sampled_from(YesNo)),
            safer_if_shared=draw(st.sampled_from(Level)),
            relationship_damage=draw(st.sampled_from(Level)),
            can_wait=draw(st.sampled_from(YesNo)),
        ),
        context=context,
        advice=[AdviceEntry(who="Adviser", advice="Unsure")] * draw(st.integers(0, 3)),
        decision=Decision(
            outcome=draw(st.sampled_from(DecisionOutcome)),
            reason=draw(st.sampled_from(["", "A reason long enough to say something about it."])),
        ),
    )
    record.transparency.family_told = draw(st.sampled_from(FamilyTold))
    record.lawful_basis.article6 = draw(st.sampled_from(Article6))
    return record


def random_record(rng) -> Consultation:
    """One record from the whole answer space, drawn with ``rng`` (a ``random.Random``), for
    loops that cannot use hypothesis (a Pilot app; the benchmark)."""

    def person(kind: PersonKind) -> Person:
        informed = rng.random() < 0.5
        return Person(
            name=rng.choice(["", "K", "Ms K", "Mr L"]),
            kind=kind,
            relation=rng.choice(["", "mother", "partner", "grandmother"]),
            age=rng.choice(
                [None, rng.randint(0, 20) if kind is PersonKind.CHILD else rng.randint(14, 70)]
            ),
            capacity=rng.choice(list(Capacity)),
            may_be_told=rng.choice(list(YesNo)),
            alleged_to_cause_harm=rng.random() < 0.3,
            may_pass_on=rng.random() < 0.2,
            consent=Consent(
                state=rng.choice(list(ConsentState)),
                informed=InformedConsent(
                    what_will_happen=informed,
                    who_will_be_told_what=informed,
                    who_they_will_tell=informed,
                    why_they_are_told=informed,
                ),
            ),
        )

    adult_kinds = [k for k in PersonKind if k is not PersonKind.CHILD]
    people_list = [person(PersonKind.CHILD)] if rng.random() < 0.9 else []
    people_list += [person(rng.choice(adult_kinds)) for _ in range(rng.randint(0, 3))]
    record = Consultation(
        created_at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC),
        practitioner=Practitioner(name="A. Practitioner", role="School nurse"),
        case_reference="TEST-1",
        people=people_list,
        information_to_share=rng.choice(PROPOSED),
        proportionality=Proportionality(
            risk=rng.choice(list(Level)),
            imminent=rng.choice(list(YesNo)),
            safer_if_shared=rng.choice(list(Level)),
            relationship_damage=rng.choice(list(Level)),
            can_wait=rng.choice(list(YesNo)),
        ),
        context=Context(
            request_origin=rng.choice(list(RequestOrigin)),
            requester_verified=rng.random() < 0.5,
            suspected_harm=rng.sample(list(HarmType), rng.randint(0, 2)),
            fgm_known=rng.random() < 0.15,
            telling_increases_risk=rng.choice(list(YesNo)),
            investigation_prejudiced=rng.random() < 0.2,
            information_concerns=rng.choice(list(InformationConcerns)),
            request_gateway=rng.choice(list(RequestGateway)),
            child_role=rng.choice(list(ChildRole)),
            adult_at_risk=rng.choice(list(YesNo)),
            adult_risk_assessment=rng.choice(list(AdultRiskAssessment)),
            marac=rng.choice(list(MaracStep)),
        ),
        advice=[AdviceEntry(who="Adviser", advice="Unsure")] * rng.randint(0, 3),
        decision=Decision(
            outcome=rng.choice(list(DecisionOutcome)),
            reason=rng.choice(["", "A reason long enough to say something about it."]),
        ),
    )
    record.transparency.family_told = rng.choice(list(FamilyTold))
    record.lawful_basis.article6 = rng.choice(list(Article6))
    return record
