"""The proportionality reasoning: what the record's answers point to, with the guidance behind it.

``assess`` reads a consultation and returns an ``Assessment``: a reading of each of the five
proportionality questions, which way the answers lean, the actions the guidance suggests, what is
still missing, plain-English notes that each cite the guidance points they rest on, any duty that
is not a matter of judgement, and a conflict note when the recorded decision goes against the
weighing. The practitioner always decides; the assessment informs, and is stored with the
finalised record as it stood at that moment.

It is deterministic and reads only the record's structured answers, never its free text, so it
costs the same however long the facts are (it runs on every keystroke).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .finalise import Problem
from .guidance import GuidancePack, Question, default_pack
from .record import (
    Article6,
    Capacity,
    ConsentState,
    Consultation,
    DecisionOutcome,
    FamilyTold,
    HarmType,
    InformationConcerns,
    Level,
    Person,
    PersonKind,
    RequestOrigin,
    YesNo,
)

ASSESSMENT_SCHEMA = 1
# With a conflict, the reason must say why; a few words cannot.
MIN_CONFLICT_REASON_CHARS = 20


class Lean(StrEnum):
    SHARE = "share"
    BALANCED = "balanced"  # the answers pull both ways: the practitioner's judgement
    DO_NOT_SHARE = "do_not_share"
    UNCLEAR = "unclear"  # answers that matter are "not known yet"

    @property
    def label(self) -> str:
        return _LEAN_LABELS[self]


_LEAN_LABELS = {
    Lean.SHARE: "Leans towards sharing",
    Lean.BALANCED: "Finely balanced",
    Lean.DO_NOT_SHARE: "Leans towards not sharing",
    Lean.UNCLEAR: "Unclear: answers still needed",
}


class Action(StrEnum):
    """What the guidance suggests doing. Codes are stored with records: add, never rename."""

    SHARE_NOW = "share_now"
    SHARE_WITH_CONSENT = "share_with_consent"
    SEEK_CONSENT = "seek_consent"
    DO_NOT_SHARE = "do_not_share"
    REVIEW_LATER = "review_later"
    SEEK_ADVICE_ONE_PROFESSIONAL = "seek_advice_one_professional"
    SEEK_ADVICE_FURTHER_PROFESSIONAL = "seek_advice_further_professional"
    ANONYMISED_DISCUSSION = "anonymised_discussion"
    TELL_FAMILY = "tell_family"
    DO_NOT_TELL_FAMILY = "do_not_tell_family"
    DO_NOT_CONTACT_FAMILY = "do_not_contact_family"
    DO_NOT_TELL_ALLEGED_ABUSER = "do_not_tell_alleged_abuser"
    MANDATORY_REPORT_POLICE = "mandatory_report_police"
    VERIFY_REQUESTER = "verify_requester"
    SHARE_MINIMUM_RELEVANT = "share_minimum_relevant"
    RECORD_REASON = "record_reason"

    @property
    def label(self) -> str:
        """The action in a few plain words, for the panel."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.SHARE_NOW: "Share now, without waiting for agreement",
    Action.SHARE_WITH_CONSENT: "Share with the agreement given",
    Action.SEEK_CONSENT: "Explain, and ask for agreement",
    Action.DO_NOT_SHARE: "Do not share",
    Action.REVIEW_LATER: "Set a date to review",
    Action.SEEK_ADVICE_ONE_PROFESSIONAL: "Talk to one professional",
    Action.SEEK_ADVICE_FURTHER_PROFESSIONAL: "Talk to one further professional",
    Action.ANONYMISED_DISCUSSION: "Discuss without naming the family",
    Action.TELL_FAMILY: "Tell the family what, with whom and why",
    Action.DO_NOT_TELL_FAMILY: "Do not tell the family; record why",
    Action.DO_NOT_CONTACT_FAMILY: "Do not approach the family or mediators",
    Action.DO_NOT_TELL_ALLEGED_ABUSER: "Do not tell the person alleged to have caused harm",
    Action.MANDATORY_REPORT_POLICE: "Report to the police (FGM duty)",
    Action.VERIFY_REQUESTER: "Verify who is asking, and on what authority",
    Action.SHARE_MINIMUM_RELEVANT: "Share only what the purpose needs",
    Action.RECORD_REASON: "Record the reason",
}

NOTE_KINDS = ("reading", "advice", "duty", "caution")


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    citations: tuple[str, ...]  # ids of guidance points in the pack
    kind: str  # "reading" | "advice" | "duty" | "caution"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations), "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(str(data["text"]), tuple(data.get("citations", ())), str(data["kind"]))


@dataclass(frozen=True, slots=True)
class Reading:
    """What one proportionality answer means for this decision."""

    question: str  # the Proportionality field name, e.g. "safer_if_shared"
    label: str  # the question as the pack words it, e.g. "How at risk is the child?"
    answer: str  # the answer's value, e.g. "high"
    meaning: str
    citations: tuple[str, ...]
    answer_label: str = ""  # the answer as the pack words it, e.g. "Much safer"

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "label": self.label,
            "answer": self.answer,
            "answer_label": self.answer_label,
            "meaning": self.meaning,
            "citations": list(self.citations),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reading:
        return cls(
            question=str(data["question"]),
            label=str(data["label"]),
            answer=str(data["answer"]),
            meaning=str(data["meaning"]),
            citations=tuple(data.get("citations", ())),
            answer_label=str(data.get("answer_label", "")),
        )


@dataclass(frozen=True, slots=True)
class Missing:
    field: str  # dotted record path, e.g. "proportionality.risk" or "people[0].age"
    label: str


@dataclass(frozen=True, slots=True)
class Assessment:
    readings: tuple[Reading, ...]
    lean: Lean
    actions: tuple[Action, ...]
    missing: tuple[Missing, ...]
    notes: tuple[Note, ...]  # explanations and advice; duties are kept apart in ``duties``
    conflict: Note | None
    tell_family: str  # "tell" | "do_not_tell" | "do_not_contact" | "not_yet_known"
    duties: tuple[Note, ...]  # non-discretionary duties (FGM report, forced-marriage rule)
    pack: str = ""  # name and version of the guidance pack the notes were worded from

    def citations(self) -> set[str]:
        """Every guidance point id this assessment rests on."""
        cited: set[str] = set()
        for reading in self.readings:
            cited.update(reading.citations)
        for note in (*self.notes, *self.duties, *((self.conflict,) if self.conflict else ())):
            cited.update(note.citations)
        return cited

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": ASSESSMENT_SCHEMA,
            "pack": self.pack,
            "lean": self.lean.value,
            "actions": [a.value for a in self.actions],
            "tell_family": self.tell_family,
            "readings": [r.to_dict() for r in self.readings],
            "missing": [{"field": m.field, "label": m.label} for m in self.missing],
            "notes": [n.to_dict() for n in self.notes],
            "duties": [n.to_dict() for n in self.duties],
            "conflict": self.conflict.to_dict() if self.conflict else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        try:
            conflict = data.get("conflict")
            return cls(
                readings=tuple(Reading.from_dict(r) for r in data.get("readings", ())),
                lean=Lean(data["lean"]),
                actions=tuple(Action(a) for a in data.get("actions", ())),
                missing=tuple(
                    Missing(str(m["field"]), str(m["label"])) for m in data.get("missing", ())
                ),
                notes=tuple(Note.from_dict(n) for n in data.get("notes", ())),
                conflict=Note.from_dict(conflict) if conflict else None,
                tell_family=str(data.get("tell_family", TELL_NOT_YET_KNOWN)),
                duties=tuple(Note.from_dict(n) for n in data.get("duties", ())),
                pack=str(data.get("pack", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                "The stored assessment could not be read "
                f"({exc.__class__.__name__}); it may come from a newer version of the app."
            ) from None


TELL = "tell"
TELL_DO_NOT = "do_not_tell"
TELL_DO_NOT_CONTACT = "do_not_contact"
TELL_NOT_YET_KNOWN = "not_yet_known"

_COMPETENT = (Capacity.COMPETENT_16_17, Capacity.GILLICK_COMPETENT)
_REQUESTS = {
    RequestOrigin.POLICE: "the police",
    RequestOrigin.OTHER_AGENCY: "another agency",
    RequestOrigin.COURT: "a court",
}
_SHARING_DECISIONS = (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART)
_NOT_SHARING_DECISIONS = (DecisionOutcome.DO_NOT_SHARE, DecisionOutcome.NOT_YET)


# ---------------------------------------------------------------------------------------------
# The weighing
# ---------------------------------------------------------------------------------------------


class _Basis(StrEnum):
    """Why the lean came out as it did; decides the explaining note and any conflict."""

    ADULT_ONLY = "adult_only"
    DUTY_FGM = "duty_fgm"
    DUTY_FORCED_MARRIAGE = "duty_forced_marriage"
    SIGNIFICANT_HARM = "significant_harm"
    CONSENT = "consent"
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
_STRONG_SHARE = (
    _Basis.DUTY_FGM,
    _Basis.DUTY_FORCED_MARRIAGE,
    _Basis.SIGNIFICANT_HARM,
    _Basis.MODERATE_URGENT,
)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the reasoning reads from the record, worked out once."""

    child_index: int | None
    child: Person | None
    child_age: int | None
    competent: bool
    deciders: tuple[int, ...]  # indexes of the people whose agreement counts
    consent: ConsentState  # combined: GIVEN, PARTIAL, REFUSED, SOUGHT or NOT_SOUGHT
    consent_uninformed: bool
    forced_marriage: bool
    fgm_duty: bool
    fgm_suspected: bool
    adult_only: bool
    alleged: tuple[int, ...]
    alleged_parent: bool


def _facts(record: Consultation) -> _Facts:
    people = record.people
    child_index = next((i for i, p in enumerate(people) if p.kind is PersonKind.CHILD), None)
    child = people[child_index] if child_index is not None else None
    child_age = child.age_on(record.created_at.date()) if child else None
    competent = child is not None and child.capacity in _COMPETENT
    ctx = record.context
    forced_marriage = HarmType.FORCED_MARRIAGE in ctx.suspected_harm
    adult_only = ctx.information_concerns is InformationConcerns.ADULT_ONLY

    if competent and child_index is not None:
        deciders: list[int] = [child_index]
    elif forced_marriage:
        deciders = []  # the family must not be approached, so their agreement is not in play
    elif adult_only:
        deciders = [i for i, p in enumerate(people) if p.kind is not PersonKind.CHILD]
    else:
        parents = [i for i, p in enumerate(people) if p.kind is PersonKind.PARENT_CARER]
        not_alleged = [i for i in parents if not people[i].alleged_to_cause_harm]
        deciders = not_alleged or parents
        if not deciders:
            deciders = [
                i for i, p in enumerate(people) if p.consent.state is not ConsentState.NOT_SOUGHT
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
    alleged = tuple(
        i
        for i, p in enumerate(people)
        if p.alleged_to_cause_harm and p.kind is not PersonKind.CHILD
    )
    return _Facts(
        child_index=child_index,
        child=child,
        child_age=child_age,
        competent=competent,
        deciders=tuple(deciders),
        consent=consent,
        consent_uninformed=uninformed,
        forced_marriage=forced_marriage,
        fgm_duty=ctx.fgm_known and under_18,
        fgm_suspected=HarmType.FGM in ctx.suspected_harm and not ctx.fgm_known,
        adult_only=adult_only,
        alleged=alleged,
        alleged_parent=any(people[i].kind is PersonKind.PARENT_CARER for i in alleged),
    )


def _weigh(record: Consultation, facts: _Facts) -> tuple[Lean, _Basis]:
    """The lean, and the rule of the guidance it came from. Order matters: duties first."""
    p = record.proportionality
    if facts.adult_only:
        return Lean.DO_NOT_SHARE, _Basis.ADULT_ONLY
    if facts.fgm_duty:
        return Lean.SHARE, _Basis.DUTY_FGM
    if facts.forced_marriage:
        return Lean.SHARE, _Basis.DUTY_FORCED_MARRIAGE
    if p.risk is Level.HIGH:
        return Lean.SHARE, _Basis.SIGNIFICANT_HARM
    if facts.consent in (ConsentState.GIVEN, ConsentState.PARTIAL):
        return Lean.SHARE, _Basis.CONSENT
    if p.risk is Level.NOT_KNOWN:
        return Lean.UNCLEAR, _Basis.RISK_UNKNOWN
    refused = facts.consent is ConsentState.REFUSED
    if facts.competent and refused:
        return Lean.DO_NOT_SHARE, _Basis.COMPETENT_REFUSAL
    if p.risk is Level.LOW:
        if refused:
            return Lean.DO_NOT_SHARE, _Basis.LOW_REFUSED
        return Lean.BALANCED, _Basis.ASK_AGREEMENT
    # Moderate risk: the other four answers decide.
    if p.imminent is YesNo.YES or p.can_wait is YesNo.NO:
        if p.safer_if_shared is Level.NOT_KNOWN:
            return Lean.UNCLEAR, _Basis.MODERATE_UNKNOWNS
        if p.safer_if_shared is Level.LOW:
            return Lean.BALANCED, _Basis.MODERATE_LITTLE_GAIN
        return Lean.SHARE, _Basis.MODERATE_URGENT
    if p.imminent is YesNo.NOT_KNOWN or p.can_wait is YesNo.NOT_KNOWN:
        return Lean.UNCLEAR, _Basis.MODERATE_UNKNOWNS
    if not refused:
        return Lean.BALANCED, _Basis.ASK_AGREEMENT
    if p.safer_if_shared is Level.LOW or p.relationship_damage is Level.HIGH:
        return Lean.DO_NOT_SHARE, _Basis.MODERATE_REFUSED_WAIT
    if Level.NOT_KNOWN in (p.safer_if_shared, p.relationship_damage):
        return Lean.UNCLEAR, _Basis.MODERATE_UNKNOWNS
    return Lean.BALANCED, _Basis.MODERATE_REFUSED


def _tell_family(record: Consultation, facts: _Facts) -> str:
    ctx = record.context
    if facts.forced_marriage:
        return TELL_DO_NOT_CONTACT
    if ctx.telling_increases_risk is YesNo.YES or ctx.investigation_prejudiced:
        return TELL_DO_NOT
    if facts.alleged_parent and ctx.telling_increases_risk is not YesNo.NO:
        return TELL_DO_NOT
    if ctx.telling_increases_risk is YesNo.NO:
        return TELL
    return TELL_NOT_YET_KNOWN


# ---------------------------------------------------------------------------------------------
# Putting the assessment together
# ---------------------------------------------------------------------------------------------


class _Draft:
    def __init__(self) -> None:
        self.actions: list[Action] = []
        self.notes: list[Note] = []
        self.duties: list[Note] = []
        self.missing: list[Missing] = []

    def act(self, *actions: Action) -> None:
        for action in actions:
            if action not in self.actions:
                self.actions.append(action)

    def note(self, kind: str, text: str, *cites: str) -> None:
        self.notes.append(Note(text, cites, kind))

    def duty(self, text: str, *cites: str) -> None:
        self.duties.append(Note(text, cites, "duty"))

    def need(self, field: str, label: str) -> None:
        if all(m.field != field for m in self.missing):
            self.missing.append(Missing(field, label))


def assess(record: Consultation, pack: GuidancePack | None = None) -> Assessment:
    """Weigh the record's answers against the guidance. Deterministic; reads no free text."""
    pack = pack or default_pack()
    p = record.proportionality
    facts = _facts(record)
    lean, basis = _weigh(record, facts)
    tell = _tell_family(record, facts)
    draft = _Draft()

    readings = tuple(_reading(q, getattr(p, q.id).value) for q in pack.questions)
    for question in pack.questions:
        if getattr(p, question.id).value == YesNo.NOT_KNOWN.value:
            draft.need(f"proportionality.{question.id}", question.title)

    _duties(record, facts, draft)
    _lean_notes(record, facts, lean, basis, draft)
    _family(record, facts, lean, tell, draft)
    _request(record, draft)
    _advice(record, lean, basis, draft)
    _record_fields(record, facts, lean, basis, tell, draft)
    draft.act(Action.RECORD_REASON)

    return Assessment(
        readings=readings,
        lean=lean,
        actions=tuple(draft.actions),
        missing=tuple(draft.missing),
        notes=tuple(draft.notes),
        conflict=_conflict(record, facts, lean, basis, tell),
        tell_family=tell,
        duties=tuple(draft.duties),
        pack=pack.label,
    )


def _reading(question: Question, answer: str) -> Reading:
    return Reading(
        question=question.id,
        label=question.title,
        answer=answer,
        meaning=question.meanings.get(answer, ""),
        citations=question.cites or ("seed-proportionality",),
        answer_label=question.answers.get(answer, answer),
    )


def _duties(record: Consultation, facts: _Facts, draft: _Draft) -> None:
    if facts.fgm_duty:
        draft.act(Action.MANDATORY_REPORT_POLICE)
        draft.duty(
            "FGM is known (she told you, or you saw the signs) in a girl under 18. If you are a "
            "teacher or a regulated health or social care professional, you must report it to "
            "the police yourself (call 101), in most cases by the end of the next working day. "
            "Record the report under the statutory duty.",
            "fgm-mandatory-reporting",
        )
    elif record.context.fgm_known and facts.child is None:
        draft.note(
            "caution",
            "FGM is recorded as known, but no child is recorded. If the girl is under 18, the "
            "mandatory police report applies: add her to the record.",
            "fgm-mandatory-reporting",
        )
    if facts.fgm_suspected:
        draft.note(
            "caution",
            "FGM is suspected but not known (not disclosed, no signs seen), so the mandatory "
            "police report does not apply yet. Follow local safeguarding procedures and refer to "
            "children's social care.",
            "fgm-mandatory-reporting",
            "dfe-safety-and-wellbeing",
        )
    if facts.forced_marriage:
        draft.act(Action.DO_NOT_CONTACT_FAMILY)
        draft.duty(
            "Suspected forced marriage: do not approach the family, and do not use relatives, "
            "community leaders or mediators — it can put the young person in danger. Refer to "
            "children's social care and the police now; the Forced Marriage Unit can advise.",
            "forced-marriage-one-chance",
        )


def _lean_notes(
    record: Consultation, facts: _Facts, lean: Lean, basis: _Basis, draft: _Draft
) -> None:
    p = record.proportionality
    who = "the young person" if facts.competent else "the family"
    if basis is _Basis.ADULT_ONLY:
        draft.act(Action.DO_NOT_SHARE)
        draft.note(
            "reading",
            "The information is about an adult only and has no bearing on the child's safety or "
            "wellbeing, so it is not shared to safeguard the child. Share only what bears on the "
            "child.",
            "adult-only-information",
            "dfe-necessary-proportionate",
        )
    elif basis is _Basis.DUTY_FGM:
        draft.act(Action.SHARE_NOW)
        draft.note(
            "reading",
            "Because of the FGM reporting duty, telling the police is not a matter of weighing. "
            "The answers still shape what else you share and with whom.",
            "fgm-mandatory-reporting",
            "seed-proportionality",
        )
    elif basis is _Basis.DUTY_FORCED_MARRIAGE:
        draft.act(Action.SHARE_NOW)
        draft.note(
            "reading",
            "Suspected forced marriage is treated as a risk of significant harm: refer it now, "
            "without approaching the family. You may not get a second chance.",
            "forced-marriage-one-chance",
            "dfe-2024-protection-first",
        )
    elif basis is _Basis.SIGNIFICANT_HARM:
        draft.act(Action.SHARE_NOW)
        if p.imminent is YesNo.YES:
            draft.note(
                "reading",
                "The child is at high risk and the risk is imminent: share now. Consent is not "
                "needed when a child is at risk of significant harm, and waiting for it could "
                "leave the child unprotected. Record why you shared without it.",
                "dfe-2024-protection-first",
                "seed-family-wishes",
                "ico-emergency",
            )
        else:
            draft.note(
                "reading",
                "The child is at high risk (significant harm): share without waiting for "
                f"{who}'s agreement — their wishes do not outweigh the child's safety. Record why.",
                "seed-family-wishes",
                "dfe-2024-protection-first",
                "dfe-consent-and-basis",
            )
        if facts.competent and facts.consent is ConsentState.REFUSED:
            draft.note(
                "reading",
                "The young person is competent and refused. Their refusal would normally stand; "
                "it is overridden only because of the risk of significant harm. Tell them what "
                "you will share and why, unless that is unsafe.",
                "competent-young-person",
            )
        if p.relationship_damage in (Level.MODERATE, Level.HIGH):
            draft.note(
                "reading",
                "Harm to your relationship with the family does not outweigh a risk of "
                "significant harm; record it, and plan how to keep working with them.",
                "seed-proportionality",
                "seed-family-wishes",
            )
    elif basis is _Basis.CONSENT:
        draft.act(Action.SHARE_WITH_CONSENT)
        giver = "The young person agrees" if facts.competent else "The family agree"
        draft.note(
            "reading",
            f"{giver} to sharing and the risk is not of significant harm: share with that "
            "agreement, for the purpose it was given.",
            "seed-family-wishes",
            "dfe-consent-and-basis",
        )
        if facts.consent is ConsentState.PARTIAL:
            draft.note(
                "reading",
                "Agreement covers only part of the information, or only some of the people "
                "asked agreed: share that part; anything beyond it needs a reason of its own.",
                "seed-quality",
                "seed-family-wishes",
            )
    elif basis is _Basis.RISK_UNKNOWN:
        draft.note(
            "reading",
            "You cannot yet say how at risk the child is, so the answers cannot settle the "
            "decision. Do not share identifying details yet: talk it through first, without "
            "naming the family if you prefer.",
            "seed-advice-ladder",
            "seed-if-in-doubt",
            "dfe-2024-protect-identity",
        )
    elif basis is _Basis.COMPETENT_REFUSAL:
        draft.act(Action.DO_NOT_SHARE, Action.REVIEW_LATER)
        draft.note(
            "reading",
            "The young person can decide for themselves and has refused, and the risk is not "
            "recorded as significant harm: respect their decision. Record their views and look "
            "again if anything changes.",
            "competent-young-person",
            "seed-family-wishes",
        )
    elif basis is _Basis.LOW_REFUSED:
        draft.act(Action.DO_NOT_SHARE, Action.REVIEW_LATER)
        draft.note(
            "reading",
            "The risk is low and the family have refused: respect their wishes. Do not share, "
            "record the reason, and set a date to look at it again.",
            "seed-family-wishes",
            "seed-record-reason",
            "seed-proportionality",
        )
    elif basis is _Basis.ASK_AGREEMENT:
        level = "low" if p.risk is Level.LOW else "moderate, not imminent, and sharing can wait"
        draft.note(
            "reading",
            f"The risk is {level}, so {who}'s agreement decides. Explain what you would share, "
            "with whom and why, and ask.",
            "seed-family-wishes",
            "seed-openness",
            "seed-informed-consent",
        )
    elif basis is _Basis.MODERATE_URGENT:
        draft.act(Action.SHARE_NOW)
        draft.note(
            "reading",
            "The risk is moderate but imminent or cannot wait, and sharing would make the child "
            "safer: share now rather than wait for agreement, and record why.",
            "seed-proportionality",
            "dfe-consent-and-basis",
            "dfe-safety-and-wellbeing",
        )
    elif basis is _Basis.MODERATE_LITTLE_GAIN:
        draft.note(
            "reading",
            "The risk is moderate and pressing, but sharing would make the child only a little "
            "safer. The answers pull both ways: weigh what the recipient could actually do.",
            "seed-proportionality",
            "dfe-necessary-proportionate",
        )
    elif basis is _Basis.MODERATE_UNKNOWNS:
        draft.note(
            "reading",
            "With a moderate risk the decision turns on the answers still marked not known: how "
            "soon harm could happen, whether sharing can wait, how much safer it would make the "
            "child, and the effect on the relationship.",
            "seed-proportionality",
            "seed-advice-ladder",
        )
    elif basis is _Basis.MODERATE_REFUSED_WAIT:
        draft.act(Action.DO_NOT_SHARE, Action.REVIEW_LATER)
        draft.note(
            "reading",
            "The risk is moderate and not imminent, sharing can wait, and it would help little "
            "or badly damage the relationship. The family have refused: respect their wishes for "
            "now, record the reason and set a date to review.",
            "seed-family-wishes",
            "seed-proportionality",
            "seed-record-reason",
        )
    elif basis is _Basis.MODERATE_REFUSED:
        draft.act(Action.REVIEW_LATER)
        draft.note(
            "reading",
            "The risk is moderate and the family have refused, but sharing could wait. The "
            "answers pull both ways: respect their wishes unless not sharing would leave the "
            "child at risk of significant harm, and set a date to look again.",
            "seed-proportionality",
            "seed-family-wishes",
        )

    if lean is Lean.SHARE:
        draft.act(Action.SHARE_MINIMUM_RELEVANT)
        draft.note(
            "advice",
            "Share only what the purpose needs, with those who need it, by a secure route; keep "
            "fact apart from opinion and say where each fact came from.",
            "seed-quality",
            "dfe-necessary-proportionate",
        )
        if facts.consent_uninformed:
            draft.note(
                "caution",
                "Agreement counts only when it is informed: check all four consent points with "
                "them (what will happen, who will be told what, who they may tell, and why).",
                "seed-informed-consent",
            )
        article6 = record.lawful_basis.article6
        if article6 is Article6.CONSENT:
            draft.note(
                "caution",
                "Consent is recorded as the lawful basis. For safeguarding it usually is not: "
                "public task, legal obligation or vital interests usually are, even when the "
                "family agree.",
                "dfe-2024-consent-not-basis",
                "lawful-basis",
            )
        elif article6 is Article6.NOT_RECORDED:
            draft.note(
                "advice",
                "Record the lawful basis (UK GDPR Article 6, usually public task) and, for health "
                "or other special-category information, an Article 9 condition such as DPA 2018 "
                "Schedule 1 paragraph 18.",
                "lawful-basis",
            )


def _family(record: Consultation, facts: _Facts, lean: Lean, tell: str, draft: _Draft) -> None:
    ctx = record.context
    if facts.alleged:
        draft.act(Action.DO_NOT_TELL_ALLEGED_ABUSER)
        draft.note(
            "caution",
            "Do not tell anyone alleged to have caused harm about the sharing: it could put the "
            "child at greater risk or warn them of an investigation.",
            "telling-increases-risk",
            "dfe-2024-protect-identity",
        )
    not_to_be_told = [
        i
        for i, person in enumerate(record.people)
        if person.may_be_told is YesNo.NO and i not in facts.alleged
    ]
    if not_to_be_told and tell not in (TELL_DO_NOT, TELL_DO_NOT_CONTACT):
        draft.note(
            "caution",
            "Some people in the record are marked as not to be told about the sharing: tell the "
            "family only in a way that keeps it from them, and record why.",
            "telling-increases-risk",
            "seed-openness",
        )
    if tell == TELL_DO_NOT:
        draft.act(Action.DO_NOT_TELL_FAMILY)
        if ctx.investigation_prejudiced:
            why = "could prejudice a police or section 47 investigation"
        elif ctx.telling_increases_risk is YesNo.YES:
            why = "would increase the risk to the child or someone else"
        else:
            why = "could warn a parent alleged to have caused harm"
        draft.note(
            "reading",
            f"Telling the family {why}: share without telling them, and record why they were "
            "not told.",
            "telling-increases-risk",
            "seed-openness",
        )
    elif tell == TELL and lean in (Lean.SHARE, Lean.BALANCED):
        draft.act(Action.TELL_FAMILY)
        draft.note(
            "advice",
            "Tell the family openly what you will share, with whom and why. Being open is not "
            "the same as asking their permission.",
            "seed-openness",
            "dfe-open-and-honest",
            "dfe-2024-consent-not-basis",
        )
    elif tell == TELL_NOT_YET_KNOWN and lean is Lean.SHARE:
        draft.note(
            "caution",
            "Decide whether telling the family could put anyone at risk. If not, tell them what "
            "you will share and why; if it could, share without telling them and record why.",
            "seed-openness",
            "telling-increases-risk",
        )


def _request(record: Consultation, draft: _Draft) -> None:
    ctx = record.context
    requester = _REQUESTS.get(ctx.request_origin)
    if requester is None:
        return
    if not ctx.requester_verified:
        draft.act(Action.VERIFY_REQUESTER)
    draft.act(Action.SHARE_MINIMUM_RELEVANT)
    extra = (
        " A court order says what must be disclosed: share that, and no more."
        if ctx.request_origin is RequestOrigin.COURT
        else ""
    )
    draft.note(
        "advice",
        f"This is a request from {requester}. A request is not a reason to send everything: "
        "check who is asking and on what authority, ask what it is for, and share only what is "
        f"relevant to that purpose. Record the lawful basis.{extra}",
        "requests-from-police-and-others",
        "dfe-necessary-proportionate",
        "lawful-basis",
    )


def _advice(record: Consultation, lean: Lean, basis: _Basis, draft: _Draft) -> None:
    taken = len(record.advice)
    if lean is Lean.UNCLEAR:
        if taken == 0:
            draft.act(Action.SEEK_ADVICE_ONE_PROFESSIONAL, Action.ANONYMISED_DISCUSSION)
            draft.note(
                "advice",
                "Talk to one professional — your manager, your designated safeguarding lead or "
                "children's services. You need not name the family. Record who you spoke to and "
                "what they advised.",
                "seed-advice-ladder",
                "seed-if-in-doubt",
                "dfe-seek-advice",
            )
        elif taken == 1:
            draft.act(Action.SEEK_ADVICE_FURTHER_PROFESSIONAL, Action.ANONYMISED_DISCUSSION)
            draft.note(
                "advice",
                "You have taken advice once and it is still unclear: talk to one further "
                "professional, and record what they advise.",
                "seed-advice-ladder",
                "dfe-seek-advice",
            )
        else:
            draft.act(Action.ANONYMISED_DISCUSSION)
            draft.note(
                "advice",
                "You have consulted two professionals and it is still unclear. Decide on what you "
                "know, putting the child's safety first, and record your reasoning; a general "
                "discussion with children's services, without naming the family, is still open.",
                "seed-advice-ladder",
                "dfe-safety-and-wellbeing",
                "seed-record-reason",
            )
        if record.proportionality.imminent is YesNo.YES:
            draft.note(
                "caution",
                "You think harm could be imminent: get that advice today. If a child is in "
                "immediate danger, call the police on 999.",
                "ico-emergency",
                "dfe-safety-and-wellbeing",
            )
    elif lean is Lean.BALANCED:
        if basis is _Basis.ASK_AGREEMENT:
            return
        if taken == 0:
            draft.act(Action.SEEK_ADVICE_ONE_PROFESSIONAL)
            draft.note(
                "advice",
                "If you are unsure how to weigh this, talk it through with one professional; you "
                "need not name the family.",
                "seed-if-in-doubt",
                "dfe-seek-advice",
            )


def _record_fields(
    record: Consultation, facts: _Facts, lean: Lean, basis: _Basis, tell: str, draft: _Draft
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
    if basis is _Basis.ASK_AGREEMENT and tell not in (TELL_DO_NOT, TELL_DO_NOT_CONTACT):
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
    if ctx.request_origin in _REQUESTS:
        if not ctx.stated_purpose.strip():
            draft.need("context.stated_purpose", "The purpose the requester gave")
        if not ctx.requester_verified:
            draft.need("context.requester_verified", "Whether the requester has been verified")
        elif not ctx.verification_method.strip():
            draft.need("context.verification_method", "How the requester was verified")


_KIND_WORDS = {
    PersonKind.CHILD: "young person",
    PersonKind.SIBLING: "sibling",
    PersonKind.PARENT_CARER: "parent or carer",
    PersonKind.FAMILY_MEMBER: "family member",
    PersonKind.OTHER_ADULT: "adult",
}


def _conflict(
    record: Consultation, facts: _Facts, lean: Lean, basis: _Basis, tell: str
) -> Note | None:
    """A note when the recorded decision goes against the weighing; the reason must answer it."""
    outcome = record.decision.outcome
    parts: list[tuple[str, tuple[str, ...]]] = []
    risk = record.proportionality.risk

    if outcome in _SHARING_DECISIONS and lean is Lean.DO_NOT_SHARE:
        if basis is _Basis.ADULT_ONLY:
            parts.append(
                (
                    "You have chosen to share, but the information is recorded as about an adult "
                    "only, with no bearing on the child. Say in the reason how it bears on the "
                    "child's safety, or share only what does.",
                    ("adult-only-information",),
                )
            )
        elif basis is _Basis.COMPETENT_REFUSAL:
            parts.append(
                (
                    "You have chosen to share, but the young person can decide for themselves and "
                    "refused, and the risk is not recorded as significant harm. Say in the reason "
                    "why sharing is still justified, or look again at the risk answer.",
                    ("competent-young-person",),
                )
            )
        else:
            level = "low" if risk is Level.LOW else "moderate"
            parts.append(
                (
                    f"You have chosen to share against the family's wishes, but the risk is "
                    f"recorded as {level} and sharing could wait. Say in the reason why sharing "
                    "is needed now, or look again at the answers.",
                    ("seed-family-wishes", "seed-proportionality"),
                )
            )
    if outcome in _NOT_SHARING_DECISIONS and lean is Lean.SHARE and basis in _STRONG_SHARE:
        chosen = "not to share" if outcome is DecisionOutcome.DO_NOT_SHARE else "to wait"
        if basis is _Basis.DUTY_FGM:
            parts.append(
                (
                    f"You have chosen {chosen}, but known FGM in a girl under 18 must be reported "
                    "to the police. Say in the reason how the duty is met (for example, the "
                    "report and its reference) or why it does not apply to you.",
                    ("fgm-mandatory-reporting",),
                )
            )
        elif basis is _Basis.DUTY_FORCED_MARRIAGE:
            parts.append(
                (
                    f"You have chosen {chosen}, but suspected forced marriage calls for a referral "
                    "now: there may be only one chance. Say in the reason why not.",
                    ("forced-marriage-one-chance",),
                )
            )
        elif basis is _Basis.SIGNIFICANT_HARM:
            soon = (
                "an imminent risk of significant harm, where the guidance says share now without "
                "waiting for consent"
                if record.proportionality.imminent is YesNo.YES
                else "a risk of significant harm, where the family's wishes do not decide"
            )
            parts.append(
                (
                    f"You have chosen {chosen}, but the answers record {soon}. Say in the reason "
                    "why — for example, that children's services or the police already have "
                    "this information.",
                    ("dfe-2024-protection-first", "seed-family-wishes"),
                )
            )
        else:
            parts.append(
                (
                    f"You have chosen {chosen}, but the answers say the risk is imminent or "
                    "cannot wait, and sharing would make the child safer. Say in the reason why "
                    "waiting is safe.",
                    ("seed-proportionality", "dfe-safety-and-wellbeing"),
                )
            )
    told = record.transparency.family_told
    told_or_will = told in (FamilyTold.TOLD, FamilyTold.WILL_TELL)
    if told_or_will and tell in (TELL_DO_NOT, TELL_DO_NOT_CONTACT):
        when = "were told" if told is FamilyTold.TOLD else "will be told"
        if tell == TELL_DO_NOT_CONTACT:
            parts.append(
                (
                    f"The record says the family {when}, but with suspected forced marriage the "
                    "family must not be approached. Say in the reason why, and what keeps the "
                    "young person safe.",
                    ("forced-marriage-one-chance",),
                )
            )
        else:
            parts.append(
                (
                    f"The record says the family {when}, although telling them could increase "
                    "the risk or prejudice an investigation. Say in the reason why telling them "
                    "is safe.",
                    ("telling-increases-risk",),
                )
            )
    if not parts:
        return None
    text = " ".join(text for text, _ in parts)
    return Note(text, _unique(c for _, cites in parts for c in cites), "caution")


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# ---------------------------------------------------------------------------------------------
# Finalising
# ---------------------------------------------------------------------------------------------


def finalise_blockers(record: Consultation, assessment: Assessment) -> list[Problem]:
    """Problems that depend on the assessment, to add to ``finalise_problems``.

    Kept to three, each defensible on its own: a mandatory duty left unaddressed, a decision that
    goes against the weighing without a reason that says why, and a firm decision taken while the
    answers were unclear and nobody was asked.
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
    if (
        assessment.conflict is not None
        and len(record.decision.reason.strip()) < MIN_CONFLICT_REASON_CHARS
    ):
        problems.append(
            Problem(
                "decision.reason",
                "Your decision goes against what the answers point to: explain why in the "
                "reason, in a sentence or two.",
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
