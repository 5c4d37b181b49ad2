"""The published record schema matches the model, and real records satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from consult_tui.domain.examples import all_examples
from consult_tui.domain.schema import render

PUBLISHED = Path(__file__).resolve().parent.parent / "docs" / "record.schema.json"


def test_the_published_schema_is_current() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == render(), (
        "docs/record.schema.json has drifted from the record model: "
        "run `uv run python -m consult_tui.domain.schema` and commit the result"
    )


@pytest.mark.parametrize("record", all_examples(), ids=lambda r: r.case_reference or r.id)
def test_every_example_record_satisfies_the_published_schema(record) -> None:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(record.model_dump_json()), schema)


def test_the_schema_rejects_an_answer_the_app_does_not_know() -> None:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    record = json.loads(all_examples()[0].model_dump_json())
    record["proportionality"]["risk"] = "fairly worrying"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)
