"""The rules of the proportionality reasoning: what the record's answers point to.

The rules decide; they do not word. Each note they raise is a note id with parameters, worded by
the guidance pack (``[[notes]]`` in the TOML), so a partnership can review and localise every
sentence without touching the rules. ``NOTE_PARAMS`` lists every note id the rules can raise and
the parameters its wording may use; the pack checker refuses a pack that lacks one.

The safety invariants these rules keep are stated once, in ``invariants.py``, and tested there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .advice_model import (
    PERSON_DO_NOT_TELL,
    PERSON_NOT_YET,
    PERSON_TELL,
    TELL,
    TELL_DO_NOT,
    TELL_DO_NOT_CONTACT,
    TELL_NOT_YET_KNOWN,
    TELL_SOME,
    Action,
    Lean,
    Missing,
)
from .record import (
    AdultRiskAssessment,
    Article6,
    Capacity,
    ChildRole,
    ConsentState,
    Consultation,
    DecisionOutcome,
    FamilyTold,
    HarmType,
    InformationConcerns,
    Level,
    MaracStep,
    Person,
    PersonKind,
    RequestGateway,
    RequestOrigin,
    YesNo,
)

# Every note id the rules can raise, with the parameters its wording may use.
NOTE_PARAMS: dict[str, frozenset[str]] = {
    name: frozenset(params)
    for name, params in {
        # duties and statutory guidance
        "duty-fgm": (),
        "fgm-known-no-child": (),
        "fgm-suspected": (),
        "forced-marriage": (),
        "forced-marriage-under-18": (),
        # why the lean came out as it did
        "adult-only": (),
        "adult-only-contradiction": (),
        "basis-fgm": (),
        "basis-forced-marriage": (),
        "high-imminent": (),
        "high-imminent-agreed": (),
        "high": ("who",),
        "high-agreed": ("who",),
        "refusal-overridden": ("because",),
        "relationship-does-not-outweigh": (),
        "urgent-advice-today": (),
        "consent": ("giver", "level"),
        "consent-risk-unknown": ("giver",),
        "consent-partial": (),
        "risk-unknown": (),
        "competent-refusal": (),
        "low-refused": (),
        "ask-agreement": ("level", "who"),
        "ask-agreement-unsafe": ("level",),
        "imminent-but-can-wait": (),
        "moderate-urgent": (),
        "moderate-little-gain": (),
        "moderate-unknowns": (),
        "moderate-refused-wait": (),
        "moderate-refused": (),
        "share-minimum": (),
        "consent-uninformed": (),
        "consent-as-basis": (),
        "record-lawful-basis": (),
        "capacity-age-mismatch": ("age", "capacity"),
        "whole-file": ("phrase",),
        # telling
        "do-not-tell-alleged": (),
        "tell-per-person": (),
        "family-not-told-investigation": (),
        "family-not-told-risk": (),
        "tell-family": (),
        "decide-telling": (),
        # requests
        "request-police": (),
        "request-other-agency": (),
        "request-court": (),
        "request-family": (),
        "request-other": (),
        "request-no-consent": (),
        "request-crime-exemption": (),
        "request-child-suspect": (),
        # adults at risk
        "adult-at-risk": (),
        "adult-risk-assessment": (),
        "marac-high": (),
        # the advice ladder
        "ladder-first": (),
        "ladder-further": (),
        "ladder-done": (),
        "advice-today": (),
        "balanced-advice": (),
        # conflicts between the decision and the weighing
        "conflict-share-adult-only": (),
        "conflict-share-competent-refusal": (),
        "conflict-share-against-wishes": ("level",),
        "conflict-withhold-fgm": ("chosen",),
        "conflict-withhold-forced-marriage": ("chosen",),
        "conflict-withhold-high-imminent": ("chosen",),
        "conflict-withhold-high": ("chosen",),
        "conflict-withhold-urgent": ("chosen",),
        "conflict-told-forced-marriage": ("when",),
        "conflict-told-unsafe": ("when",),
        "conflict-told-alleged": ("when",),
    }.items()
}

# Why a person is, or is not, to be told (worded in wording.py).
TELLING_WHY = (
    "alleged",
    "passes-on",
    "forced-marriage",
    "investigation",
    "marked-no",
    "marked-yes",
    "telling-unsafe",
    "alleged-in-household",
    "telling-safe",
    "undecided",
)

_COMPETENT = (Capacity.COMPETENT_16_17, Capacity.GILLICK_COMPETENT)
_CHILD_CAPACITIES = (*_COMPETENT, Capacity.NOT_COMPETENT)
# Requests from outside the practitioner's own concern.
REQUEST_NOTES = {
    RequestOrigin.POLICE: "request-police",
    RequestOrigin.OTHER_AGENCY: "request-other-agency",
    RequestOrigin.COURT: "request-court",
    RequestOrigin.FAMILY: "request-family",
    RequestOrigin.OTHER: "request-other",
}
_SHARING_DECISIONS = (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART)
_NOT_SHARING_DECISIONS = (DecisionOutcome.DO_NOT_SHARE, DecisionOutcome.NOT_YET)
# Asking for "everything" is not a proportionate request.
WHOLE_FILE = re.compile(
    r"\b(whole (?:safeguarding |case )?file|entire (?:file|record)s?|everything|"
    r"full (?:safeguarding |case )?(?:file|records?)|all (?:the )?(?:records|notes|information))\b",
    re.IGNORECASE,
)


class Basis(StrEnum):
    """Why the lean came out as it did; decides the explaining note and any conflict."""

    ADULT_ONLY = "adult_only"
    DUTY_FGM = "duty_fgm"
    FORCED_MARRIAGE = "forced_marriage"
    SIGNIFICANT_HARM = "significant_harm"
    URGENT_ADVICE = "urgent_advice"  # imminent, cannot wait, but the case for sharing is not made
    CONSENT = "consent"
    CONSENT_RISK_UNKNOWN = "consent_risk_unknown"
    RISK_UNKNOWN = "risk_unknown"
    COMPETENT_REFUSAL = "competent_refusal"
    LOW_REFUSED = "low_refused"
    ASK_AGREEMENT = "ask_agreement"
    MODERATE_URGENT = "moderate_urgent"
    MODERATE_LITTLE_GAIN = "moderate_little_gain"
    MODERATE_UNKNOWNS = "moderate_unknowns"
    MODERATE_REFUSED_WAIT = "moderate_refused_wait"
    MODERATE_REFUSED = "moderate_refused"


# Bases where not sharing goes against something stronger than judgement.
STRONG_SHARE = (
    Basis.DUTY_FGM,
    Basis.FORCED_MARRIAGE,
    Basis.SIGNIFICANT_HARM,
    Basis.MODERATE_URGENT,
)


@dataclass(frozen=True, slots=True)
class NoteRef:
    kind: str
    id: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    """What the reasoning reads from the record, worked out once."""

    child_index: int | None
    child: Person | None
    child_age: int | None
    capacity_mismatch: bool  # the child's capacity cannot be right for their age
    competent: bool
    deciders: tuple[int, ...]  # indexes of the people whose agreement counts
    consent: ConsentState  # combined: GIVEN, PARTIAL, REFUSED, SOUGHT or NOT_SOUGHT
    consent_uninformed: bool
    forced_marriage: bool
    fgm_duty: bool
    fgm_suspected: bool
    adult_only: bool
    child_risk_pointers: bool  # any answer points to risk to a child
    alleged: tuple[int, ...]
    passes_on: tuple[int, ...]
    request: bool  # a request from outside the practitioner's own concern
    serious: bool  # high risk, imminent and cannot wait, known FGM or suspected forced marriage
    urgent: bool  # imminent, or cannot wait
    imminent_cannot_wait: bool
    adult_high_risk: bool


def capacity_fits_age(capacity: Capacity, age: int | None, kind: PersonKind) -> bool:
    """Whether a recorded capacity can be right for the person's age (unknown age: it can)."""
    if age is None:
        return True
    if capacity is Capacity.COMPETENT_16_17:
        return 16 <= age < 18
    if capacity is Capacity.GILLICK_COMPETENT:
        return age < 16
    if capacity in (Capacity.ADULT_WITH_CAPACITY, Capacity.ADULT_LACKS_CAPACITY):
        return age >= 18
    if capacity is Capacity.NOT_COMPETENT:
        return age < 18
    return True


def read_facts(record: Consultation) -> Facts:
    people = record.people
    p = record.proportionality
    ctx = record.context
    child_index = next((i for i, q in enumerate(people) if q.kind is PersonKind.CHILD), None)
    child = people[child_index] if child_index is not None else None
    child_age = child.age_on(record.created_at.date()) if child else None
    mismatch = child is not None and not capacity_fits_age(child.capacity, child_age, child.kind)
    # A capacity that cannot be right for the child's age does not let them decide.
    competent = child is not None and child.capacity in _COMPETENT and not mismatch
    forced_marriage = HarmType.FORCED_MARRIAGE in ctx.suspected_harm
    adult_only = ctx.information_concerns is InformationConcerns.ADULT_ONLY
    alleged = tuple(i for i, q in enumerate(people) if q.alleged_to_cause_harm and i != child_index)
    passes_on = tuple(
        i for i, q in enumerate(people) if q.may_pass_on and not q.alleged_to_cause_harm
    )

    if competent and child_index is not None:
        deciders: list[int] = [child_index]
    elif forced_marriage:
        deciders = []  # the family must not be approached, so their agreement is not in play
    elif adult_only:
        deciders = [
            i for i, q in enumerate(people) if q.kind is not PersonKind.CHILD and i not in alleged
        ]
    else:
        # A person alleged to have caused harm never decides: their refusal cannot hold back
        # sharing, and asking them could warn them.
        parents = [i for i, q in enumerate(people) if q.kind is PersonKind.PARENT_CARER]
        deciders = [i for i in parents if i not in alleged]
        if not deciders:
            deciders = [
                i
                for i, q in enumerate(people)
                if q.consent.state is not ConsentState.NOT_SOUGHT and i not in alleged
            ]
    states = [people[i].consent.state for i in deciders]
    if any(s in (ConsentState.REFUSED, ConsentState.WITHDRAWN) for s in states):
        consent = ConsentState.REFUSED
    elif states and all(s is ConsentState.GIVEN for s in states):
        consent = ConsentState.GIVEN
    elif any(s in (ConsentState.GIVEN, ConsentState.PARTIAL) for s in states):
        consent = ConsentState.PARTIAL
    elif any(s is ConsentState.SOUGHT for s in states):
        consent = ConsentState.SOUGHT
    else:
        consent = ConsentState.NOT_SOUGHT
    uninformed = any(
        people[i].consent.state in (ConsentState.GIVEN, ConsentState.PARTIAL)
        and not people[i].consent.informed.complete()
        for i in deciders
    )
    # A person of kind "child" whose age is not recorded is taken to be under 18.
    under_18 = child is not None and (child_age is None or child_age < 18)
    fgm_duty = ctx.fgm_known and under_18
    imminent_cannot_wait = p.imminent is YesNo.YES and p.can_wait is YesNo.NO
    adult_high_risk = ctx.adult_risk_assessment is AdultRiskAssessment.HIGH
    pointers = (
        p.risk in (Level.MODERATE, Level.HIGH)
        or p.imminent is YesNo.YES
        or p.can_wait is YesNo.NO
        or p.safer_if_shared in (Level.MODERATE, Level.HIGH)
        or ctx.fgm_known
        or bool(ctx.suspected_harm)
        or bool(alleged)
        or ctx.adult_at_risk is YesNo.YES
        or adult_high_risk
    )
    return Facts(
        child_index=child_index,
        child=child,
        child_age=child_age,
        capacity_mismatch=mismatch,
        competent=competent,
        deciders=tuple(deciders),
        consent=consent,
        consent_uninformed=uninformed,
        forced_marriage=forced_marriage,
        fgm_duty=fgm_duty,
        fgm_suspected=HarmType.FGM in ctx.suspected_harm and not ctx.fgm_known,
        adult_only=adult_only,
        child_risk_pointers=pointers,
        alleged=alleged,
        passes_on=passes_on,
        request=ctx.request_origin is not RequestOrigin.OWN_CONCERN,
        serious=p.risk is Level.HIGH or imminent_cannot_wait or fgm_duty or forced_marriage,
        urgent=p.imminent is YesNo.YES or p.can_wait is YesNo.NO,
        imminent_cannot_wait=imminent_cannot_wait,
        adult_high_risk=adult_high_risk,
    )


def weigh(record: Consultation, facts: Facts) -> tuple[Lean, Basis]:
    """The lean, and the rule of the guidance it came from.

    Order matters: the duty, forced marriage, significant harm and imminent risk that cannot wait
    come before anything that could hold sharing back (agreement, a competent refusal, "adult
    only"), so none of those can ever turn them into "do not share".
    """
    p = record.proportionality
    agreed = facts.consent in (ConsentState.GIVEN, ConsentState.PARTIAL)
    if facts.fgm_duty:
        return Lean.SHARE, Basis.DUTY_FGM
    if facts.forced_marriage:
        return Lean.SHARE, Basis.FORCED_MARRIAGE
    if p.risk is Level.HIGH:
        return Lean.SHARE, Basis.SIGNIFICANT_HARM
    if facts.adult_only and not facts.child_risk_pointers:
        return Lean.DO_NOT_SHARE, Basis.ADULT_ONLY
    if agreed:
        if p.risk is Level.NOT_KNOWN:
            return Lean.SHARE, Basis.CONSENT_RISK_UNKNOWN
        return Lean.SHARE, Basis.CONSENT
    if facts.imminent_cannot_wait and not (
        p.risk is Level.MODERATE and p.safer_if_shared in (Level.MODERATE, Level.HIGH)
    ):
        # Harm could come soon and sharing cannot wait, but the case for sharing is not made:
        # advice today, never "do not share".
        return Lean.UNCLEAR, Basis.URGENT_ADVICE
    if p.risk is Level.NOT_KNOWN:
        return Lean.UNCLEAR, Basis.RISK_UNKNOWN
    refused = facts.consent is ConsentState.REFUSED
    if facts.competent and refused and not facts.urgent:
        return Lean.DO_NOT_SHARE, Basis.COMPETENT_REFUSAL
    if p.risk is Level.LOW:
        if refused:
            return Lean.DO_NOT_SHARE, Basis.LOW_REFUSED
        return Lean.BALANCED, Basis.ASK_AGREEMENT
    # Moderate risk: the other four answers decide.
    if facts.urgent:
        if p.safer_if_shared is Level.NOT_KNOWN:
            return Lean.UNCLEAR, Basis.MODERATE_UNKNOWNS
        if p.safer_if_shared is Level.LOW:
            return Lean.BALANCED, Basis.MODERATE_LITTLE_GAIN
        return Lean.SHARE, Basis.MODERATE_URGENT
    if p.imminent is YesNo.NOT_KNOWN or p.can_wait is YesNo.NOT_KNOWN:
        return Lean.UNCLEAR, Basis.MODERATE_UNKNOWNS
    if not refused:
        return Lean.BALANCED, Basis.ASK_AGREEMENT
    if p.safer_if_shared is Level.LOW or p.relationship_damage is Level.HIGH:
        return Lean.DO_NOT_SHARE, Basis.MODERATE_REFUSED_WAIT
    if Level.NOT_KNOWN in (p.safer_if_shared, p.relationship_damage):
        return Lean.UNCLEAR, Basis.MODERATE_UNKNOWNS
    return Lean.BALANCED, Basis.MODERATE_REFUSED


# ---------------------------------------------------------------------------------------------
# Telling: decided per person, then summed up for the family line
# ---------------------------------------------------------------------------------------------


def person_telling(record: Consultation, facts: Facts) -> list[tuple[str, str]]:
    """(advice, why id) for each person in the record, in order."""
    ctx = record.context
    out: list[tuple[str, str]] = []
    for i, person in enumerate(record.people):
        subject = i == facts.child_index
        if person.alleged_to_cause_harm:
            out.append((PERSON_DO_NOT_TELL, "alleged"))
        elif person.may_pass_on:
            out.append((PERSON_DO_NOT_TELL, "passes-on"))
        elif facts.forced_marriage and not subject:
            out.append((PERSON_DO_NOT_TELL, "forced-marriage"))
        elif ctx.investigation_prejudiced:
            out.append((PERSON_DO_NOT_TELL, "investigation"))
        elif person.may_be_told is YesNo.NO:
            out.append((PERSON_DO_NOT_TELL, "marked-no"))
        elif person.may_be_told is YesNo.YES:
            out.append((PERSON_TELL, "marked-yes"))
        elif ctx.telling_increases_risk is YesNo.YES:
            out.append((PERSON_DO_NOT_TELL, "telling-unsafe"))
        elif facts.alleged and ctx.telling_increases_risk is not YesNo.NO:
            out.append((PERSON_NOT_YET, "alleged-in-household"))
        elif ctx.telling_increases_risk is YesNo.NO:
            out.append((PERSON_TELL, "telling-safe"))
        else:
            out.append((PERSON_NOT_YET, "undecided"))
    return out


def family_line(record: Consultation, facts: Facts, per_person: list[tuple[str, str]]) -> str:
    """The family line, agreeing with every person's own line."""
    ctx = record.context
    if facts.forced_marriage:
        return TELL_DO_NOT_CONTACT
    if not per_person:
        if ctx.telling_increases_risk is YesNo.YES or ctx.investigation_prejudiced:
            return TELL_DO_NOT
        if ctx.telling_increases_risk is YesNo.NO:
            return TELL
        return TELL_NOT_YET_KNOWN
    advice = {a for a, _ in per_person}
    if advice == {PERSON_DO_NOT_TELL}:
        return TELL_DO_NOT
    if advice == {PERSON_TELL}:
        return TELL
    if PERSON_TELL in advice and PERSON_DO_NOT_TELL in advice:
        return TELL_SOME
    if PERSON_DO_NOT_TELL in advice and PERSON_TELL not in advice and PERSON_NOT_YET in advice:
        # Nobody is cleared to be told yet; those who must not be are already known.
        return TELL_DO_NOT if facts.alleged or ctx.investigation_prejudiced else TELL_NOT_YET_KNOWN
    return TELL_NOT_YET_KNOWN


# ---------------------------------------------------------------------------------------------
# The draft the rules fill in
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    actions: list[Action] = field(default_factory=list)
    notes: list[NoteRef] = field(default_factory=list)
    duties: list[NoteRef] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    share_with: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, NoteRef]] = field(default_factory=list)

    def act(self, *actions: Action) -> None:
        for action in actions:
            if action not in self.actions:
                self.actions.append(action)

    def drop(self, *actions: Action) -> None:
        self.actions = [a for a in self.actions if a not in actions]

    def note(self, kind: str, note_id: str, **params: str) -> None:
        self.notes.append(NoteRef(kind, note_id, tuple(sorted(params.items()))))

    def duty(self, note_id: str) -> None:
        self.duties.append(NoteRef("duty", note_id))

    def need(self, field_path: str, label: str) -> None:
        if all(m.field != field_path for m in self.missing):
            self.missing.append(Missing(field_path, label))

    def whom(self, *ids: str) -> None:
        for suggestion in ids:
            if suggestion not in self.share_with:
                self.share_with.append(suggestion)

    def conflict(self, conflict_id: str, note_id: str, **params: str) -> None:
        self.conflicts.append((conflict_id, NoteRef("caution", note_id, tuple(params.items()))))


_KIND_WORDS = {
    PersonKind.CHILD: "young person",
    PersonKind.SIBLING: "sibling",
    PersonKind.PARENT_CARER: "parent or carer",
    PersonKind.FAMILY_MEMBER: "family member",
    PersonKind.OTHER_ADULT: "adult",
}

_CAPACITY_WORDS = {
    Capacity.COMPETENT_16_17: "a competent 16–17-year-old",
    Capacity.GILLICK_COMPETENT: "Gillick competent (under 16)",
    Capacity.ADULT_WITH_CAPACITY: "an adult with capacity",
    Capacity.ADULT_LACKS_CAPACITY: "an adult lacking capacity",
    Capacity.NOT_COMPETENT: "a child not yet able to decide",
}


def person_label(person: Person) -> str:
    name = person.name.strip() or _KIND_WORDS[person.kind]
    return f"{name} ({person.relation.strip()})" if person.relation.strip() else name


def apply_rules(record: Consultation, facts: Facts, lean: Lean, basis: Basis, draft: Draft) -> str:
    """Every rule in turn; returns the family line."""
    per_person = person_telling(record, facts)
    tell = family_line(record, facts, per_person)
    _duties(record, facts, draft)
    _lean_notes(record, facts, lean, basis, draft)
    _adults_at_risk(record, facts, draft)
    _family(record, facts, lean, tell, draft)
    _request(record, facts, draft)
    _advice(record, facts, lean, basis, draft)
    _record_fields(record, facts, lean, basis, tell, per_person, draft)
    _capacity_and_free_text(record, facts, draft)
    _whom(record, facts, lean, basis, draft)
    _conflict(record, facts, lean, basis, tell, draft)
    draft.act(Action.RECORD_REASON)
    return tell


def _duties(record: Consultation, facts: Facts, draft: Draft) -> None:
    if facts.fgm_duty:
        draft.act(Action.MANDATORY_REPORT_POLICE)
        draft.duty("duty-fgm")
    elif record.context.fgm_known and facts.child is None:
        draft.note("caution", "fgm-known-no-child")
    if facts.fgm_suspected:
        draft.note("caution", "fgm-suspected")
    if facts.forced_marriage:
        draft.act(Action.DO_NOT_CONTACT_FAMILY)
        draft.note("caution", "forced-marriage")
        if facts.child is not None and (facts.child_age is None or facts.child_age < 18):
            draft.note("reading", "forced-marriage-under-18")


# Bases whose reading is fixed actions and one note with nothing to fill in, as a table so the
# whole rule reads in one line; the bases whose note depends on the answers are in _lean_notes.
_DO_NOT_SHARE_AND_REVIEW = (Action.DO_NOT_SHARE, Action.REVIEW_LATER)
_PLAIN_READINGS: dict[Basis, tuple[tuple[Action, ...], str, str]] = {
    Basis.ADULT_ONLY: ((Action.DO_NOT_SHARE,), "reading", "adult-only"),
    Basis.DUTY_FGM: ((Action.SHARE_NOW,), "reading", "basis-fgm"),
    Basis.FORCED_MARRIAGE: ((Action.SHARE_NOW,), "reading", "basis-forced-marriage"),
    Basis.URGENT_ADVICE: ((Action.GET_ADVICE_TODAY,), "caution", "urgent-advice-today"),
    Basis.RISK_UNKNOWN: ((), "reading", "risk-unknown"),
    Basis.COMPETENT_REFUSAL: (_DO_NOT_SHARE_AND_REVIEW, "reading", "competent-refusal"),
    Basis.LOW_REFUSED: (_DO_NOT_SHARE_AND_REVIEW, "reading", "low-refused"),
}
# The moderate-risk readings, given only when "imminent" and "can wait" do not contradict.
_MODERATE_READINGS: dict[Basis, tuple[tuple[Action, ...], str]] = {
    Basis.MODERATE_URGENT: ((Action.SHARE_NOW,), "moderate-urgent"),
    Basis.MODERATE_LITTLE_GAIN: ((), "moderate-little-gain"),
    Basis.MODERATE_UNKNOWNS: ((), "moderate-unknowns"),
    Basis.MODERATE_REFUSED_WAIT: (_DO_NOT_SHARE_AND_REVIEW, "moderate-refused-wait"),
    Basis.MODERATE_REFUSED: ((Action.REVIEW_LATER,), "moderate-refused"),
}


def _lean_notes(record: Consultation, facts: Facts, lean: Lean, basis: Basis, draft: Draft) -> None:
    p = record.proportionality
    who = "the young person" if facts.competent else "the family"
    agreed = facts.consent is ConsentState.GIVEN
    refused = facts.consent is ConsentState.REFUSED
    if facts.adult_only and facts.child_risk_pointers:
        draft.act(Action.RESOLVE_CONTRADICTION)
        draft.note("caution", "adult-only-contradiction")
    plain = _PLAIN_READINGS.get(basis)
    if plain is not None:
        actions, kind, note_id = plain
        draft.act(*actions)
        draft.note(kind, note_id)
    elif basis is Basis.SIGNIFICANT_HARM:
        draft.act(Action.SHARE_NOW)
        if p.imminent is YesNo.YES:
            draft.note("reading", "high-imminent-agreed" if agreed else "high-imminent")
        else:
            draft.note("reading", "high-agreed" if agreed else "high", who=who)
        if p.relationship_damage in (Level.MODERATE, Level.HIGH):
            draft.note("reading", "relationship-does-not-outweigh")
    elif basis in (Basis.CONSENT, Basis.CONSENT_RISK_UNKNOWN):
        draft.act(Action.SHARE_WITH_CONSENT)
        if facts.urgent:
            draft.act(Action.SHARE_NOW)
        giver = "The young person agrees" if facts.competent else "The family agree"
        if basis is Basis.CONSENT:
            level = "low" if p.risk is Level.LOW else "moderate"
            draft.note("reading", "consent", giver=giver, level=level)
        else:
            draft.note("reading", "consent-risk-unknown", giver=giver)
        if facts.consent is ConsentState.PARTIAL:
            draft.note("reading", "consent-partial")
    elif basis is Basis.ASK_AGREEMENT:
        level = "low" if p.risk is Level.LOW else "moderate, not imminent, and sharing can wait"
        if tipping_off_risk(record, facts):
            draft.act(Action.SEEK_ADVICE_ONE_PROFESSIONAL)
            draft.note("reading", "ask-agreement-unsafe", level=level)
        else:
            draft.note("reading", "ask-agreement", level=level, who=who)
    if p.imminent is YesNo.YES and p.can_wait is YesNo.YES:
        draft.note("caution", "imminent-but-can-wait")
        draft.need(
            "proportionality.can_wait", "Whether sharing can really wait, if harm could come soon"
        )
    elif basis in _MODERATE_READINGS:
        actions, note_id = _MODERATE_READINGS[basis]
        draft.act(*actions)
        draft.note("reading", note_id)

    if (
        facts.competent
        and refused
        and lean is not Lean.DO_NOT_SHARE
        and (p.risk is Level.HIGH or facts.urgent or facts.forced_marriage or facts.fgm_duty)
    ):
        because = (
            "the risk of significant harm"
            if p.risk is Level.HIGH or facts.forced_marriage or facts.fgm_duty
            else "the risk is imminent or cannot wait"
        )
        draft.note("reading", "refusal-overridden", because=because)

    if lean is Lean.SHARE:
        draft.act(Action.SHARE_MINIMUM_RELEVANT)
        draft.note("advice", "share-minimum")
        if facts.consent_uninformed:
            draft.note("caution", "consent-uninformed")
        article6 = record.lawful_basis.article6
        if article6 is Article6.CONSENT:
            draft.note("caution", "consent-as-basis")
        elif article6 is Article6.NOT_RECORDED:
            draft.note("advice", "record-lawful-basis")


def _adults_at_risk(record: Consultation, facts: Facts, draft: Draft) -> None:
    ctx = record.context
    domestic_abuse = HarmType.DOMESTIC_ABUSE in ctx.suspected_harm
    if ctx.adult_at_risk is not YesNo.YES and not domestic_abuse and not facts.adult_high_risk:
        return
    draft.note("reading", "adult-at-risk")
    if ctx.adult_risk_assessment is AdultRiskAssessment.NOT_DONE:
        draft.note("advice", "adult-risk-assessment")
        draft.need(
            "context.adult_risk_assessment",
            "The outcome of a risk assessment for the adult at risk (e.g. Dash)",
        )
    if facts.adult_high_risk:
        if ctx.marac not in (MaracStep.REFERRED_WITH_CONSENT, MaracStep.REFERRED_WITHOUT_CONSENT):
            draft.act(Action.REFER_MARAC)
        draft.note("advice", "marac-high")
        if ctx.marac is MaracStep.NOT_CONSIDERED:
            draft.need("context.marac", "The MARAC referral for the adult at high risk")
        elif ctx.marac is not MaracStep.REFERRED_WITH_CONSENT and not ctx.marac_note.strip():
            draft.need(
                "context.marac_note", "Why the MARAC referral was made without consent, or not made"
            )


def _family(record: Consultation, facts: Facts, lean: Lean, tell: str, draft: Draft) -> None:
    ctx = record.context
    if facts.alleged:
        draft.act(Action.DO_NOT_TELL_ALLEGED_ABUSER)
        draft.note("caution", "do-not-tell-alleged")
    if tell == TELL_SOME:
        draft.act(Action.TELL_ONLY_THOSE_MARKED)
        draft.note("caution", "tell-per-person")
    elif tell == TELL_DO_NOT:
        draft.act(Action.DO_NOT_TELL_FAMILY)
        if ctx.investigation_prejudiced:
            draft.note("reading", "family-not-told-investigation")
        else:
            draft.note("reading", "family-not-told-risk")
    elif tell == TELL and lean in (Lean.SHARE, Lean.BALANCED):
        draft.act(Action.TELL_FAMILY)
        draft.note("advice", "tell-family")
    elif tell == TELL_NOT_YET_KNOWN and lean is Lean.SHARE:
        draft.note("caution", "decide-telling")


def _request(record: Consultation, facts: Facts, draft: Draft) -> None:
    ctx = record.context
    note_id = REQUEST_NOTES.get(ctx.request_origin)
    if note_id is None:
        return
    if not ctx.requester_verified:
        draft.act(Action.VERIFY_REQUESTER)
    draft.act(Action.SHARE_MINIMUM_RELEVANT)
    draft.note("advice", note_id)
    if ctx.request_origin in (RequestOrigin.POLICE, RequestOrigin.FAMILY, RequestOrigin.OTHER):
        draft.note("caution", "request-no-consent")
    if ctx.request_gateway is RequestGateway.CRIME_EXEMPTION:
        draft.note("caution", "request-crime-exemption")
    if ctx.child_role is ChildRole.SUSPECT:
        draft.note("caution", "request-child-suspect")


def _advice(record: Consultation, facts: Facts, lean: Lean, basis: Basis, draft: Draft) -> None:
    taken = len(record.advice)
    p = record.proportionality
    ladder = lean is Lean.UNCLEAR or p.risk is Level.NOT_KNOWN
    if ladder:
        if taken == 0:
            draft.act(Action.SEEK_ADVICE_ONE_PROFESSIONAL, Action.ANONYMISED_DISCUSSION)
            draft.note("advice", "ladder-first")
        elif taken == 1:
            draft.act(Action.SEEK_ADVICE_FURTHER_PROFESSIONAL, Action.ANONYMISED_DISCUSSION)
            draft.note("advice", "ladder-further")
        else:
            draft.act(Action.ANONYMISED_DISCUSSION)
            draft.note("advice", "ladder-done")
        if p.imminent is YesNo.YES and basis is not Basis.URGENT_ADVICE:
            draft.act(Action.GET_ADVICE_TODAY)
            draft.note("caution", "advice-today")
    elif lean is Lean.BALANCED and basis is not Basis.ASK_AGREEMENT and taken == 0:
        draft.act(Action.SEEK_ADVICE_ONE_PROFESSIONAL)
        draft.note("advice", "balanced-advice")


def tipping_off_risk(record: Consultation, facts: Facts) -> bool:
    """Asking the family for agreement could warn the people involved."""
    ctx = record.context
    return (
        bool(facts.alleged)
        or bool(facts.passes_on)
        or facts.forced_marriage
        or ctx.telling_increases_risk is YesNo.YES
        or ctx.investigation_prejudiced
        or ctx.request_origin in (RequestOrigin.POLICE, RequestOrigin.FAMILY, RequestOrigin.OTHER)
    )


def _record_fields(
    record: Consultation,
    facts: Facts,
    lean: Lean,
    basis: Basis,
    tell: str,
    per_person: list[tuple[str, str]],
    draft: Draft,
) -> None:
    """The record fields the reasoning still needs, beyond the five questions."""
    ctx = record.context
    if facts.child is None and not record.anonymised:
        draft.need("people", "The child the concern is about")
    if facts.child_index is not None and facts.child is not None:
        prefix = f"people[{facts.child_index}]"
        if ctx.fgm_known and facts.child_age is None:
            draft.need(f"{prefix}.age", "The girl's age (the FGM reporting duty applies under 18)")
        if (
            facts.child_age is not None
            and 12 <= facts.child_age < 18
            and facts.child.capacity is Capacity.NOT_ASSESSED
        ):
            draft.need(f"{prefix}.capacity", "Whether the young person can decide for themselves")
        if facts.capacity_mismatch:
            draft.need(f"{prefix}.capacity", "A capacity that fits the young person's age")
    if facts.adult_only and facts.child_risk_pointers:
        draft.need(
            "context.information_concerns",
            "Whether the information bears on a child (it is marked adult only, yet the "
            "answers point to risk)",
        )
    ask = basis is Basis.ASK_AGREEMENT and tell not in (TELL_DO_NOT, TELL_DO_NOT_CONTACT)
    if ask and not tipping_off_risk(record, facts):
        draft.act(Action.SEEK_CONSENT)
        for i in facts.deciders:
            person = record.people[i]
            if person.consent.state in (ConsentState.NOT_SOUGHT, ConsentState.SOUGHT):
                whose = person.relation.strip() or _KIND_WORDS[person.kind]
                draft.need(f"people[{i}].consent", f"Agreement of the {whose}")
        if not facts.deciders:
            draft.need("people", "Who is asked for agreement (a parent, or the young person)")
    if tell == TELL_NOT_YET_KNOWN and lean in (Lean.SHARE, Lean.BALANCED):
        draft.need(
            "context.telling_increases_risk", "Whether telling the family could increase the risk"
        )
    if facts.alleged and lean in (Lean.SHARE, Lean.BALANCED):
        for i, (advice, _why) in enumerate(per_person):
            if advice == PERSON_NOT_YET:
                label = person_label(record.people[i])
                draft.need(f"people[{i}].may_be_told", f"Whether to tell {label}")
    if facts.request:
        if not ctx.stated_purpose.strip():
            draft.need("context.stated_purpose", "The purpose the requester gave")
        if not ctx.requester_verified:
            draft.need("context.requester_verified", "Whether the requester has been verified")
        elif not ctx.verification_method.strip():
            draft.need("context.verification_method", "How the requester was verified")
        if ctx.request_gateway is RequestGateway.NOT_RECORDED:
            draft.need("context.request_gateway", "What the request rests on")
        if (
            ctx.request_origin is RequestOrigin.POLICE
            and ctx.child_role is ChildRole.NOT_APPLICABLE
        ):
            draft.need("context.child_role", "Whether the child is a victim, witness or suspect")


def _capacity_and_free_text(record: Consultation, facts: Facts, draft: Draft) -> None:
    if facts.capacity_mismatch and facts.child is not None:
        draft.note(
            "caution",
            "capacity-age-mismatch",
            age=str(facts.child_age),
            capacity=_CAPACITY_WORDS.get(facts.child.capacity, facts.child.capacity.value),
        )
    found = WHOLE_FILE.search(record.information_to_share)
    if found:
        draft.note("caution", "whole-file", phrase=found.group(0))


def _whom(record: Consultation, facts: Facts, lean: Lean, basis: Basis, draft: Draft) -> None:
    p = record.proportionality
    if facts.fgm_duty:
        draft.whom("police_fgm", "childrens_social_care")
    if facts.forced_marriage:
        draft.whom("childrens_social_care", "police", "forced_marriage_unit")
    urgent_with_consent = basis is Basis.CONSENT or basis is Basis.CONSENT_RISK_UNKNOWN
    if facts.imminent_cannot_wait and urgent_with_consent:
        draft.whom("childrens_social_care")
    if basis is Basis.SIGNIFICANT_HARM or basis is Basis.MODERATE_URGENT:
        if p.imminent is YesNo.YES:
            draft.whom("police_emergency")
        draft.whom("childrens_social_care")
    if facts.fgm_suspected and lean is not Lean.DO_NOT_SHARE:
        draft.whom("childrens_social_care")
    if Action.GET_ADVICE_TODAY in draft.actions:
        draft.whom("advice_today")
    if facts.adult_high_risk:
        draft.whom("marac")
    if basis in (Basis.CONSENT, Basis.CONSENT_RISK_UNKNOWN):
        draft.whom("agreed_recipient")
    if facts.request and lean is not Lean.DO_NOT_SHARE:
        draft.whom("requester")


def _conflict(
    record: Consultation, facts: Facts, lean: Lean, basis: Basis, tell: str, draft: Draft
) -> None:
    """Conflicts between the recorded decision and the weighing, each with its own id."""
    outcome = record.decision.outcome
    p = record.proportionality
    if outcome in _SHARING_DECISIONS and lean is Lean.DO_NOT_SHARE:
        if basis is Basis.ADULT_ONLY:
            draft.conflict("share-adult-only", "conflict-share-adult-only")
        elif basis is Basis.COMPETENT_REFUSAL:
            draft.conflict("share-competent-refusal", "conflict-share-competent-refusal")
        else:
            level = "low" if p.risk is Level.LOW else "moderate"
            draft.conflict("share-against-wishes", "conflict-share-against-wishes", level=level)
    not_sharing = outcome in _NOT_SHARING_DECISIONS
    if not_sharing and lean is Lean.SHARE and basis in STRONG_SHARE:
        chosen = "not to share" if outcome is DecisionOutcome.DO_NOT_SHARE else "to wait"
        if basis is Basis.DUTY_FGM:
            draft.conflict("withhold-fgm", "conflict-withhold-fgm", chosen=chosen)
        elif basis is Basis.FORCED_MARRIAGE:
            draft.conflict(
                "withhold-forced-marriage", "conflict-withhold-forced-marriage", chosen=chosen
            )
        elif basis is Basis.SIGNIFICANT_HARM:
            note = (
                "conflict-withhold-high-imminent"
                if p.imminent is YesNo.YES
                else "conflict-withhold-high"
            )
            draft.conflict("withhold-significant-harm", note, chosen=chosen)
        else:
            draft.conflict("withhold-urgent", "conflict-withhold-urgent", chosen=chosen)
    elif not_sharing and facts.imminent_cannot_wait and outcome is DecisionOutcome.DO_NOT_SHARE:
        draft.conflict("withhold-urgent", "conflict-withhold-urgent", chosen="not to share")
    told = record.transparency.family_told
    if told in (FamilyTold.TOLD, FamilyTold.WILL_TELL):
        when = "were told" if told is FamilyTold.TOLD else "will be told"
        if tell == TELL_DO_NOT_CONTACT:
            draft.conflict("told-forced-marriage", "conflict-told-forced-marriage", when=when)
        elif tell == TELL_DO_NOT:
            draft.conflict("told-unsafe", "conflict-told-unsafe", when=when)
        elif facts.alleged and tell == TELL_NOT_YET_KNOWN:
            draft.conflict("told-alleged", "conflict-told-alleged", when=when)
