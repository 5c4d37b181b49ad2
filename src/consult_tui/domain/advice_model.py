"""What an assessment is made of: the lean, actions, readings, notes, per-person telling and whom
to share with. Plain data, stored with a finalised record, so codes are added and never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

ASSESSMENT_SCHEMA = 2


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
    GET_ADVICE_TODAY = "get_advice_today"
    SEEK_ADVICE_ONE_PROFESSIONAL = "seek_advice_one_professional"
    SEEK_ADVICE_FURTHER_PROFESSIONAL = "seek_advice_further_professional"
    ANONYMISED_DISCUSSION = "anonymised_discussion"
    TELL_FAMILY = "tell_family"
    TELL_ONLY_THOSE_MARKED = "tell_only_those_marked"
    DO_NOT_TELL_FAMILY = "do_not_tell_family"
    DO_NOT_CONTACT_FAMILY = "do_not_contact_family"
    DO_NOT_TELL_ALLEGED_ABUSER = "do_not_tell_alleged_abuser"
    MANDATORY_REPORT_POLICE = "mandatory_report_police"
    REFER_MARAC = "refer_marac"
    VERIFY_REQUESTER = "verify_requester"
    SHARE_MINIMUM_RELEVANT = "share_minimum_relevant"
    RESOLVE_CONTRADICTION = "resolve_contradiction"
    RECORD_REASON = "record_reason"

    @property
    def label(self) -> str:
        """The action in a few plain words, for the panel."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.SHARE_NOW: "Share now (today)",
    Action.SHARE_WITH_CONSENT: "Share with the agreement given",
    Action.SEEK_CONSENT: "Explain, and ask for agreement",
    Action.DO_NOT_SHARE: "Do not share",
    Action.REVIEW_LATER: "Set a date to review",
    Action.GET_ADVICE_TODAY: "Get advice today (999 if a child is in immediate danger)",
    Action.SEEK_ADVICE_ONE_PROFESSIONAL: "Talk to one professional",
    Action.SEEK_ADVICE_FURTHER_PROFESSIONAL: "Talk to one further professional",
    Action.ANONYMISED_DISCUSSION: "Discuss without naming the family",
    Action.TELL_FAMILY: "Tell the family what, with whom and why",
    Action.TELL_ONLY_THOSE_MARKED: "Tell only the people marked ✓; record why not the others",
    Action.DO_NOT_TELL_FAMILY: "Do not tell the family; record why",
    Action.DO_NOT_CONTACT_FAMILY: "Do not approach the family or mediators",
    Action.DO_NOT_TELL_ALLEGED_ABUSER: "Do not tell the person alleged to have caused harm",
    Action.MANDATORY_REPORT_POLICE: "Report to the police yourself (FGM duty)",
    Action.REFER_MARAC: "Refer the adult at high risk to MARAC",
    Action.VERIFY_REQUESTER: "Verify who is asking, and on what authority",
    Action.SHARE_MINIMUM_RELEVANT: "Share only what is relevant to the purpose",
    Action.RESOLVE_CONTRADICTION: "Resolve the contradiction in the answers",
    Action.RECORD_REASON: "Record the reason",
}

# Whom to share with, suggested per situation. Ids are stored; labels are what the panel shows.
SHARE_WITH_LABELS: dict[str, str] = {
    "childrens_social_care": "Children's social care (the front door / MASH)",
    "police_emergency": "The police: 999 if a child is in immediate danger",
    "police_fgm": "The police on 101: your own FGM report",
    "police": "The police",
    "forced_marriage_unit": "The Forced Marriage Unit (for advice)",
    "marac": "MARAC, through your local referral route",
    "advice_today": "Your safeguarding lead, manager or children's social care (advice today)",
    "requester": "The requester, once verified: only what the stated purpose needs",
    "agreed_recipient": "The service the agreement was given for",
}

# The agency a suggestion becomes when it is carried into the recipients.
SHARE_WITH_AGENCIES: dict[str, tuple[str, str]] = {
    "childrens_social_care": ("Children's social care", "Front door / MASH"),
    "police_emergency": ("Police", "999 (immediate danger)"),
    "police_fgm": ("Police", "101 (FGM mandatory report)"),
    "police": ("Police", ""),
    "forced_marriage_unit": ("Forced Marriage Unit", "Advice"),
    "marac": ("MARAC", "Referral"),
}

# Each conflict the practitioner can override, one by one, in a few words.
CONFLICT_TITLES: dict[str, str] = {
    "share-adult-only": "sharing information marked as about an adult only",
    "share-competent-refusal": "sharing against a competent young person's refusal",
    "share-against-wishes": "sharing against the family's wishes at a lower risk",
    "withhold-fgm": "not reporting known FGM",
    "withhold-forced-marriage": "not referring suspected forced marriage",
    "withhold-significant-harm": "not sharing despite a risk of significant harm",
    "withhold-urgent": "not sharing although it is imminent or cannot wait",
    "told-forced-marriage": "telling the family despite suspected forced marriage",
    "told-unsafe": "telling the family although that is unsafe",
    "told-alleged": "telling the family while someone is alleged to have caused harm",
}

NOTE_KINDS = ("reading", "advice", "duty", "caution")

TELL = "tell"
TELL_DO_NOT = "do_not_tell"
TELL_DO_NOT_CONTACT = "do_not_contact"
TELL_SOME = "tell_some"  # some people are to be told, others not
TELL_NOT_YET_KNOWN = "not_yet_known"

# Per person.
PERSON_TELL = "tell"
PERSON_DO_NOT_TELL = "do_not_tell"
PERSON_NOT_YET = "not_yet"
# A person's telling advice in a few words, wherever a record is read (summary, exports, screen).
PERSON_TELLING_WORDS: dict[str, str] = {
    PERSON_TELL: "tell",
    PERSON_DO_NOT_TELL: "do not tell",
    PERSON_NOT_YET: "not decided yet",
}


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    citations: tuple[str, ...]  # ids of guidance points in the pack
    kind: str  # "reading" | "advice" | "duty" | "caution"
    id: str = ""  # the pack's note id the text was worded from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "citations": list(self.citations),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(
            str(data["text"]),
            tuple(data.get("citations", ())),
            str(data["kind"]),
            str(data.get("id", "")),
        )


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
class PersonTelling:
    """Whether one person is to be told about the sharing, and why: decided per person."""

    index: int  # position in record.people
    label: str  # name (relation), as recorded
    advice: str  # PERSON_TELL | PERSON_DO_NOT_TELL | PERSON_NOT_YET
    why: str

    @property
    def verdict(self) -> str:
        """Tell, do not tell, or not decided yet: an unknown stored code reads as undecided."""
        return PERSON_TELLING_WORDS.get(self.advice, PERSON_TELLING_WORDS[PERSON_NOT_YET])

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "label": self.label, "advice": self.advice, "why": self.why}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonTelling:
        return cls(int(data["index"]), str(data["label"]), str(data["advice"]), str(data["why"]))


@dataclass(frozen=True, slots=True)
class Assessment:
    readings: tuple[Reading, ...]
    lean: Lean
    actions: tuple[Action, ...]
    missing: tuple[Missing, ...]
    notes: tuple[Note, ...]  # explanations and advice; duties are kept apart in ``duties``
    conflict: Note | None
    tell_family: str  # TELL | TELL_SOME | TELL_DO_NOT | TELL_DO_NOT_CONTACT | TELL_NOT_YET_KNOWN
    duties: tuple[Note, ...]  # non-discretionary duties in law (the FGM report)
    pack: str = ""  # name and version of the guidance pack the notes were worded from
    telling: tuple[PersonTelling, ...] = ()
    share_with: tuple[str, ...] = ()  # SHARE_WITH_LABELS ids, most pressing first
    conflict_ids: tuple[str, ...] = ()  # each conflict, to be overridden one by one

    def citations(self) -> set[str]:
        """Every guidance point id this assessment rests on."""
        cited: set[str] = set()
        for reading in self.readings:
            cited.update(reading.citations)
        for note in (*self.notes, *self.duties, *((self.conflict,) if self.conflict else ())):
            cited.update(note.citations)
        return cited

    def note_ids(self) -> set[str]:
        return {
            n.id for n in (*self.notes, *self.duties, *((self.conflict,) if self.conflict else ()))
        }

    def texts(self) -> list[str]:
        """Every sentence the assessment would show, for reading it as a whole."""
        out = [a.label for a in self.actions]
        out += [n.text for n in (*self.notes, *self.duties)]
        if self.conflict is not None:
            out.append(self.conflict.text)
        out += [r.meaning for r in self.readings]
        out += [f"{t.label}: {t.why}" for t in self.telling]
        out += [SHARE_WITH_LABELS.get(s, s) for s in self.share_with]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": ASSESSMENT_SCHEMA,
            "pack": self.pack,
            "lean": self.lean.value,
            "actions": [a.value for a in self.actions],
            "tell_family": self.tell_family,
            "telling": [t.to_dict() for t in self.telling],
            "share_with": list(self.share_with),
            "readings": [r.to_dict() for r in self.readings],
            "missing": [{"field": m.field, "label": m.label} for m in self.missing],
            "notes": [n.to_dict() for n in self.notes],
            "duties": [n.to_dict() for n in self.duties],
            "conflict": self.conflict.to_dict() if self.conflict else None,
            "conflict_ids": list(self.conflict_ids),
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
                telling=tuple(PersonTelling.from_dict(t) for t in data.get("telling", ())),
                share_with=tuple(str(s) for s in data.get("share_with", ())),
                conflict_ids=tuple(str(c) for c in data.get("conflict_ids", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                "The stored assessment could not be read "
                f"({exc.__class__.__name__}); it may come from a newer version of the app."
            ) from None
