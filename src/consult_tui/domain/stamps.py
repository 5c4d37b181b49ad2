"""The times a record keeps by itself: when a consent answer and a "family told" mark were recorded.

Years later a reviewer asks in what order things happened: was the mother's refusal recorded
before or after the referral went? A consent state or a "told" mark without a time cannot be
placed in a case chronology, and a practitioner in the middle of a call should not have to type
one. So the record stamps the moment the answer is recorded here; a later change (consent given,
then withdrawn) stamps it again, and going back to "not sought" or "not yet" clears it, because
nothing is then recorded.
"""

from __future__ import annotations

import re
from datetime import datetime

from .record import ConsentState, Consultation, FamilyTold, utc_now

_CONSENT_STATE = re.compile(r"^people\[(\d+)\]\.consent\.state$")


def stamp_recorded_times(record: Consultation, path: str, now: datetime | None = None) -> bool:
    """Stamp (or clear) the time that goes with the field at ``path``, just changed.

    Returns whether a time was changed. Fields with no time of their own are left alone.
    """
    now = now or utc_now()
    consent_path = _CONSENT_STATE.match(path)
    if consent_path is not None:
        index = int(consent_path.group(1))
        if index >= len(record.people):
            return False
        consent = record.people[index].consent
        recorded_at = None if consent.state is ConsentState.NOT_SOUGHT else now
        changed = consent.recorded_at != recorded_at
        consent.recorded_at = recorded_at
        return changed
    if path == "transparency.family_told":
        transparency = record.transparency
        told_at = now if transparency.family_told is FamilyTold.TOLD else None
        changed = transparency.told_at != told_at
        transparency.told_at = told_at
        return changed
    return False
