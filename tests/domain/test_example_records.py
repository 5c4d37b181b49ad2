"""The example records are data files the record model checks, and each still tells its story."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from consult_tui.domain.assessment import Lean, assess
from consult_tui.domain.examples import (
    EXAMPLE_FOLDER,
    EXAMPLE_NAMES,
    ExampleRecordError,
    all_examples,
    bruised_baby,
    example,
    example_file,
    read_example_file,
)
from consult_tui.domain.record import Consultation, DecisionOutcome

SHIPPED = resources.files("consult_tui.domain").joinpath(EXAMPLE_FOLDER)

# What each name promises a reader of the demo: the guidance's lean and the recorded decision.
WHAT_EACH_EXAMPLE_MEANS = {
    "bruised_baby": (Lean.SHARE, DecisionOutcome.SHARE),
    "separation_upset": (Lean.DO_NOT_SHARE, DecisionOutcome.DO_NOT_SHARE),
    "older_friends": (Lean.UNCLEAR, DecisionOutcome.UNDECIDED),
    "perinatal_referral": (Lean.SHARE, DecisionOutcome.SHARE),
}


def test_every_shipped_example_file_is_one_the_app_offers_and_each_offered_one_is_shipped() -> None:
    shipped = sorted(f.name for f in SHIPPED.iterdir() if f.name.endswith(".json"))
    assert shipped == sorted(f"{name}.json" for name in EXAMPLE_NAMES)
    assert set(WHAT_EACH_EXAMPLE_MEANS) == set(EXAMPLE_NAMES)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_file_is_a_valid_consultation_as_written(name: str) -> None:
    text = example_file(name).read_text(encoding="utf-8")
    record = Consultation.model_validate_json(text)
    assert record == example(name)
    assert record.id == json.loads(text)["id"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_still_means_what_its_name_says(name: str) -> None:
    lean, outcome = WHAT_EACH_EXAMPLE_MEANS[name]
    record = example(name)
    assert assess(record).lean is lean
    assert record.decision.outcome is outcome


def test_a_practitioner_editing_a_demo_copy_does_not_change_the_next_copy() -> None:
    first = bruised_baby()
    first.facts.clear()
    first.people[0].name = "changed"
    assert bruised_baby().facts
    assert bruised_baby().people[0].name == "Baby R"
    assert [r.id for r in all_examples()] == [example(n).id for n in EXAMPLE_NAMES]


def test_an_example_file_with_an_unknown_field_fails_naming_the_file(tmp_path: Path) -> None:
    data = json.loads(example_file("older_friends").read_text(encoding="utf-8"))
    data["people"][0]["favourite_colour"] = "green"
    broken = tmp_path / "older_friends.json"
    broken.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ExampleRecordError) as raised:
        read_example_file(broken)

    message = str(raised.value)
    assert str(broken) in message
    assert "people.0.favourite_colour" in message


def test_an_example_file_that_is_not_json_fails_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "bruised_baby.json"
    broken.write_text('{"id": "ex0bruise001",', encoding="utf-8")

    with pytest.raises(ExampleRecordError, match=r"bruised_baby\.json"):
        read_example_file(broken)


def test_a_missing_example_file_says_the_installation_may_be_damaged(tmp_path: Path) -> None:
    with pytest.raises(ExampleRecordError, match="reinstall") as raised:
        read_example_file(tmp_path / "gone.json")
    assert "gone.json" in str(raised.value)


def test_asking_for_an_example_that_does_not_exist_lists_the_ones_that_do() -> None:
    with pytest.raises(ExampleRecordError, match="bruised_baby, separation_upset"):
        example("../../etc/passwd")
