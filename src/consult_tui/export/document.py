"""A whole record in reading order, as sections of labelled fields, items and paragraphs.

The record view, `consult-tui show`, and the Markdown, PDF and JSON exports all read the same
document, so they never disagree about what a record said. Everything here is plain data and
plain text; each renderer decides how to escape it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from consult_tui.domain.advice_model import CONFLICT_TITLES, SHARE_WITH_LABELS
from consult_tui.domain.assessment import Assessment, assess
from consult_tui.domain.guidance import GuidancePack
from consult_tui.domain.record import (
    AdviceEntry,
    Article6,
    Consultation,
    DecisionOutcome,
    FamilyTold,
    InformationConcerns,
    RequestOrigin,
    SecureMeans,
    YesNo,
)
from consult_tui.domain.summary import label_of

from .text import clean


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value: "Decision: share"."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a list (a person, a fact, an addendum), with its details under it."""

    text: str
    details: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


Block = Field | Item | Paragraph


@dataclass(slots=True)
class Section:
    key: str  # a stable name, e.g. "decision", used to jump to the section
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, label: str, value: object) -> None:
        text = _text(value)
        if text:
            self.blocks.append(Field(label, text))


@dataclass(frozen=True, slots=True)
class AssessmentComparison:
    """The assessment as it stood when finalised beside what the current guidance says now."""

    at_finalise: Assessment | None
    now: Assessment
    pack_then: str
    pack_now: str
    unreadable: bool = False  # a stored assessment this version cannot read

    @property
    def pack_changed(self) -> bool:
        return self.at_finalise is not None and self.pack_then != self.pack_now

    @property
    def reads_differently(self) -> bool:
        if self.at_finalise is None:
            return False
        then, now = self.at_finalise.to_dict(), self.now.to_dict()
        then.pop("pack", None)
        now.pop("pack", None)
        return then != now


@dataclass(slots=True)
class CaseDocument:
    title: str
    record_id: str
    sections: list[Section]
    comparison: AssessmentComparison
    # Imported with --unverified: its seal proved nothing (store/seal.py), said on every view.
    unverified: bool = False

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return label_of(value)
    return clean(str(value)).strip()


def compare_assessments(record: Consultation, pack: GuidancePack) -> AssessmentComparison:
    now = assess(record, pack)
    stored = record.assessment_at_finalise
    if stored is None:
        return AssessmentComparison(None, now, "", pack.label)
    try:
        then = Assessment.from_dict(stored)
    except ValueError:
        return AssessmentComparison(None, now, str(stored.get("pack", "")), pack.label, True)
    return AssessmentComparison(then, now, then.pack, pack.label)


def build_document(
    record: Consultation,
    pack: GuidancePack,
    *,
    trail: Sequence[Any] = (),
) -> CaseDocument:
    """The whole record in reading order, its assessment(s), addenda and audit trail."""
    comparison = compare_assessments(record, pack)
    unverified, seal = _seal_in_trail(trail)
    sections = [
        _about(record, unverified, seal),
        _people(record),
        _concern(record),
        _facts(record),
        _proportionality(record, pack),
        _openness_and_basis(record),
        _advice(record),
        _checks(record, pack),
        _decision(record),
        _sharing(record),
        *_assessment_sections(record, comparison),
        _addenda(record),
        _audit(trail),
    ]
    reference = clean(record.case_reference, multiline=False).strip() or "no case reference"
    status = "finalised" if record.is_final else "draft"
    if unverified:
        status += ", imported, not verified"
    return CaseDocument(
        title=f"Information-sharing decision: {reference} ({status})",
        record_id=record.id,
        sections=[section for section in sections if section.blocks],
        comparison=comparison,
        unverified=unverified,
    )


def _seal_in_trail(trail: Sequence[Any]) -> tuple[bool, str]:
    """Whether the trail says the record was imported unverified, and its seal's hash."""
    unverified, seal = False, ""
    for entry in trail:
        words = str(getattr(entry, "detail", "")).split()
        unverified = unverified or (
            getattr(entry, "action", "") == "import" and "verified=no" in words
        )
        seal = next((word[5:] for word in words if word.startswith("seal=")), seal)
    return unverified, seal


def _about(record: Consultation, unverified: bool = False, seal: str = "") -> Section:
    section = Section("record", "The record")
    section.add("Record id", record.id)
    status = "finalised" if record.is_final else "draft, not finalised"
    if unverified:
        status += " (imported, not verified: its seal does not prove where it came from)"
    section.add("Status", status)
    if record.is_final and seal:
        section.add("Seal", f"SHA-256 {seal}")
    section.add("Recorded", record.created_at)
    section.add("Last changed", record.updated_at)
    section.add("Finalised", record.finalised_at)
    section.add("Follows up", record.follow_up_of)
    p = record.practitioner
    section.add("Practitioner", ", ".join(_text(x) for x in (p.name, p.role, p.organisation) if x))
    section.add("Case reference", record.case_reference or "(none)")
    if record.anonymised:
        section.add("Discussion", "general (anonymised): the family was not named")
    return section


def _people(record: Consultation) -> Section:
    section = Section("people", "People")
    for person in record.people:
        details = [
            Field("Who", label_of(person.kind)),
            Field("Relation", _text(person.relation)),
            Field("Age", _age_words(person)),
            Field("Date of birth", _text(person.date_of_birth)),
            Field("Capacity", label_of(person.capacity)),
            Field("May be told", label_of(person.may_be_told)),
            Field("Alleged to have caused harm", "yes" if person.alleged_to_cause_harm else ""),
        ]
        consent = person.consent
        details.append(Field("Consent", label_of(consent.state)))
        if consent.informed.complete():
            details.append(Field("Informed", "understood all four points"))
        elif any(value for _, value in consent.informed):
            missing = ", ".join(name.replace("_", " ") for name in consent.informed.missing())
            details.append(Field("Informed", f"not fully: missing {missing}"))
        details += [
            Field("Why consent was not sought", _text(consent.not_sought_reason)),
            Field("What they agreed to", _text(consent.partial_scope)),
            Field("Their views", _text(consent.views)),
            Field("Consent answer recorded", _text(consent.recorded_at)),
        ]
        section.blocks.append(
            Item(_text(person.name) or "(no name)", tuple(d for d in details if d.value))
        )
    return section


def _concern(record: Consultation) -> Section:
    section = Section("concern", "The concern")
    c = record.context
    section.add("Where it came from", label_of(c.request_origin))
    if c.request_origin is not RequestOrigin.OWN_CONCERN:
        section.add("Requester verified", c.requester_verified)
        section.add("How verified", c.verification_method)
        section.add("Purpose given by the requester", c.stated_purpose)
    section.add("Suspected harm", ", ".join(label_of(h) for h in c.suspected_harm))
    if c.fgm_known:
        section.add("FGM", "known (disclosed or observed)")
    if c.telling_increases_risk is not YesNo.NOT_KNOWN:
        section.add("Telling the family would increase risk", label_of(c.telling_increases_risk))
    if c.investigation_prejudiced:
        section.add("Telling would prejudice an investigation", "yes")
    if c.information_concerns is not InformationConcerns.CHILD:
        section.add("Whose information", label_of(c.information_concerns))
    section.add("Purpose of sharing", record.purpose)
    section.add("Information proposed for sharing", record.information_to_share)
    return section


def _facts(record: Consultation) -> Section:
    return Section(
        "facts",
        "Facts and opinions",
        [
            Item(
                f"{label_of(fact.kind).capitalize()}: {_text(fact.text)}",
                (Field("Source", _text(fact.source) or "not recorded"),),
            )
            for fact in record.facts
        ],
    )


def _proportionality(record: Consultation, pack: GuidancePack) -> Section:
    section = Section("proportionality", "Proportionality")
    for name, value in record.proportionality:
        question, answer = name.replace("_", " "), label_of(value)
        try:
            asked = pack.question(name)
            question, answer = asked.title, asked.answers.get(value.value, answer)
        except KeyError:
            pass
        section.add(question, answer)
    return section


def _openness_and_basis(record: Consultation) -> Section:
    section = Section("openness", "Openness and lawful basis")
    t = record.transparency
    section.add("Family told", label_of(t.family_told))
    if t.family_told is FamilyTold.NOT_TOLD or t.not_told_reason:
        section.add("Why not told", t.not_told_reason or "(not recorded)")
    section.add("Recorded as told", t.told_at)
    basis = record.lawful_basis
    if basis.article6 is not Article6.NOT_RECORDED:
        section.add("UK GDPR Article 6", label_of(basis.article6))
    else:
        section.add("UK GDPR Article 6", "not recorded")
    section.add("Special-category data", label_of(basis.article9))
    section.add("Statutory duty", basis.statutory_duty)
    section.add("Notes", basis.notes)
    return section


def _advice(record: Consultation) -> Section:
    return Section("advice", "Advice sought", [_advice_item(entry) for entry in record.advice])


def _advice_item(entry: AdviceEntry) -> Item:
    """One rung of the advice ladder: who was asked, when, whether the family was named."""
    who = ", ".join(_text(x) for x in (entry.who, entry.role, entry.organisation) if x)
    details = (
        Field("When", _text(entry.at)),
        Field("Family named", "no (anonymised)" if entry.anonymised else "yes"),
        Field("Advice", _text(entry.advice)),
    )
    return Item(who or "(who was asked is not recorded)", details)


def _checks(record: Consultation, pack: GuidancePack) -> Section:
    section = Section("checks", "Checks made")
    for title, ticked, items in (
        ("Key point", record.key_points_checked, pack.key_points),
        ("Communication", record.communication_checked, pack.communication_tips),
    ):
        wording = {item.id: item.text for item in items}
        for item_id in ticked:
            section.blocks.append(Item(f"{title}: {_text(wording.get(item_id, item_id))}"))
    return section


def _decision(record: Consultation) -> Section:
    section = Section("decision", "Decision")
    d = record.decision
    section.add("Decision", label_of(d.outcome))
    section.add("Reason", d.reason or "(not recorded)")
    section.add("Review on", d.review_date or _unread(d.review_date_text, "a date"))
    section.add("Decided at", d.decided_at)
    # Each conflict with the weighing that the practitioner overrode, and why the decision stands:
    # a reader years later must see that the decision went against the weighing knowingly.
    for conflict_id in d.override_conflicts:
        title = CONFLICT_TITLES.get(conflict_id, conflict_id.replace("-", " "))
        reason = _text(d.override_reason) or "(not recorded)"
        section.blocks.append(
            Item(f"Overridden: {_text(title)}", (Field("Why the decision stands", reason),))
        )
    return section


def _sharing(record: Consultation) -> Section:
    section = Section("sharing", "Sharing")
    if record.decision.outcome not in (DecisionOutcome.SHARE, DecisionOutcome.SHARE_PART):
        return section
    s = record.sharing
    section.add("What was shared", s.what_was_shared or record.information_to_share)
    recipients = [r for r in (record.recipient(i) for i in s.recipient_ids) if r is not None]
    for r in recipients or record.recipients:
        who = ", ".join(_text(x) for x in (r.name, r.role, r.agency) if x)
        section.blocks.append(Item(f"To: {who or '(not recorded)'}"))
    section.add("When", s.shared_at or _unread(s.shared_at_text, "a date and time"))
    if s.secure_means is not SecureMeans.NOT_RECORDED or s.secure_means_detail:
        detail = f" ({_text(s.secure_means_detail)})" if s.secure_means_detail else ""
        section.add("Secure means", f"{label_of(s.secure_means)}{detail}")
    section.add("Understanding checked", s.understanding_checked)
    return section


def _assessment_blocks(section: Section, assessment: Assessment) -> None:
    section.add("Guidance pack", assessment.pack)
    section.add("The weighing", assessment.lean.label)
    for action in assessment.actions:
        section.blocks.append(Item(f"Suggested: {action.label}"))
    for suggestion in assessment.share_with:
        whom = SHARE_WITH_LABELS.get(suggestion, suggestion.replace("_", " "))
        section.blocks.append(Item(f"Share with: {_text(whom)}"))
    for telling in assessment.telling:
        section.blocks.append(
            Item(
                f"Telling {_text(telling.label)}: {telling.verdict}",
                (Field("Why", _text(telling.why)),),
            )
        )
    for duty in assessment.duties:
        section.blocks.append(Item(f"Duty: {_text(duty.text)}"))
    for note in assessment.notes:
        section.blocks.append(Item(_text(note.text)))
    if assessment.conflict is not None:
        section.add("Conflict noted", assessment.conflict.text)


def _assessment_sections(record: Consultation, comparison: AssessmentComparison) -> list[Section]:
    if not record.is_final:
        now = Section("assessment", "Assessment (draft: as the record stands now)")
        _assessment_blocks(now, comparison.now)
        return [now]
    then = Section("assessment", "Assessment when finalised")
    if comparison.at_finalise is not None:
        _assessment_blocks(then, comparison.at_finalise)
    else:
        reason = (
            "The stored assessment could not be read by this version of consult-tui."
            if comparison.unreadable
            else "No assessment was stored when this record was finalised."
        )
        then.blocks.append(Paragraph(reason))
    now = Section("assessment-now", "What the guidance would say now")
    if comparison.at_finalise is not None and not (
        comparison.pack_changed or comparison.reads_differently
    ):
        now.blocks.append(
            Paragraph(f"The current guidance ({comparison.pack_now}) gives the same assessment.")
        )
        return [then, now]
    if comparison.pack_changed:
        now.blocks.append(
            Paragraph(
                f"The guidance pack has changed since this record was finalised: it was "
                f"{comparison.pack_then or '(not recorded)'}, it is now {comparison.pack_now}."
            )
        )
    if comparison.reads_differently or comparison.at_finalise is None:
        _assessment_blocks(now, comparison.now)
    else:
        now.blocks.append(Paragraph("The assessment itself reads the same."))
    return [then, now]


def _addenda(record: Consultation) -> Section:
    section = Section("addenda", "Addenda")
    for note in record.addenda:
        details = (
            Field("By", _text(note.author) or "(not recorded)"),
            Field("Why", _text(note.reason)),
            Field("Note", _text(note.text)),
            Field("Review on (set by this addendum)", _text(note.review_date)),
            *(
                Field(f"Age of {_person_name(record, c.person_id)}", c.age().describe())
                for c in note.ages
            ),
        )
        section.blocks.append(
            Item(f"Addendum {_text(note.at)}", tuple(d for d in details if d.value))
        )
    return section


def _audit(trail: Sequence[Any]) -> Section:
    section = Section("audit", "Audit trail")
    for entry in trail:
        detail = f" ({entry.detail})" if entry.detail else ""
        section.blocks.append(
            Item(f"{_text(entry.at)} {entry.action} by {_text(entry.os_user)}{detail}")
        )
    return section


def _age_words(person: Any) -> str:
    """An infant's age as given (7 months (0 years)), not only its whole years."""
    age = person.age_given()
    return _unread(person.age_text, "an age") if age is None else age.describe()


def _unread(typed: str, kind: str) -> str:
    """Text typed into a date or age field that could not be read: shown, and said so."""
    return f"{typed.strip()} (as typed; not read as {kind})" if typed.strip() else ""


def _person_name(record: Consultation, person_id: str) -> str:
    for number, person in enumerate(record.people, start=1):
        if person.id == person_id:
            return _text(person.name) or f"person {number}"
    return "a person not in the record"
