"""A follow-up consultation: a new draft that starts from an earlier decision about the same child.

When a review date comes round, or a new worry arises, the practitioner should not type the
family in again; but the new decision must be made afresh. So the people, case reference, context
and facts are carried over, and everything that was decided, weighed or shared is left empty.
"""

from __future__ import annotations

from typing import Any

from .parsing import Age, AgeUnit
from .record import Consultation, Fact, Person, Practitioner, new_id


def follow_up_draft(
    earlier: Consultation, practitioner: Practitioner | None = None
) -> Consultation:
    """A new draft linked to ``earlier`` by follow_up_of, with its decision cleared."""
    people = [
        Person(
            name=person.name,
            kind=person.kind,
            relation=person.relation,
            **_age_fields(earlier.age_of(person), person.age_text),
            date_of_birth=person.date_of_birth,
            capacity=person.capacity,
            alleged_to_cause_harm=person.alleged_to_cause_harm,
        )
        for person in earlier.people
    ]
    facts = [Fact(text=fact.text, source=fact.source, kind=fact.kind) for fact in earlier.facts]
    return Consultation(
        id=new_id(),
        follow_up_of=earlier.id,
        practitioner=(practitioner or earlier.practitioner).model_copy(),
        case_reference=earlier.case_reference,
        anonymised=earlier.anonymised,
        people=people,
        facts=facts,
        purpose=earlier.purpose,
        context=earlier.context.model_copy(deep=True),
    )


def _age_fields(age: Age | None, typed: str) -> dict[str, Any]:
    """The age in force (an addendum's, if one gave it), in the unit it was given."""
    if age is None:
        return {"age_text": typed}
    amount = None if age.unit is AgeUnit.YEARS else age.amount
    return {"age": age.years, "age_unit": age.unit, "age_amount": amount}
