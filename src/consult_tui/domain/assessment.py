"""The proportionality reasoning: what the record's answers point to, with the guidance behind it.

``assess`` reads a consultation and returns an ``Assessment``: a reading of each of the five
proportionality questions, which way the answers lean, the actions the guidance suggests, whom to
share with, who may and may not be told (person by person), what is still missing, notes that each
cite the guidance points they rest on, any duty in law, and conflicts when the recorded decision
goes against the weighing. The practitioner always decides; the assessment informs, and is stored
with the finalised record as it stood at that moment.

The parts live apart: ``advice_model`` (what an assessment is), ``advice_rules`` (the rules, which
raise note ids), ``advice_wording`` (the pack's words for them) and ``invariants`` (the safety
rules every assessment keeps, stated once). This module puts them together.

It is deterministic. Of the free text it reads only the information proposed for sharing, for
"the whole file" and the like; nothing typed changes the lean or the actions.
"""

from __future__ import annotations

from .advice_model import (
    NOTE_KINDS,
    SHARE_WITH_AGENCIES,
    SHARE_WITH_LABELS,
    Action,
    Assessment,
    Lean,
    Missing,
    Note,
    PersonTelling,
    Reading,
)
from .advice_rules import Draft, apply_rules, person_label, person_telling, read_facts, weigh
from .advice_wording import TELLING_WHY_WORDS, word, word_conflict
from .finalise import Problem
from .guidance import GuidancePack, Question, default_pack
from .record import (
    Consultation,
    DecisionOutcome,
    Recipient,
    YesNo,
)

# What the screens, exports and tests read from here; the telling codes live in advice_model.
__all__ = [
    "NOTE_KINDS",
    "SHARE_WITH_LABELS",
    "Action",
    "Assessment",
    "Lean",
    "Missing",
    "Note",
    "PersonTelling",
    "Reading",
    "assess",
    "finalise_blockers",
    "suggested_recipients",
]


def assess(record: Consultation, pack: GuidancePack | None = None) -> Assessment:
    """Weigh the record's answers against the guidance. Deterministic."""
    pack = pack or default_pack()
    p = record.proportionality
    facts = read_facts(record)
    lean, basis = weigh(record, facts)
    draft = Draft()

    readings = tuple(_reading(q, getattr(p, q.id).value) for q in pack.questions)
    for question in pack.questions:
        if getattr(p, question.id).value == YesNo.NOT_KNOWN.value:
            draft.need(f"proportionality.{question.id}", question.title)
    tell = apply_rules(record, facts, lean, basis, draft)
    telling = tuple(
        PersonTelling(i, person_label(record.people[i]), advice, _why(record, i, why))
        for i, (advice, why) in enumerate(person_telling(record, facts))
    )
    conflicts = [ref for _, ref in draft.conflicts]
    return Assessment(
        readings=readings,
        lean=lean,
        actions=tuple(draft.actions),
        missing=tuple(draft.missing),
        notes=tuple(word(ref, pack) for ref in draft.notes),
        conflict=word_conflict(conflicts, pack),
        tell_family=tell,
        duties=tuple(word(ref, pack) for ref in draft.duties),
        pack=pack.label,
        telling=telling,
        share_with=tuple(draft.share_with),
        conflict_ids=tuple(dict.fromkeys(cid for cid, _ in draft.conflicts)),
    )


def _why(record: Consultation, index: int, why: str) -> str:
    """The reasoning's why, with the practitioner's own words when they gave some."""
    own = record.people[index].telling_reason.strip()
    return f"{TELLING_WHY_WORDS[why]}: {own}" if own else TELLING_WHY_WORDS[why]


def _reading(question: Question, answer: str) -> Reading:
    return Reading(
        question=question.id,
        label=question.title,
        answer=answer,
        meaning=question.meanings.get(answer, ""),
        citations=question.cites or ("seed-proportionality",),
        answer_label=question.answers.get(answer, answer),
    )


def suggested_recipients(record: Consultation, assessment: Assessment) -> list[Recipient]:
    """Recipients for the agencies the assessment suggests and the record does not have yet."""
    have = {r.agency.strip().casefold() for r in record.recipients}
    out: list[Recipient] = []
    for suggestion in assessment.share_with:
        agency_role = SHARE_WITH_AGENCIES.get(suggestion)
        if agency_role is None:
            continue
        agency, role = agency_role
        if agency.casefold() in have:
            continue
        have.add(agency.casefold())
        out.append(Recipient(agency=agency, role=role))
    return out


# ---------------------------------------------------------------------------------------------
# Finalising
# ---------------------------------------------------------------------------------------------


def finalise_blockers(record: Consultation, assessment: Assessment) -> list[Problem]:
    """Problems that depend on the assessment, to add to ``finalise_problems``.

    Each is defensible on its own: a duty in law left unaddressed; a conflict between the decision
    and the weighing that has not been overridden explicitly, conflict by conflict, with a reason
    of its own (a long decision reason is not an override); answers that contradict each other
    ("adult only" with a risk to a child, a capacity that cannot fit the age); and a firm decision
    taken while the answers were unclear and nobody was asked.
    """
    problems: list[Problem] = []
    if (
        Action.MANDATORY_REPORT_POLICE in assessment.actions
        and not record.lawful_basis.statutory_duty.strip()
    ):
        problems.append(
            Problem(
                "lawful_basis.statutory_duty",
                "Known FGM in a girl under 18: record the police report under the statutory "
                "duty (FGM Act 2003 s5B), or say why the duty does not apply to you.",
            )
        )
    if assessment.conflict_ids:
        overridden = set(record.decision.override_conflicts)
        left = [c for c in assessment.conflict_ids if c not in overridden]
        reason = record.decision.override_reason.strip()
        if left:
            problems.append(
                Problem(
                    "decision.override_conflicts",
                    "Your decision goes against what the answers point to: change the decision "
                    "or the answers, or override each conflict the panel shows explicitly "
                    f"({len(left)} not overridden yet).",
                )
            )
        if not reason or reason == record.decision.reason.strip():
            problems.append(
                Problem(
                    "decision.override_reason",
                    "Give the override its own reason: why this decision stands against the "
                    "conflict (the decision's reason does not count twice).",
                )
            )
    for missing in assessment.missing:
        if missing.field == "context.information_concerns":
            problems.append(
                Problem(
                    "context.information_concerns",
                    "The information is marked as about an adult only, yet the answers point to "
                    "a risk to a child: correct whichever is wrong.",
                )
            )
        elif missing.field.endswith(".capacity") and "age" in missing.label:
            problems.append(
                Problem(
                    missing.field,
                    "The young person's capacity does not fit their age: correct one of them.",
                )
            )
    if (
        assessment.lean is Lean.UNCLEAR
        and not record.advice
        and record.decision.outcome
        in (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART, DecisionOutcome.DO_NOT_SHARE)
        and record.proportionality.imminent is not YesNo.YES
    ):
        problems.append(
            Problem(
                "advice",
                "The questions could not all be answered: record the advice you took (one "
                "professional, then one further if still unclear), or choose 'not yet' with a "
                "review date.",
            )
        )
    return problems
