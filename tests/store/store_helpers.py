"""Records and checks the record-store stories share: a realistic case, a canary, file snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from consult_tui.domain.record import (
    Consent,
    ConsentState,
    Consultation,
    DecisionOutcome,
    Fact,
    Level,
    Person,
    PersonKind,
    Practitioner,
    YesNo,
)

# Typed into a record; it must never be readable in any file the store writes.
CANARY = "CANARY-Zoë-7f3a91-unexplained-bruise"


def health_visitor_record(*, case_reference: str = "HV-2291", note: str = "") -> Consultation:
    """The first domain example: a 4-month-old with an unexplained bruise."""
    record = Consultation(
        practitioner=Practitioner(name="Priya Shah", role="Health visitor", organisation="NHS"),
        case_reference=case_reference,
        people=[
            Person(name="Baby M", kind=PersonKind.CHILD, age=0),
            Person(
                name="Ms M",
                kind=PersonKind.PARENT_CARER,
                relation="mother",
                consent=Consent(state=ConsentState.REFUSED, views="Does not want the GP told"),
            ),
        ],
        facts=[
            Fact(
                text=f"Bruise on the left cheek seen at the home visit {note}".strip(),
                source="Seen by me at the 16-week visit",
            )
        ],
        purpose="So that the GP and children's services can assess the bruise today",
    )
    record.proportionality.risk = Level.HIGH
    record.proportionality.imminent = YesNo.YES
    record.decision.outcome = DecisionOutcome.SHARE
    record.decision.reason = f"Imminent risk of significant harm {note}".strip()
    record.decision.review_date = date(2025, 6, 1)
    return record


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes: to prove a failed open changed nothing."""
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir()) if item.is_file()}
