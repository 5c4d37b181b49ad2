"""Builders for consultations that differ only in what a test is about."""

from __future__ import annotations

from datetime import UTC, datetime

from consult_tui.domain.record import (
    AdviceEntry,
    Capacity,
    Consent,
    ConsentState,
    Consultation,
    Context,
    Decision,
    DecisionOutcome,
    Fact,
    InformedConsent,
    Level,
    Person,
    PersonKind,
    Practitioner,
    Proportionality,
    YesNo,
)

INFORMED = InformedConsent(
    what_will_happen=True,
    who_will_be_told_what=True,
    who_they_will_tell=True,
    why_they_are_told=True,
)


def consultation(
    *,
    risk: Level = Level.NOT_KNOWN,
    imminent: YesNo = YesNo.NOT_KNOWN,
    safer: Level = Level.NOT_KNOWN,
    damage: Level = Level.NOT_KNOWN,
    can_wait: YesNo = YesNo.NOT_KNOWN,
    child_age: int | None = 9,
    capacity: Capacity = Capacity.NOT_COMPETENT,
    child_consent: ConsentState = ConsentState.NOT_SOUGHT,
    parent_consent: ConsentState = ConsentState.NOT_SOUGHT,
    parent_alleged: bool = False,
    advice_entries: int = 0,
    decision: DecisionOutcome = DecisionOutcome.UNDECIDED,
    reason: str = "",
    context: Context | None = None,
) -> Consultation:
    """A draft about one child and one parent, with the answers a test sets."""
    child_informed = INFORMED if child_consent is ConsentState.GIVEN else InformedConsent()
    parent_informed = INFORMED if parent_consent is ConsentState.GIVEN else InformedConsent()
    return Consultation(
        created_at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC),
        practitioner=Practitioner(name="A. Practitioner", role="School nurse"),
        case_reference="TEST-1",
        people=[
            Person(
                name="Child",
                kind=PersonKind.CHILD,
                age=child_age,
                capacity=capacity,
                consent=Consent(state=child_consent, informed=child_informed),
            ),
            Person(
                name="Parent",
                kind=PersonKind.PARENT_CARER,
                relation="mother",
                capacity=Capacity.ADULT_WITH_CAPACITY,
                alleged_to_cause_harm=parent_alleged,
                consent=Consent(state=parent_consent, informed=parent_informed),
            ),
        ],
        facts=[Fact(text="Something was seen.", source="The practitioner")],
        proportionality=Proportionality(
            risk=risk,
            imminent=imminent,
            safer_if_shared=safer,
            relationship_damage=damage,
            can_wait=can_wait,
        ),
        context=context or Context(),
        advice=[
            AdviceEntry(who=f"Adviser {i + 1}", advice="Still not sure.")
            for i in range(advice_entries)
        ],
        decision=Decision(outcome=decision, reason=reason),
    )
