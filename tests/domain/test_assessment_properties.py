"""Properties that hold for every record, checked over records drawn from the whole answer space.

The records come from ``answer_space.records`` (the strategy the safety invariants use), so these
properties also meet police requests and their gateways, a child who is a suspect, an adult at
risk with a MARAC step, several people of any kind, and a record with no child at all.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consult_tui.domain.assessment import NOTE_KINDS, Action, Assessment, Lean, assess
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Consultation, Fact, Level, YesNo
from tests.domain.answer_space import records

# How far a lean is from sharing; raising risk or imminence must never lower it.
TOWARDS_SHARING = {Lean.DO_NOT_SHARE: 0, Lean.UNCLEAR: 1, Lean.BALANCED: 1, Lean.SHARE: 2}
LADDER = {
    Action.SEEK_ADVICE_ONE_PROFESSIONAL,
    Action.SEEK_ADVICE_FURTHER_PROFESSIONAL,
    Action.ANONYMISED_DISCUSSION,
}


def with_answer(record: Consultation, **answers: object) -> Consultation:
    changed = record.model_copy(deep=True)
    for name, value in answers.items():
        setattr(changed.proportionality, name, value)
    return changed


@settings(max_examples=100, deadline=None)
@given(records())
def test_every_note_cites_guidance_that_exists_in_the_pack(record: Consultation) -> None:
    pack = default_pack()
    result = assess(record, pack)
    notes = [*result.notes, *result.duties, *([result.conflict] if result.conflict else [])]

    for note in notes:
        assert note.citations, note.text
        assert set(note.citations) <= set(pack.points), note.citations
        assert note.kind in NOTE_KINDS
    for reading in result.readings:
        assert reading.citations
        assert set(reading.citations) <= set(pack.points)
    assert [r.question for r in result.readings] == [
        "risk",
        "imminent",
        "safer_if_shared",
        "relationship_damage",
        "can_wait",
    ]


@settings(max_examples=100, deadline=None)
@given(records(), st.sampled_from(YesNo), st.sampled_from(Level), st.sampled_from(YesNo))
def test_raising_risk_never_moves_the_lean_away_from_sharing(
    record: Consultation, imminent: YesNo, safer: Level, can_wait: YesNo
) -> None:
    ladder = [Level.LOW, Level.MODERATE, Level.HIGH]
    leans = [
        assess(
            with_answer(record, risk=r, imminent=imminent, safer_if_shared=safer, can_wait=can_wait)
        ).lean
        for r in ladder
    ]
    ranks = [TOWARDS_SHARING[lean] for lean in leans]
    assert ranks == sorted(ranks), leans


@settings(max_examples=100, deadline=None)
@given(records(), st.sampled_from(Level))
def test_raising_imminence_never_moves_the_lean_away_from_sharing(
    record: Consultation, risk: Level
) -> None:
    not_imminent = assess(with_answer(record, risk=risk, imminent=YesNo.NO)).lean
    imminent = assess(with_answer(record, risk=risk, imminent=YesNo.YES)).lean
    assert TOWARDS_SHARING[imminent] >= TOWARDS_SHARING[not_imminent], (not_imminent, imminent)


@settings(max_examples=100, deadline=None)
@given(records())
def test_an_unclear_assessment_always_offers_the_advice_ladder(record: Consultation) -> None:
    result = assess(record)
    if result.lean is not Lean.UNCLEAR:
        return
    assert LADDER & set(result.actions)
    if not record.advice:
        assert Action.SEEK_ADVICE_ONE_PROFESSIONAL in result.actions
    elif len(record.advice) == 1:
        assert Action.SEEK_ADVICE_FURTHER_PROFESSIONAL in result.actions


@settings(max_examples=60, deadline=None)
@given(records())
def test_imminent_significant_harm_always_leans_to_sharing_now(record: Consultation) -> None:
    record = with_answer(record, risk=Level.HIGH, imminent=YesNo.YES)
    result = assess(record)
    # "Adult only" cannot hold back a child at imminent risk of significant harm.
    assert result.lean is Lean.SHARE
    assert Action.SHARE_NOW in result.actions


@settings(max_examples=60, deadline=None)
@given(records(), st.text(max_size=300))
def test_the_assessment_reads_no_free_text_and_is_deterministic(
    record: Consultation, text: str
) -> None:
    first = assess(record)
    changed = record.model_copy(deep=True)
    changed.facts = [Fact(text=text, source=text[:50])] * 3
    changed.information_to_share = text
    changed.purpose = text
    after = assess(changed)
    # Only the scan for "the whole file" reads free text, and it adds a caution, nothing more.
    assert after.lean == first.lean
    assert after.actions == first.actions
    # The drawn record may already ask for "the full file"; that caution is the only difference.
    assert [n for n in after.notes if n.id != "whole-file"] == [
        n for n in first.notes if n.id != "whole-file"
    ]


@settings(max_examples=60, deadline=None)
@given(records())
def test_assessment_round_trips_and_points_only_at_real_fields(record: Consultation) -> None:
    result = assess(record)
    assert Assessment.from_dict(result.to_dict()) == result
    assert Action.RECORD_REASON in result.actions
    assert len(set(result.actions)) == len(result.actions)
    for missing in result.missing:
        top = re.match(r"[a-z_]+", missing.field).group(0)
        assert top in Consultation.model_fields, missing.field
        assert missing.label
