"""The safety invariants: what the advice must never say, whatever the answers. Stated once.

Each invariant has a name and one sentence, and a check that reads a record and its assessment and
returns what went wrong (or nothing). The tests run every check over generated records for every
guidance pack shipped; ``benchmarks/invariants.py`` runs them over many more. The rules that keep
them are in ``advice_rules.py``; when a check fails, the rule is wrong, never the invariant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .advice_model import (
    CONFLICT_TITLES,
    PERSON_TELL,
    TELL,
    TELL_DO_NOT,
    TELL_DO_NOT_CONTACT,
    Action,
    Assessment,
    Lean,
)
from .advice_rules import read_facts, tipping_off_risk
from .record import (
    ConsentState,
    Consultation,
    InformationConcerns,
    Level,
    RequestOrigin,
    YesNo,
)

LADDER = frozenset(
    {
        Action.SEEK_ADVICE_ONE_PROFESSIONAL,
        Action.SEEK_ADVICE_FURTHER_PROFESSIONAL,
        Action.ANONYMISED_DISCUSSION,
        Action.GET_ADVICE_TODAY,
    }
)
# Words that say sharing happens without agreement; never shown when agreement was given.
WITHOUT_AGREEMENT = (
    "without waiting for agreement",
    "without waiting for consent",
    "shared without it",
    "without their agreement",
    "without consent",
    "rather than wait for agreement",
)
# Words that call a risk low or below significant harm; never shown when the risk is not known.
CALLS_RISK_LOW = (
    "not of significant harm",
    "below significant harm",
    "The risk is low",
    "risk is recorded as low",
    "With a low risk",
    "not recorded as significant harm",
)
# Pairs of lines that cannot both be on the panel: (one, the other).
CONTRADICTIONS: tuple[tuple[str, str], ...] = (
    ("Share now", "DO NOT SHARE"),
    ("Share now", "→ Do not share"),
    ("Share now", "there is time to be open with the family"),
    ("Report to the police yourself", "→ Do not share"),
    ("→ Do not tell the family", "✓ Tell:"),
    ("Family: ✗ Do not tell the family", "✓ Tell:"),
    ("→ Tell the family what, with whom and why", "✗ Do not tell:"),
    ("→ Tell the family what, with whom and why", "→ Do not tell the family"),
    ("Explain, and ask for agreement", "Do not go to the family to ask their agreement"),
)


@dataclass(frozen=True, slots=True)
class Invariant:
    name: str
    statement: str
    check: Callable[[Consultation, Assessment], str | None]


def _serious_never_withheld(record: Consultation, a: Assessment) -> str | None:
    facts = read_facts(record)
    if not facts.serious:
        return None
    if a.lean is Lean.DO_NOT_SHARE or Action.DO_NOT_SHARE in a.actions:
        return "a serious risk came out as do not share"
    if not ({Action.SHARE_NOW, Action.GET_ADVICE_TODAY} & set(a.actions)):
        return "a serious risk has neither 'share now' nor 'get advice today'"
    if not a.share_with:
        return "a serious risk says nothing about whom to share with"
    return None


def _adult_only_not_a_reason(record: Consultation, a: Assessment) -> str | None:
    facts = read_facts(record)
    if not (facts.adult_only and facts.child_risk_pointers):
        return None
    if "adult-only" in a.note_ids():
        return "'adult only' was used to hold back while the answers point to risk to a child"
    if "adult-only-contradiction" not in a.note_ids():
        return "'adult only' beside a risk to a child is not flagged as a contradiction"
    if Action.RESOLVE_CONTRADICTION not in a.actions:
        return "the contradiction is not among the actions"
    return None


def _alleged_never_told(record: Consultation, a: Assessment) -> str | None:
    if len(a.telling) != len(record.people):
        return "telling is not decided for every person"
    for person, telling in zip(record.people, a.telling, strict=True):
        if not telling.why:
            return f"no reason shown for telling person {telling.index + 1} or not"
        if (person.alleged_to_cause_harm or person.may_pass_on) and telling.advice == PERSON_TELL:
            return f"person {telling.index + 1} is alleged (or would pass it on) yet is to be told"
    facts = read_facts(record)
    someone_not_to_tell = facts.alleged or facts.passes_on
    if someone_not_to_tell and (a.tell_family == TELL or Action.TELL_FAMILY in a.actions):
        return "the whole family is to be told although someone in it must not be"
    return None


def _alleged_never_decide(record: Consultation, a: Assessment) -> str | None:
    from .assessment import assess  # assess() puts the rules together

    alleged = read_facts(record).alleged  # the child the concern is about speaks for themselves
    if not alleged:
        return None
    probe = record.model_copy(deep=True)
    for index in alleged:
        probe.people[index].consent.state = ConsentState.NOT_SOUGHT
    if assess(probe).lean is not a.lean:
        return "the agreement or refusal of someone alleged to have caused harm moved the lean"
    return None


def _agreement_not_called_without(record: Consultation, a: Assessment) -> str | None:
    if read_facts(record).consent is not ConsentState.GIVEN:
        return None
    spoken = [x.label for x in a.actions] + [n.text for n in (*a.notes, *a.duties)]
    for text in spoken:
        for phrase in WITHOUT_AGREEMENT:
            if phrase in text:
                return f"agreement was given, yet the advice says {phrase!r}"
    return None


def _unknown_is_not_low(record: Consultation, a: Assessment) -> str | None:
    if record.proportionality.risk is not Level.NOT_KNOWN:
        return None
    for text in [*(n.text for n in (*a.notes, *a.duties)), *(r.meaning for r in a.readings)]:
        for phrase in CALLS_RISK_LOW:
            if phrase in text:
                return f"the risk is not known, yet the advice says {phrase!r}"
    if not (LADDER & set(a.actions)):
        return "the risk is not known, yet no advice ladder is offered"
    return None


def _requests_verified_and_limited(record: Consultation, a: Assessment) -> str | None:
    ctx = record.context
    if ctx.request_origin is RequestOrigin.OWN_CONCERN:
        return None
    if Action.SHARE_MINIMUM_RELEVANT not in a.actions:
        return "a request without 'only what is relevant to the stated purpose'"
    if not ctx.requester_verified and Action.VERIFY_REQUESTER not in a.actions:
        return "an unverified request without 'verify who is asking'"
    if not any(n.id.startswith("request-") for n in a.notes):
        return "a request without the note on verifying and limiting it"
    return None


def _no_tip_off(record: Consultation, a: Assessment) -> str | None:
    facts = read_facts(record)
    if "ask-agreement" in a.note_ids() and tipping_off_risk(record, facts):
        return "a note says to ask for agreement where asking could warn the people involved"
    if Action.SEEK_CONSENT not in a.actions:
        return None
    ctx = record.context
    if ctx.request_origin in (RequestOrigin.POLICE, RequestOrigin.FAMILY, RequestOrigin.OTHER):
        return "asks the family for agreement on a request that could tip them off"
    if facts.alleged or facts.passes_on or facts.forced_marriage:
        return "asks the family for agreement while someone could be warned"
    if ctx.telling_increases_risk is YesNo.YES or ctx.investigation_prejudiced:
        return "asks the family for agreement although telling them is unsafe"
    return None


def _refusal_does_not_beat_imminent(record: Consultation, a: Assessment) -> str | None:
    facts = read_facts(record)
    refused = facts.competent and facts.consent is ConsentState.REFUSED
    if refused and facts.imminent_cannot_wait and a.lean is Lean.DO_NOT_SHARE:
        return "a competent refusal beat an imminent risk that cannot wait"
    return None


def _one_voice(record: Consultation, a: Assessment) -> str | None:
    actions = set(a.actions)
    clashes = (
        ({Action.SHARE_NOW, Action.DO_NOT_SHARE}, "share now and do not share"),
        ({Action.SHARE_WITH_CONSENT, Action.DO_NOT_SHARE}, "share with consent and do not share"),
        ({Action.TELL_FAMILY, Action.DO_NOT_TELL_FAMILY}, "tell and do not tell the family"),
        ({Action.TELL_FAMILY, Action.TELL_ONLY_THOSE_MARKED}, "tell the family and tell only some"),
        ({Action.SEEK_CONSENT, Action.DO_NOT_CONTACT_FAMILY}, "ask the family and never approach"),
    )
    for pair, words in clashes:
        if pair <= actions:
            return f"the actions say both {words}"
    if a.lean is Lean.SHARE and Action.DO_NOT_SHARE in actions:
        return "leans to sharing but says do not share"
    if a.lean is Lean.DO_NOT_SHARE and actions & {Action.SHARE_NOW, Action.SHARE_WITH_CONSENT}:
        return "leans to not sharing but says share"
    told = {t.advice for t in a.telling}
    if a.tell_family == TELL_DO_NOT and PERSON_TELL in told:
        return "the family line says do not tell, yet someone is marked to be told"
    subject = read_facts(record).child_index
    family_told = {t.advice for t in a.telling if t.index != subject}
    if a.tell_family == TELL_DO_NOT_CONTACT and PERSON_TELL in family_told:
        return "the family are not to be approached, yet one of them is marked to be told"
    if a.tell_family == TELL and told - {PERSON_TELL}:
        return "the family line says tell, yet someone is not to be told"
    if Action.TELL_FAMILY in actions and a.tell_family != TELL:
        return "'tell the family' without a family line that says tell"
    return None


def _conflict_needs_its_override(record: Consultation, a: Assessment) -> str | None:
    from .assessment import finalise_blockers  # the finalise check lives with assess()

    if not a.conflict_ids:
        return None
    if set(a.conflict_ids) - set(CONFLICT_TITLES):
        return "a conflict without a title, so it cannot be overridden on screen"
    probe = record.model_copy(deep=True)
    probe.decision.reason = "A long reason that says nothing about the conflict at all, at length."
    probe.decision.override_conflicts = []
    probe.decision.override_reason = ""
    if not any(p.field.startswith("decision.override") for p in finalise_blockers(probe, a)):
        return "a conflict could be finalised with a long reason and no override"
    probe.decision.override_conflicts = list(a.conflict_ids)
    probe.decision.override_reason = "Why this decision stands against that conflict."
    if any(p.field.startswith("decision.override") for p in finalise_blockers(probe, a)):
        return "an explicit override with its own reason did not clear the conflict"
    return None


def _capacity_fits_age(record: Consultation, a: Assessment) -> str | None:
    facts = read_facts(record)
    if facts.capacity_mismatch and facts.competent:
        return "a capacity that cannot fit the age still lets the young person decide"
    if facts.capacity_mismatch and "capacity-age-mismatch" not in a.note_ids():
        return "a capacity that cannot fit the age is not flagged"
    return None


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "serious-risk-is-never-withheld",
        "High risk, imminent risk that cannot wait, known FGM in a girl under 18 or suspected "
        "forced marriage never come out as 'do not share', whatever consent, capacity, the "
        "relationship or 'adult only' say: at least 'share now' or 'get advice today', and with "
        "whom.",
        _serious_never_withheld,
    ),
    Invariant(
        "adult-only-is-not-a-reason-to-withhold",
        "'Adult only' means no bearing on any child's safety; beside any answer that points to "
        "risk to a child it is a contradiction to resolve, never the reason not to share.",
        _adult_only_not_a_reason,
    ),
    Invariant(
        "the-alleged-are-never-told",
        "Telling is decided and shown per person, and a person alleged to have caused harm, or "
        "anyone who would pass it on to them, is never among those the panel says to tell.",
        _alleged_never_told,
    ),
    Invariant(
        "the-alleged-never-decide",
        "The agreement or refusal of a person alleged to have caused harm (other than the child "
        "the concern is about) never moves the weighing.",
        _alleged_never_decide,
    ),
    Invariant(
        "agreement-given-is-not-called-without",
        "When agreement was given, the advice never describes sharing as done without it.",
        _agreement_not_called_without,
    ),
    Invariant(
        "not-known-is-not-low",
        "A risk not known is never described as low or below significant harm, and it always "
        "gets the advice ladder.",
        _unknown_is_not_low,
    ),
    Invariant(
        "requests-are-verified-and-limited",
        "A request from anyone outside the practitioner's own concern gets 'verify who is asking "
        "and on what authority' and 'only what is relevant to the stated purpose'.",
        _requests_verified_and_limited,
    ),
    Invariant(
        "no-tipping-off",
        "The advice never says to ask the family for agreement where that could warn the people "
        "involved: a police, family or other outside request, an alleged person, forced "
        "marriage, or telling that is unsafe.",
        _no_tip_off,
    ),
    Invariant(
        "a-refusal-does-not-beat-imminent-risk",
        "A competent young person's refusal does not outweigh an imminent risk that cannot wait.",
        _refusal_does_not_beat_imminent,
    ),
    Invariant(
        "one-voice",
        "The actions, the family line and each person's line agree with each other and with the "
        "lean.",
        _one_voice,
    ),
    Invariant(
        "a-conflict-needs-its-own-override",
        "A conflict is finalised only with an explicit override of that conflict and a reason of "
        "its own, never by a long-enough decision reason.",
        _conflict_needs_its_override,
    ),
    Invariant(
        "capacity-fits-age",
        "A capacity that cannot fit the recorded age (a 9-year-old marked 'competent 16–17') is "
        "flagged and does not let the child decide.",
        _capacity_fits_age,
    ),
)


def violations(record: Consultation, assessment: Assessment) -> list[str]:
    """Every invariant the assessment breaks, as 'name: what went wrong'."""
    found: list[str] = []
    for invariant in INVARIANTS:
        problem = invariant.check(record, assessment)
        if problem:
            found.append(f"{invariant.name}: {problem}")
    return found


def panel_contradictions(text: str) -> list[tuple[str, str]]:
    """Pairs of lines from ``CONTRADICTIONS`` that both appear in the panel's text."""
    return [(one, other) for one, other in CONTRADICTIONS if one in text and other in text]


def adult_only_flip(record: Consultation) -> Consultation:
    """The same record with the information marked as about the child and adults."""
    flipped = record.model_copy(deep=True)
    if flipped.context.information_concerns is InformationConcerns.ADULT_ONLY:
        flipped.context.information_concerns = InformationConcerns.CHILD_AND_ADULTS
    return flipped
