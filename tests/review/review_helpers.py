"""Records for the review stories: a handful of varied consultations with known words in them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from consult_tui.domain.assessment import assess
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import (
    Consultation,
    DecisionOutcome,
    Fact,
    Person,
    PersonKind,
    Practitioner,
    new_id,
)
from consult_tui.store.repository import RecordStore


def consultation(
    *,
    case_reference: str = "HV-1",
    child: str = "Baby A",
    practitioner: str = "Priya Shah",
    fact: str = "Seen at the home visit",
    reason: str = "Shared to keep the child safe",
    decision: DecisionOutcome = DecisionOutcome.SHARE,
    review: date | None = None,
    day: int = 1,
    month: int = 3,
    anonymised: bool = False,
) -> Consultation:
    when = datetime(2025, month, day, 10, 0, tzinfo=UTC)
    record = Consultation(
        id=new_id(),
        created_at=when,
        updated_at=when,
        practitioner=Practitioner(name=practitioner, role="Health visitor"),
        case_reference=case_reference,
        anonymised=anonymised,
        people=[Person(name=child, kind=PersonKind.CHILD)],
        facts=[Fact(text=fact, source="Seen by me")],
    )
    record.decision.outcome = decision
    record.decision.reason = reason
    record.decision.review_date = review
    return record


def finalise(store: RecordStore, record: Consultation) -> Consultation:
    store.save_draft(record)
    return store.finalise(record, assess(record, default_pack()).to_dict())
