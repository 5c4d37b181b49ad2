"""A follow-up consultation: a new draft that starts from an earlier decision about the same child.

When a review date comes round, or a new worry arises, the practitioner should not type the
family in again; but the new decision must be made afresh. So the people, case reference, context
and facts are carried over, and everything that was decided, weighed or shared is left empty.
"""

from __future__ import annotations

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
            age=person.age,
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
