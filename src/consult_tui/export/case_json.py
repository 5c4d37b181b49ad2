"""The record as JSON for other systems: the record itself, its assessments and its audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from consult_tui.domain.guidance import GuidancePack
from consult_tui.domain.record import Consultation

from .document import compare_assessments

CASE_RECORD_FORMAT = "consult-tui-case-record"
CASE_RECORD_VERSION = 1


def case_record_document(
    record: Consultation, pack: GuidancePack, *, trail: Sequence[Any] = ()
) -> dict[str, Any]:
    """One record, whole (addenda included), with the assessment then and now, and its trail.

    ``record`` is exactly the Consultation JSON that `consult-tui import` reads inside a records
    document, so a receiving system sees the same field names as the published schema.
    """
    comparison = compare_assessments(record, pack)
    return {
        "format": CASE_RECORD_FORMAT,
        "schema_version": CASE_RECORD_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "record": record.model_dump(mode="json"),
        "assessment": {
            "at_finalise": record.assessment_at_finalise,
            "now": comparison.now.to_dict(),
            "pack_at_finalise": comparison.pack_then or None,
            "pack_now": comparison.pack_now,
            "pack_changed": comparison.pack_changed,
            "reads_differently": comparison.reads_differently,
        },
        "audit_trail": [
            {
                "seq": entry.seq,
                "at": entry.at.isoformat(),
                "os_user": entry.os_user,
                "action": entry.action,
                "detail": entry.detail,
                "hash": entry.hash,
            }
            for entry in trail
        ],
    }
