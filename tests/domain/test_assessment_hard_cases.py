"""The hard cases the guidance says decision support must not get wrong."""

from __future__ import annotations

import json

import pytest

from consult_tui.domain.assessment import (
    Action,
    Assessment,
    Lean,
    assess,
    finalise_blockers,
)
from consult_tui.domain.record import (
    Capacity,
    ConsentState,
    Context,
    DecisionOutcome,
    FamilyTold,
    HarmType,
    InformationConcerns,
    Level,
    RequestOrigin,
    YesNo,
)
from tests.domain.domain_cases import consultation

HIGH_AND_IMMINENT = {
    "risk": Level.HIGH,
    "imminent": YesNo.YES,
    "safer": Level.HIGH,
    "damage": Level.MODERATE,
    "can_wait": YesNo.NO,
}
LOW_AND_CAN_WAIT = {
    "risk": Level.LOW,
    "imminent": YesNo.NO,
    "safer": Level.LOW,
    "damage": Level.HIGH,
    "can_wait": YesNo.YES,
}


def cited(assessment: Assessment) -> set[str]:
    return assessment.citations()


# -- imminent risk of significant harm -------------------------------------------------------


@pytest.mark.parametrize(
    "consent", [ConsentState.REFUSED, ConsentState.NOT_SOUGHT, ConsentState.WITHDRAWN]
)
def test_imminent_risk_recommends_sharing_now_without_consent(consent: ConsentState) -> None:
    result = assess(consultation(**HIGH_AND_IMMINENT, parent_consent=consent))

    assert result.lean is Lean.SHARE
    assert Action.SHARE_NOW in result.actions
    assert Action.SEEK_CONSENT not in result.actions
    assert "dfe-2024-protection-first" in cited(result)
    assert any("Consent is not needed" in note.text for note in result.notes)


def test_high_risk_that_is_not_imminent_still_overrides_a_refusal() -> None:
    record = consultation(
        risk=Level.HIGH,
        imminent=YesNo.NO,
        safer=Level.MODERATE,
        damage=Level.HIGH,
        can_wait=YesNo.YES,
        parent_consent=ConsentState.REFUSED,
    )
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.DO_NOT_SHARE not in result.actions
    assert "seed-family-wishes" in cited(result)


def test_deciding_not_to_share_despite_imminent_harm_raises_a_conflict() -> None:
    record = consultation(**HIGH_AND_IMMINENT, decision=DecisionOutcome.DO_NOT_SHARE, reason="No.")
    result = assess(record)

    assert result.conflict is not None
    assert "imminent risk of significant harm" in result.conflict.text
    assert "Say in the override" in result.conflict.text
    fields = [p.field for p in finalise_blockers(record, result)]
    assert fields == ["decision.override_conflicts", "decision.override_reason"]


def test_a_long_decision_reason_alone_does_not_clear_a_conflict() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        decision=DecisionOutcome.DO_NOT_SHARE,
        reason="Children's social care were told by the hospital an hour ago; I confirmed it.",
    )
    result = assess(record)

    fields = [p.field for p in finalise_blockers(record, result)]
    assert fields == ["decision.override_conflicts", "decision.override_reason"]


def test_an_explicit_override_of_that_conflict_with_its_own_reason_clears_the_blocker() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        decision=DecisionOutcome.DO_NOT_SHARE,
        reason="Already known to children's social care.",
    )
    result = assess(record)
    assert result.conflict_ids == ("withhold-significant-harm",)
    record.decision.override_conflicts = ["withhold-significant-harm"]
    record.decision.override_reason = "The hospital referred an hour ago; I confirmed it by phone."

    assert result.conflict is not None  # still shown with the record
    assert finalise_blockers(record, result) == []


def test_overriding_a_different_conflict_does_not_clear_this_one() -> None:
    record = consultation(**HIGH_AND_IMMINENT, decision=DecisionOutcome.DO_NOT_SHARE)
    record.decision.override_conflicts = ["share-adult-only"]
    record.decision.override_reason = "A reason written for another conflict."
    result = assess(record)

    fields = [p.field for p in finalise_blockers(record, result)]
    assert fields == ["decision.override_conflicts"]


def test_sharing_when_the_weighing_says_share_raises_no_conflict() -> None:
    result = assess(consultation(**HIGH_AND_IMMINENT, decision=DecisionOutcome.SHARE))
    assert result.conflict is None


# -- telling the family ----------------------------------------------------------------------


def test_family_not_told_when_telling_would_increase_risk() -> None:
    record = consultation(**HIGH_AND_IMMINENT, context=Context(telling_increases_risk=YesNo.YES))
    result = assess(record)

    assert result.tell_family == "do_not_tell"
    assert Action.DO_NOT_TELL_FAMILY in result.actions
    assert Action.TELL_FAMILY not in result.actions
    assert Action.RECORD_REASON in result.actions
    assert "telling-increases-risk" in cited(result)
    assert result.lean is Lean.SHARE


def test_family_not_told_when_it_would_prejudice_an_investigation() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        context=Context(telling_increases_risk=YesNo.NO, investigation_prejudiced=True),
    )
    result = assess(record)

    assert result.tell_family == "do_not_tell"
    assert any("investigation" in note.text for note in result.notes)


def test_a_parent_alleged_to_cause_harm_is_not_told() -> None:
    result = assess(consultation(**HIGH_AND_IMMINENT, parent_alleged=True))

    assert Action.DO_NOT_TELL_ALLEGED_ABUSER in result.actions
    assert result.tell_family == "do_not_tell"


def test_family_told_when_safe_and_sharing() -> None:
    record = consultation(**HIGH_AND_IMMINENT, context=Context(telling_increases_risk=YesNo.NO))
    result = assess(record)

    assert result.tell_family == "tell"
    assert Action.TELL_FAMILY in result.actions
    assert "seed-openness" in cited(result)


def test_a_person_marked_not_to_be_told_is_kept_in_mind_when_telling() -> None:
    record = consultation(**HIGH_AND_IMMINENT, context=Context(telling_increases_risk=YesNo.NO))
    record.people[1].may_be_told = YesNo.NO
    result = assess(record)

    assert [t.advice for t in result.telling] == ["tell", "do_not_tell"]
    assert result.tell_family == "tell_some"
    assert Action.TELL_ONLY_THOSE_MARKED in result.actions
    assert Action.TELL_FAMILY not in result.actions


def test_whether_telling_is_safe_is_asked_for_when_unknown() -> None:
    result = assess(consultation(**HIGH_AND_IMMINENT))

    assert result.tell_family == "not_yet_known"
    assert "context.telling_increases_risk" in [m.field for m in result.missing]


def test_telling_the_family_when_unsafe_raises_a_conflict() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        decision=DecisionOutcome.SHARE,
        context=Context(telling_increases_risk=YesNo.YES),
    )
    record.transparency.family_told = FamilyTold.TOLD
    result = assess(record)

    assert result.conflict is not None
    assert "family were told" in result.conflict.text


# -- the advice ladder -----------------------------------------------------------------------


def test_unanswerable_questions_lead_to_one_professional_first() -> None:
    result = assess(consultation())

    assert result.lean is Lean.UNCLEAR
    assert Action.SEEK_ADVICE_ONE_PROFESSIONAL in result.actions
    assert Action.ANONYMISED_DISCUSSION in result.actions
    assert Action.SEEK_ADVICE_FURTHER_PROFESSIONAL not in result.actions
    assert "seed-advice-ladder" in cited(result)
    assert [m.field for m in result.missing][:5] == [
        "proportionality.risk",
        "proportionality.imminent",
        "proportionality.safer_if_shared",
        "proportionality.relationship_damage",
        "proportionality.can_wait",
    ]


def test_still_unclear_after_one_professional_leads_to_one_further() -> None:
    result = assess(consultation(advice_entries=1))

    assert Action.SEEK_ADVICE_FURTHER_PROFESSIONAL in result.actions
    assert Action.SEEK_ADVICE_ONE_PROFESSIONAL not in result.actions


def test_after_two_professionals_the_ladder_leaves_a_general_discussion() -> None:
    result = assess(consultation(advice_entries=2))

    assert result.lean is Lean.UNCLEAR
    assert Action.ANONYMISED_DISCUSSION in result.actions
    assert Action.SEEK_ADVICE_FURTHER_PROFESSIONAL not in result.actions


def test_unclear_with_possible_imminence_says_get_advice_today() -> None:
    result = assess(consultation(imminent=YesNo.YES))

    assert result.lean is Lean.UNCLEAR
    assert any("today" in note.text and note.kind == "caution" for note in result.notes)


def test_a_firm_decision_while_unclear_without_advice_is_blocked() -> None:
    record = consultation(decision=DecisionOutcome.SHARE, reason="I think it is right to share.")
    problems = finalise_blockers(record, assess(record))

    assert [p.field for p in problems] == ["advice"]


def test_not_yet_while_unclear_is_not_blocked_for_advice() -> None:
    record = consultation(decision=DecisionOutcome.NOT_YET, reason="Waiting for advice today.")
    assert finalise_blockers(record, assess(record)) == []


# -- duties that are not a matter of judgement -----------------------------------------------


def test_known_fgm_in_a_girl_under_18_must_be_reported_to_the_police() -> None:
    record = consultation(child_age=14, context=Context(fgm_known=True))
    result = assess(record)

    assert Action.MANDATORY_REPORT_POLICE in result.actions
    assert result.lean is Lean.SHARE
    assert [d.citations for d in result.duties] == [("fgm-mandatory-reporting",)]
    assert "lawful_basis.statutory_duty" in [p.field for p in finalise_blockers(record, result)]


def test_recording_the_fgm_report_clears_the_duty_blocker() -> None:
    record = consultation(child_age=14, context=Context(fgm_known=True))
    record.lawful_basis.statutory_duty = "FGM Act 2003 s5B: reported to police on 101, ref 4471"
    assert finalise_blockers(record, assess(record)) == []


def test_fgm_duty_applies_when_the_girls_age_is_not_recorded_and_asks_for_it() -> None:
    result = assess(consultation(child_age=None, context=Context(fgm_known=True)))

    assert Action.MANDATORY_REPORT_POLICE in result.actions
    assert "people[0].age" in [m.field for m in result.missing]


def test_fgm_disclosed_by_an_adult_is_not_the_under_18_duty() -> None:
    result = assess(consultation(child_age=19, context=Context(fgm_known=True)))
    assert Action.MANDATORY_REPORT_POLICE not in result.actions
    assert result.duties == ()


def test_suspected_fgm_follows_local_procedures_not_the_mandatory_report() -> None:
    result = assess(consultation(child_age=12, context=Context(suspected_harm=[HarmType.FGM])))

    assert Action.MANDATORY_REPORT_POLICE not in result.actions
    assert any("suspected but not known" in n.text for n in result.notes)


def test_not_sharing_known_fgm_raises_a_conflict() -> None:
    record = consultation(
        child_age=14, context=Context(fgm_known=True), decision=DecisionOutcome.DO_NOT_SHARE
    )
    result = assess(record)
    assert result.conflict is not None
    assert "fgm-mandatory-reporting" in result.conflict.citations


def test_forced_marriage_means_never_approaching_the_family() -> None:
    record = consultation(
        child_age=16,
        parent_consent=ConsentState.REFUSED,
        context=Context(suspected_harm=[HarmType.FORCED_MARRIAGE]),
    )
    result = assess(record)

    assert result.tell_family == "do_not_contact"
    assert Action.DO_NOT_CONTACT_FAMILY in result.actions
    assert Action.SEEK_CONSENT not in result.actions
    assert Action.TELL_FAMILY not in result.actions
    assert result.lean is Lean.SHARE
    # Statutory guidance, not a duty in law: it is a caution note, not under "Duties".
    assert any("forced-marriage-one-chance" in n.citations for n in result.notes)
    assert not result.duties


def test_telling_the_family_about_a_forced_marriage_referral_raises_a_conflict() -> None:
    record = consultation(
        child_age=16,
        decision=DecisionOutcome.SHARE,
        context=Context(suspected_harm=[HarmType.FORCED_MARRIAGE]),
    )
    record.transparency.family_told = FamilyTold.WILL_TELL
    result = assess(record)

    assert result.conflict is not None
    assert "must not be approached" in result.conflict.text


# -- requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", [RequestOrigin.POLICE, RequestOrigin.OTHER_AGENCY, RequestOrigin.COURT]
)
def test_a_request_means_verify_the_requester_and_share_the_minimum(origin) -> None:
    record = consultation(risk=Level.MODERATE, context=Context(request_origin=origin))
    result = assess(record)

    assert Action.VERIFY_REQUESTER in result.actions
    assert Action.SHARE_MINIMUM_RELEVANT in result.actions
    assert "requests-from-police-and-others" in cited(result)
    fields = [m.field for m in result.missing]
    assert "context.stated_purpose" in fields
    assert "context.requester_verified" in fields


def test_a_verified_police_request_asks_how_it_was_verified() -> None:
    context = Context(
        request_origin=RequestOrigin.POLICE,
        requester_verified=True,
        stated_purpose="Section 47 enquiry",
    )
    result = assess(consultation(context=context))

    assert Action.VERIFY_REQUESTER not in result.actions
    assert Action.SHARE_MINIMUM_RELEVANT in result.actions
    assert "context.verification_method" in [m.field for m in result.missing]


# -- not sharing -----------------------------------------------------------------------------


def test_adult_only_information_with_no_bearing_on_the_child_is_not_shared() -> None:
    record = consultation(
        risk=Level.LOW,
        context=Context(information_concerns=InformationConcerns.ADULT_ONLY),
    )
    result = assess(record)

    assert result.lean is Lean.DO_NOT_SHARE
    assert Action.DO_NOT_SHARE in result.actions
    assert "adult-only-information" in cited(result)


def test_sharing_adult_only_information_raises_a_conflict() -> None:
    record = consultation(
        context=Context(information_concerns=InformationConcerns.ADULT_ONLY),
        decision=DecisionOutcome.SHARE,
    )
    result = assess(record)
    assert result.conflict is not None
    assert "adult only" in result.conflict.text


@pytest.mark.parametrize(
    ("capacity", "age"), [(Capacity.COMPETENT_16_17, 16), (Capacity.GILLICK_COMPETENT, 14)]
)
@pytest.mark.parametrize("risk", [Level.LOW, Level.MODERATE])
def test_a_competent_young_persons_refusal_is_respected(capacity, age, risk) -> None:
    record = consultation(
        risk=risk,
        imminent=YesNo.NO,
        safer=Level.MODERATE,
        damage=Level.LOW,
        can_wait=YesNo.YES,
        child_age=age,
        capacity=capacity,
        child_consent=ConsentState.REFUSED,
        parent_consent=ConsentState.GIVEN,  # a parent cannot overrule a competent young person
    )
    result = assess(record)

    assert result.lean is Lean.DO_NOT_SHARE
    assert "competent-young-person" in cited(result)


def test_a_competent_young_persons_refusal_gives_way_to_significant_harm() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        child_age=17,
        capacity=Capacity.COMPETENT_16_17,
        child_consent=ConsentState.REFUSED,
    )
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert any(
        "competent-young-person" in note.citations and "overridden" in note.text
        for note in result.notes
    )


def test_sharing_against_a_competent_refusal_without_significant_harm_raises_a_conflict() -> None:
    record = consultation(
        risk=Level.LOW,
        child_age=16,
        capacity=Capacity.COMPETENT_16_17,
        child_consent=ConsentState.REFUSED,
        decision=DecisionOutcome.SHARE,
    )
    result = assess(record)
    assert result.conflict is not None
    assert "competent-young-person" in result.conflict.citations


def test_low_risk_and_family_refusal_means_do_not_share_record_and_review() -> None:
    result = assess(consultation(**LOW_AND_CAN_WAIT, parent_consent=ConsentState.REFUSED))

    assert result.lean is Lean.DO_NOT_SHARE
    assert {Action.DO_NOT_SHARE, Action.RECORD_REASON, Action.REVIEW_LATER} <= set(result.actions)
    assert Action.SHARE_NOW not in result.actions


def test_sharing_against_a_refusal_at_low_risk_raises_a_conflict() -> None:
    record = consultation(
        **LOW_AND_CAN_WAIT, parent_consent=ConsentState.REFUSED, decision=DecisionOutcome.SHARE
    )
    result = assess(record)

    assert result.conflict is not None
    assert "recorded as low" in result.conflict.text


def test_low_risk_without_asking_means_explain_and_ask() -> None:
    result = assess(consultation(**LOW_AND_CAN_WAIT))

    assert result.lean is Lean.BALANCED
    assert Action.SEEK_CONSENT in result.actions
    assert "people[1].consent" in [m.field for m in result.missing]


def test_informed_agreement_at_moderate_risk_means_share_with_consent() -> None:
    record = consultation(
        risk=Level.MODERATE,
        imminent=YesNo.NO,
        safer=Level.MODERATE,
        damage=Level.LOW,
        can_wait=YesNo.YES,
        parent_consent=ConsentState.GIVEN,
    )
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.SHARE_WITH_CONSENT in result.actions
    assert not any(note.kind == "caution" and "informed" in note.text for note in result.notes)


def test_agreement_that_is_not_informed_is_flagged() -> None:
    record = consultation(risk=Level.MODERATE, parent_consent=ConsentState.GIVEN)
    record.people[1].consent.informed.why_they_are_told = False
    result = assess(record)

    assert any(
        note.kind == "caution" and "seed-informed-consent" in note.citations
        for note in result.notes
    )


def test_moderate_risk_that_cannot_wait_and_would_help_leans_to_share_now() -> None:
    record = consultation(
        risk=Level.MODERATE,
        imminent=YesNo.YES,
        safer=Level.HIGH,
        damage=Level.HIGH,
        can_wait=YesNo.NO,
        parent_consent=ConsentState.REFUSED,
    )
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.SHARE_NOW in result.actions


def test_moderate_refusal_that_can_wait_and_helps_little_leans_against() -> None:
    record = consultation(
        risk=Level.MODERATE,
        imminent=YesNo.NO,
        safer=Level.LOW,
        damage=Level.MODERATE,
        can_wait=YesNo.YES,
        parent_consent=ConsentState.REFUSED,
    )
    assert assess(record).lean is Lean.DO_NOT_SHARE


# -- storing ---------------------------------------------------------------------------------


def test_assessment_round_trips_through_json() -> None:
    record = consultation(
        **HIGH_AND_IMMINENT,
        parent_alleged=True,
        decision=DecisionOutcome.DO_NOT_SHARE,
        context=Context(request_origin=RequestOrigin.POLICE, fgm_known=True),
    )
    result = assess(record)
    stored = json.loads(json.dumps(result.to_dict()))

    assert Assessment.from_dict(stored) == result
    assert stored["pack"] == "England default 2024.2"
    assert stored["lean"] == "share"


def test_a_damaged_stored_assessment_is_reported_plainly() -> None:
    with pytest.raises(ValueError, match="could not be read"):
        Assessment.from_dict({"lean": "maybe"})


def test_every_action_has_a_label_and_a_lowercase_code() -> None:
    for action in Action:
        assert action.value == action.name.lower()
        assert action.label
    assert Action.SHARE_NOW == "share_now"
