"""The safety invariants (domain/invariants.py) hold over the whole answer space, for every
guidance pack shipped. Failing examples found on the way are kept as readable tables in
test_safety_cases.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from consult_tui.domain.assessment import assess
from consult_tui.domain.invariants import INVARIANTS, panel_contradictions, violations
from consult_tui.domain.record import Consultation
from tests.domain.answer_space import records, shipped_packs

PACKS = shipped_packs()


def test_every_invariant_has_a_name_and_a_sentence() -> None:
    names = [i.name for i in INVARIANTS]
    assert len(names) == len(set(names))
    for invariant in INVARIANTS:
        assert invariant.name and invariant.statement.endswith(".")


@pytest.mark.parametrize("pack", PACKS, ids=[p.source for p in PACKS])
def test_no_record_breaks_a_safety_invariant(pack) -> None:
    @settings(max_examples=2500, deadline=None)
    @given(records())
    def holds(record: Consultation) -> None:
        assert violations(record, assess(record, pack)) == []

    holds()


def test_the_panel_reader_catches_the_contradictions_the_issue_reported() -> None:
    issue_panel = (
        "What to do\n→ Share now (today)\n"
        "• 2. Is the risk imminent?: Not imminent — there is time to be open with the family\n"
        "Family: ✗ Do not tell the family: it could increase the risk\n"
        "✓ Tell: Ms K (mother)"
    )
    assert panel_contradictions(issue_panel) == [
        ("Share now", "there is time to be open with the family"),
        ("Family: ✗ Do not tell the family", "✓ Tell:"),
    ]
