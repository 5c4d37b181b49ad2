"""The hard cases of issue 13, one story each, and the counter-examples the invariant properties
found on the way (shrunk, kept here as readable tables so they can never come back)."""

from __future__ import annotations

import pytest

from consult_tui.domain.assessment import Action, Lean, assess, finalise_blockers
from consult_tui.domain.invariants import violations
from consult_tui.domain.record import (
    AdultRiskAssessment,
    Capacity,
    ChildRole,
    ConsentState,
    Context,
    DecisionOutcome,
    HarmType,
    InformationConcerns,
    Level,
    MaracStep,
    Person,
    PersonKind,
    RequestOrigin,
    YesNo,
)
from tests.domain.domain_cases import consultation

HIGH_IMMINENT = {"risk": Level.HIGH, "imminent": YesNo.YES, "can_wait": YesNo.NO}
ADULT_ONLY = InformationConcerns.ADULT_ONLY


def all_text(result) -> str:
    return "\n".join(result.texts())


# -- "adult only" never outranks a child at risk ----------------------------------------------


@pytest.mark.parametrize(
    ("story", "answers", "context"),
    [
        ("high and imminent", HIGH_IMMINENT, Context(information_concerns=ADULT_ONLY)),
        ("known FGM", {}, Context(information_concerns=ADULT_ONLY, fgm_known=True)),
        (
            "suspected forced marriage",
            {},
            Context(information_concerns=ADULT_ONLY, suspected_harm=[HarmType.FORCED_MARRIAGE]),
        ),
        (
            "a mother discloses abuse by her partner, children at home",
            {"risk": Level.MODERATE},
            Context(information_concerns=ADULT_ONLY, adult_at_risk=YesNo.YES),
        ),
    ],
)
def test_adult_only_is_a_contradiction_to_resolve_not_a_reason_to_withhold(
    story, answers, context
) -> None:
    record = consultation(child_age=12, context=context, **answers)
    result = assess(record)

    assert result.lean is not Lean.DO_NOT_SHARE, story
    assert Action.DO_NOT_SHARE not in result.actions
    assert Action.RESOLVE_CONTRADICTION in result.actions
    assert "adult-only-contradiction" in result.note_ids()
    assert "context.information_concerns" in [p.field for p in finalise_blockers(record, result)]
    assert violations(record, result) == []


def test_known_fgm_marked_adult_only_reports_to_the_police_and_never_says_do_not_share() -> None:
    record = consultation(
        child_age=12, context=Context(information_concerns=ADULT_ONLY, fgm_known=True)
    )
    result = assess(record)

    assert Action.MANDATORY_REPORT_POLICE in result.actions
    assert Action.SHARE_NOW in result.actions
    assert result.share_with[:2] == ("police_fgm", "childrens_social_care")


# -- a competent refusal against an imminent risk --------------------------------------------


def test_a_competent_refusal_does_not_beat_an_imminent_risk_that_cannot_wait() -> None:
    record = consultation(
        risk=Level.MODERATE,
        imminent=YesNo.YES,
        can_wait=YesNo.NO,
        safer=Level.HIGH,
        child_age=16,
        capacity=Capacity.COMPETENT_16_17,
        child_consent=ConsentState.REFUSED,
    )
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.SHARE_NOW in result.actions
    assert "refusal-overridden" in result.note_ids()


def test_a_competent_refusal_with_an_imminent_risk_but_little_gain_gets_advice_today() -> None:
    record = consultation(
        risk=Level.MODERATE,
        imminent=YesNo.YES,
        can_wait=YesNo.NO,
        safer=Level.LOW,
        child_age=16,
        capacity=Capacity.COMPETENT_16_17,
        child_consent=ConsentState.REFUSED,
    )
    result = assess(record)

    assert result.lean is not Lean.DO_NOT_SHARE
    assert Action.GET_ADVICE_TODAY in result.actions
    assert "advice_today" in result.share_with


# -- agreement and "not known" are described as they are -------------------------------------


def test_agreement_given_with_imminent_high_risk_is_never_called_sharing_without_it() -> None:
    record = consultation(**HIGH_IMMINENT, parent_consent=ConsentState.GIVEN)
    result = assess(record)

    assert Action.SHARE_NOW in result.actions
    assert "high-imminent-agreed" in result.note_ids()
    assert "without" not in " ".join(n.text for n in result.notes if n.id.startswith("high"))
    assert violations(record, result) == []


def test_agreement_given_with_risk_not_known_does_not_call_the_risk_low_and_offers_advice() -> None:
    record = consultation(parent_consent=ConsentState.GIVEN)
    result = assess(record)

    assert "not of significant harm" not in all_text(result)
    assert "consent-risk-unknown" in result.note_ids()
    assert Action.SEEK_ADVICE_ONE_PROFESSIONAL in result.actions


# -- requests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", [RequestOrigin.POLICE, RequestOrigin.FAMILY, RequestOrigin.OTHER]
)
def test_an_outside_request_that_can_wait_never_asks_the_family_for_agreement(origin) -> None:
    record = consultation(
        risk=Level.LOW,
        imminent=YesNo.NO,
        can_wait=YesNo.YES,
        context=Context(request_origin=origin),
    )
    result = assess(record)

    assert Action.SEEK_CONSENT not in result.actions
    assert Action.VERIFY_REQUESTER in result.actions
    assert Action.SHARE_MINIMUM_RELEVANT in result.actions
    assert "request-no-consent" in result.note_ids()
    assert "on what authority" in all_text(result)
    assert "relevant to the stated purpose" in all_text(result)


def test_a_police_request_asks_whether_the_child_is_victim_witness_or_suspect() -> None:
    record = consultation(context=Context(request_origin=RequestOrigin.POLICE))
    assert "context.child_role" in [m.field for m in assess(record).missing]

    record.context.child_role = ChildRole.SUSPECT
    assert "request-child-suspect" in assess(record).note_ids()


# -- telling, person by person -----------------------------------------------------------------


def test_tell_the_mother_never_her_partner_who_is_alleged_to_have_caused_harm() -> None:
    record = consultation(**HIGH_IMMINENT)
    record.people[1].name = "Ms K"
    record.people[1].may_be_told = YesNo.YES
    record.people.append(
        Person(
            name="Mr L", kind=PersonKind.OTHER_ADULT, relation="partner", alleged_to_cause_harm=True
        )
    )
    result = assess(record)

    by_name = {t.label: t.advice for t in result.telling}
    assert by_name["Ms K (mother)"] == "tell"
    assert by_name["Mr L (partner)"] == "do_not_tell"
    assert result.tell_family == "tell_some"
    assert Action.TELL_FAMILY not in result.actions
    assert Action.TELL_ONLY_THOSE_MARKED in result.actions


def test_someone_who_would_pass_it_on_to_the_alleged_person_is_not_told() -> None:
    record = consultation(**HIGH_IMMINENT, parent_alleged=True)
    record.people.append(
        Person(name="Gran", kind=PersonKind.FAMILY_MEMBER, may_be_told=YesNo.YES, may_pass_on=True)
    )
    result = assess(record)

    assert result.telling[2].advice == "do_not_tell"
    assert "pass it on" in result.telling[2].why


# -- adults at risk ---------------------------------------------------------------------------


def test_a_high_risk_domestic_abuse_assessment_suggests_marac() -> None:
    context = Context(
        suspected_harm=[HarmType.DOMESTIC_ABUSE],
        adult_at_risk=YesNo.YES,
        adult_risk_assessment=AdultRiskAssessment.HIGH,
    )
    result = assess(consultation(risk=Level.MODERATE, context=context))

    assert Action.REFER_MARAC in result.actions
    assert "marac" in result.share_with
    assert "context.marac" in [m.field for m in result.missing]

    context.marac = MaracStep.REFERRED_WITH_CONSENT
    assert (
        Action.REFER_MARAC not in assess(consultation(risk=Level.MODERATE, context=context)).actions
    )


# -- age and capacity; free text ----------------------------------------------------------------


def test_a_nine_year_old_marked_competent_16_17_does_not_decide_and_cannot_be_finalised() -> None:
    record = consultation(
        risk=Level.LOW,
        child_age=9,
        capacity=Capacity.COMPETENT_16_17,
        child_consent=ConsentState.REFUSED,
        parent_consent=ConsentState.GIVEN,
    )
    result = assess(record)

    assert "capacity-age-mismatch" in result.note_ids()
    assert result.lean is Lean.SHARE  # the parent's agreement counts, not the 9-year-old's refusal
    assert "people[0].capacity" in [p.field for p in finalise_blockers(record, result)]


def test_asking_for_the_whole_file_raises_a_note() -> None:
    record = consultation(risk=Level.MODERATE)
    record.information_to_share = "The full safeguarding file, as requested"
    result = assess(record)

    whole = [n for n in result.notes if n.id == "whole-file"]
    assert whole and "full safeguarding file" in whole[0].text


# -- conflicts are overridden one by one --------------------------------------------------------


def test_a_twenty_character_reason_no_longer_clears_a_conflict() -> None:
    record = consultation(
        **HIGH_IMMINENT,
        decision=DecisionOutcome.DO_NOT_SHARE,
        reason="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    )
    result = assess(record)
    assert {p.field for p in finalise_blockers(record, result)} >= {
        "decision.override_conflicts",
        "decision.override_reason",
    }


# -- counter-examples the properties found (shrunk) -------------------------------------------


@pytest.mark.parametrize(
    ("story", "build"),
    [
        (
            "the child themselves alleged to have caused harm is not told",
            lambda: _with(
                consultation(child_age=None),
                lambda r: setattr(r.people[0], "alleged_to_cause_harm", True),
            ),
        ),
        (
            "agreement given, low risk, imminent and cannot wait: share now, with whom",
            lambda: consultation(
                risk=Level.LOW,
                imminent=YesNo.YES,
                can_wait=YesNo.NO,
                child_age=None,
                capacity=Capacity.NOT_ASSESSED,
                child_consent=ConsentState.GIVEN,
                parent_consent=ConsentState.GIVEN,
            ),
        ),
        (
            "forced marriage: the young person may be told, the family are not approached",
            lambda: _with(
                consultation(
                    child_age=None, context=Context(suspected_harm=[HarmType.FORCED_MARRIAGE])
                ),
                lambda r: setattr(r.people[0], "may_be_told", YesNo.YES),
            ),
        ),
        (
            "risk not known: a relationship reading that mentions a low risk is not calling it low",
            lambda: consultation(damage=Level.MODERATE),
        ),
    ],
)
def test_counter_examples_found_by_the_properties(story, build) -> None:
    record = build()
    assert violations(record, assess(record)) == [], story


def _with(record, change):
    change(record)
    return record


def test_a_record_and_an_assessment_saved_before_these_fields_still_load() -> None:
    import json

    from consult_tui.domain.assessment import Assessment
    from consult_tui.domain.record import Consultation

    record = consultation(**HIGH_IMMINENT, parent_alleged=True)
    data = json.loads(record.to_json())
    for person in data["people"]:
        del person["may_pass_on"], person["telling_reason"]
        del person["consent"]["agreed_with"]
    for key in ("request_gateway", "child_role", "adult_at_risk", "adult_risk_assessment"):
        del data["context"][key]
    del data["context"]["marac"], data["context"]["marac_note"]
    del data["decision"]["override_conflicts"], data["decision"]["override_reason"]
    old_record = Consultation.model_validate(data)
    assert old_record.decision.override_conflicts == []

    stored = assess(old_record).to_dict()
    for key in ("telling", "share_with", "conflict_ids"):
        del stored[key]
    for note in stored["notes"]:
        del note["id"]
    old = Assessment.from_dict(stored)
    assert old.telling == () and old.share_with == () and old.lean is Lean.SHARE


def test_the_refusal_of_a_parent_alleged_to_have_caused_harm_never_decides() -> None:
    record = consultation(risk=Level.LOW, parent_alleged=True, parent_consent=ConsentState.REFUSED)
    result = assess(record)

    assert result.lean is not Lean.DO_NOT_SHARE
    assert "low-refused" not in result.note_ids()


def test_when_asking_for_agreement_could_warn_someone_the_panel_says_take_advice_instead() -> None:
    record = consultation(
        risk=Level.LOW, imminent=YesNo.NO, can_wait=YesNo.YES, parent_alleged=True
    )
    result = assess(record)

    assert Action.SEEK_CONSENT not in result.actions
    assert "ask-agreement" not in result.note_ids()
    assert "ask-agreement-unsafe" in result.note_ids()
    assert Action.SEEK_ADVICE_ONE_PROFESSIONAL in result.actions


def test_harm_that_could_come_soon_but_can_wait_is_flagged_as_answers_to_check() -> None:
    result = assess(consultation(risk=Level.MODERATE, imminent=YesNo.YES, can_wait=YesNo.YES))

    assert "imminent-but-can-wait" in result.note_ids()
    assert "proportionality.can_wait" in [m.field for m in result.missing]
