"""The four example consultations of the domain brief, and what the guidance supports for each."""

from __future__ import annotations

import pytest

from consult_tui.domain.assessment import Action, Lean, assess, finalise_blockers
from consult_tui.domain.examples import (
    all_examples,
    bruised_baby,
    older_friends,
    older_friends_after_first_advice,
    perinatal_referral,
    separation_upset,
)
from consult_tui.domain.finalise import finalise_problems
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import (
    ConsentState,
    Consultation,
    DecisionOutcome,
    FactKind,
    Status,
)
from consult_tui.domain.scanner import SpanKind, scan


def test_bruised_baby_is_shared_today_without_consent_and_parents_are_told() -> None:
    record = bruised_baby()
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.SHARE_NOW in result.actions
    assert Action.SEEK_CONSENT not in result.actions
    assert result.tell_family == "tell"
    assert Action.TELL_FAMILY in result.actions
    assert Action.RECORD_REASON in result.actions
    assert {p.consent.state for p in record.people if p.kind.value == "parent_carer"} == {
        ConsentState.REFUSED
    }
    assert "bruise" in " ".join(f.text for f in record.facts)


def test_separation_upset_is_not_shared_reason_recorded_review_set() -> None:
    record = separation_upset()
    result = assess(record)

    assert result.lean is Lean.DO_NOT_SHARE
    assert {Action.DO_NOT_SHARE, Action.RECORD_REASON, Action.REVIEW_LATER} <= set(result.actions)
    assert record.decision.outcome is DecisionOutcome.DO_NOT_SHARE
    assert record.decision.review_date is not None


def test_older_friends_waits_for_one_professional_without_naming_her() -> None:
    record = older_friends()
    result = assess(record)

    assert result.lean is Lean.UNCLEAR
    assert Action.SEEK_ADVICE_ONE_PROFESSIONAL in result.actions
    assert Action.ANONYMISED_DISCUSSION in result.actions
    assert Action.SHARE_NOW not in result.actions
    assert record.decision.outcome is DecisionOutcome.UNDECIDED
    assert "people[0].capacity" in [m.field for m in result.missing]


def test_older_friends_still_unclear_after_one_professional_goes_to_one_further() -> None:
    result = assess(older_friends_after_first_advice())
    assert Action.SEEK_ADVICE_FURTHER_PROFESSIONAL in result.actions


def test_perinatal_referral_is_shared_with_informed_consent() -> None:
    record = perinatal_referral()
    result = assess(record)

    assert result.lean is Lean.SHARE
    assert Action.SHARE_WITH_CONSENT in result.actions
    assert Action.SHARE_NOW not in result.actions
    mother = next(p for p in record.people if p.relation == "mother")
    assert mother.consent.state is ConsentState.GIVEN
    assert mother.consent.informed.complete()


@pytest.mark.parametrize(
    "build", [bruised_baby, separation_upset, perinatal_referral], ids=lambda f: f.__name__
)
def test_decided_examples_can_be_finalised_as_they_stand(build) -> None:
    record = build()
    result = assess(record)

    assert result.conflict is None
    assert finalise_problems(record) == []
    assert finalise_blockers(record, result) == []


def test_examples_are_drafts_with_sourced_facts_and_opinions_kept_apart() -> None:
    examples = all_examples()

    assert len(examples) == 4
    assert len({r.id for r in examples}) == 4
    for record in examples:
        assert record.status is Status.DRAFT
        assert record.practitioner.name and record.practitioner.role
        assert all(f.source.strip() for f in record.facts)
        assert {f.kind for f in record.facts} == {FactKind.FACT, FactKind.OPINION}
        assert Consultation.from_json(record.to_json()) == record


def test_examples_are_the_same_every_time() -> None:
    assert [r.to_json() for r in all_examples()] == [r.to_json() for r in all_examples()]


def test_older_friends_text_gives_the_scanner_something_to_flag() -> None:
    kinds = {span.kind for span in scan(older_friends().information_to_share)}
    assert {SpanKind.ACRONYM, SpanKind.UNKNOWN_CAPITALS, SpanKind.JARGON} <= kinds


def test_examples_tick_only_checklist_items_the_pack_has() -> None:
    pack = default_pack()
    key_points = {k.id for k in pack.key_points}
    tips = {t.id for t in pack.communication_tips}
    for record in all_examples():
        assert set(record.key_points_checked) <= key_points
        assert set(record.communication_checked) <= tips
