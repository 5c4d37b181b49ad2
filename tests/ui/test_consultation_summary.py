"""The plain-text summary that ctrl+y copies, and the words the screen uses for each choice."""

from __future__ import annotations

from enum import StrEnum

import pytest

from consult_tui.domain import record as record_module
from consult_tui.domain.assessment import assess
from consult_tui.domain.examples import bruised_baby, separation_upset
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.labels import LABELS, label_of
from consult_tui.domain.record import DecisionOutcome, FamilyTold
from consult_tui.domain.summary import consultation_summary


def test_the_summary_says_what_was_decided_and_why() -> None:
    record = bruised_baby()
    pack = default_pack()
    text = consultation_summary(record, assess(record, pack), pack)
    assert record.case_reference in text
    assert f"Decision: {label_of(record.decision.outcome)}" in text
    assert f"Reason: {record.decision.reason}" in text
    assert "The weighing leaned: share" in text
    for fact in record.facts:
        assert fact.text in text and fact.source in text
    assert "[opinion]" in text and "[fact]" in text, "fact kept apart from opinion"
    assert pack.question("risk").title in text, "the five questions in the pack's words"
    assert "Secure means:" in text


def test_a_decision_not_to_share_has_no_sharing_section_but_keeps_its_review_date() -> None:
    record = separation_upset()
    text = consultation_summary(record)
    assert record.decision.outcome is DecisionOutcome.DO_NOT_SHARE
    assert "Sharing\n" not in text
    if record.decision.review_date:
        assert record.decision.review_date.isoformat() in text


def test_a_missing_reason_is_shown_as_missing() -> None:
    record = bruised_baby()
    record.decision.reason = ""
    assert "Reason: (not recorded)" in consultation_summary(record)


def test_choices_that_share_a_value_keep_their_own_words() -> None:
    assert label_of(FamilyTold.NOT_YET) == "not yet"
    assert label_of(DecisionOutcome.NOT_YET).startswith("not yet (review")


@pytest.mark.parametrize(
    "choice",
    [
        value
        for value in vars(record_module).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    ],
)
def test_every_recorded_choice_has_words(choice: type[StrEnum]) -> None:
    assert choice in LABELS, f"{choice.__name__} has no words for the screen"
    assert set(LABELS[choice]) == set(choice)
