"""The published JSON Schema of a consultation record, generated from the model itself.

Other systems (a local authority's case system, an auditor's script) validate against
docs/record.schema.json; generating it from the pydantic model means it cannot say one thing while
the app does another. Regenerate with `uv run python -m consult_tui.domain.schema`.
"""

from __future__ import annotations

import json
from pathlib import Path

from .record import SCHEMA_VERSION, Consultation

SCHEMA_ID = "https://consult-tui.invalid/schema/record.schema.json"


def record_json_schema() -> dict:
    schema = Consultation.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "x-consult-tui-schema-version": SCHEMA_VERSION,
        **schema,
    }


def render() -> str:
    return json.dumps(record_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[3] / "docs" / "record.schema.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
