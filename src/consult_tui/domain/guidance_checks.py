"""What a guidance pack must say, beyond its shape: the checks that read across its sections.

Once pydantic has passed the shape of a pack (``guidance_schema``), these plain functions check
that it hangs together: every citation names a point in the pack, the five questions and four
consent points are the record's, every answer has a label, every note the reasoning raises is
worded with only the places it fills. When some entries failed the shape checks, the rest are
still checked here, so a pack author sees every problem at once, and an entry left out for its
shape is not blamed a second time as missing.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .advice_rules import NOTE_PARAMS
from .guidance_places import PackPlaces, Placed, problem
from .guidance_schema import SECTIONS, PackFile, Term, entry_key
from .record import InformedConsent, Level, Proportionality, YesNo

# The five questions, in the order the guidance asks them.
QUESTION_IDS: tuple[str, ...] = tuple(Proportionality.model_fields)
CONSENT_POINT_IDS: tuple[str, ...] = tuple(InformedConsent.model_fields)


def _answer_values(question_id: str) -> tuple[str, ...]:
    annotation = Proportionality.model_fields[question_id].annotation
    enum = Level if annotation is Level else YesNo
    return tuple(member.value for member in enum)


ANSWER_VALUES: dict[str, tuple[str, ...]] = {q: _answer_values(q) for q in QUESTION_IDS}

# Guidance points the reasoning in assessment.py cites by id. A pack must define every one of them
# (in its own words) so that no note on the panel ever points at nothing.
REQUIRED_POINT_IDS: frozenset[str] = frozenset(
    {
        "seed-openness",
        "seed-family-wishes",
        "seed-if-in-doubt",
        "seed-quality",
        "seed-record-reason",
        "seed-proportionality",
        "seed-advice-ladder",
        "seed-informed-consent",
        "dfe-framework-not-barrier",
        "dfe-open-and-honest",
        "dfe-seek-advice",
        "dfe-consent-and-basis",
        "dfe-safety-and-wellbeing",
        "dfe-necessary-proportionate",
        "dfe-record",
        "dfe-2024-protection-first",
        "dfe-2024-consent-not-basis",
        "dfe-2024-protect-identity",
        "ico-ten-steps",
        "ico-emergency",
        "lawful-basis",
        "caldicott-duty-to-share",
        "fgm-mandatory-reporting",
        "forced-marriage-one-chance",
        "competent-young-person",
        "requests-from-police-and-others",
        "adult-only-information",
        "telling-increases-risk",
        "common-core-communication",
    }
)

_CITING_SECTIONS = ("key_points", "questions", "consent_points", "communication_tips", "notes")


@dataclass(frozen=True, slots=True)
class Readable:
    """The part of a pack that passed the shape checks, and what had to be left out of it."""

    pack: PackFile
    # The ids of entries left out for their shape: not to be reported missing as well.
    left_out: dict[str, set[str]] = field(default_factory=dict)
    # Sections that could not be read at all: nothing can be said about what they lack.
    unreadable: frozenset[str] = frozenset()

    def ids(self, section: str) -> set[str] | None:
        """Every id written in ``section``, or None when the section could not be read."""
        if section in self.unreadable:
            return None
        entries: Sequence[Any] = getattr(self.pack, section)
        key = entry_key(section)
        return {getattr(entry, key) for entry in entries} | self.left_out.get(section, set())

    def missing(self, section: str, required: Iterable[str]) -> list[str]:
        """The ``required`` ids that ``section`` does not write; none if it could not be read."""
        written = self.ids(section)
        return [] if written is None else [i for i in required if i not in written]


def readable_part(
    raw: dict[str, Any], errors: list[ErrorDetails], places: PackPlaces
) -> Readable | None:
    """The pack without the entries and sections that failed the shape checks.

    Tells ``places`` where each kept entry is in the file, so messages still count from the
    file. None when what is left still cannot be read (it always can, but a pack author should
    get the shape problems rather than a traceback if it ever cannot).
    """
    broken: dict[str, set[Any]] = {}
    for error in errors:
        section, *rest = error["loc"]
        broken.setdefault(str(section), set()).add(rest[0] if rest else None)
    kept = dict(raw)
    left_out: dict[str, set[str]] = {}
    unreadable = set()
    for section, parts in broken.items():
        value = raw.get(section)
        if section in SECTIONS and None not in parts:
            places.positions[section] = [i for i in range(len(value)) if i not in parts]
            kept[section] = [value[i] for i in places.positions[section]]
            named = (value[i].get(entry_key(section)) for i in parts if isinstance(value[i], dict))
            left_out[section] = {name.strip() for name in named if isinstance(name, str)}
        elif section == "jargon" and None not in parts:
            kept[section] = {k: v for k, v in value.items() if k not in parts}
        else:
            kept.pop(section, None)
            unreadable.add(section)
    if "pack" in broken:  # the header is read on its own; the content checks do not need it
        kept["pack"] = {"name": "-", "version": "-"}
    for section in SECTIONS:
        kept.setdefault(section, [])
    try:
        pack = PackFile.model_validate(kept)
    except ValidationError:
        return None
    return Readable(pack, left_out, frozenset(unreadable))


def content_problems(readable: Readable, places: PackPlaces) -> list[str]:
    """Every problem of content in the readable part of a pack, section by section."""
    return [
        *_ids_used_twice(readable.pack, places),
        *_required_points(readable, places),
        *_citations(readable, places),
        *_questions(readable, places),
        *_consent_points(readable, places),
        *_glossary_terms(readable.pack, places),
        *_jargon_phrases(readable.pack, places),
        *_notes(readable, places),
    ]


_TWICE = {
    "questions": 'the question "{}" is worded twice.',
    "notes": 'the note "{}" is worded twice.',
}


def _ids_used_twice(pack: PackFile, places: PackPlaces) -> Iterator[str]:
    for section in SECTIONS.keys() - {"glossary"}:
        seen: set[str] = set()
        for entry in places.each(section, getattr(pack, section)):
            if entry.item.id in seen:
                message = _TWICE.get(section, 'the id "{}" is used twice.')
                yield entry.problem(message.format(entry.item.id))
            seen.add(entry.item.id)


def _required_points(readable: Readable, places: PackPlaces) -> Iterator[str]:
    for point_id in readable.missing("points", sorted(REQUIRED_POINT_IDS)):
        yield problem(
            places.where,
            f'no guidance point "{point_id}"; the reasoning cites it, so the pack must '
            "summarise it in a [[points]] entry.",
        )


def _citations(readable: Readable, places: PackPlaces) -> Iterator[str]:
    points = readable.ids("points")
    if points is None:
        return
    for section in _CITING_SECTIONS:
        for entry in places.each(section, getattr(readable.pack, section)):
            for point_id in entry.item.cites:
                if point_id not in points:
                    message = f'cites "{point_id}", which is not a guidance point in this pack.'
                    yield entry.problem(message)


def _questions(readable: Readable, places: PackPlaces) -> Iterator[str]:
    """The five questions, each with a label and a meaning for every answer and no other."""
    for entry in places.each("questions", readable.pack.questions):
        question = entry.item
        if question.id not in QUESTION_IDS:
            message = (
                f'"{question.id}" is not one of the five questions ({", ".join(QUESTION_IDS)}).'
            )
            yield entry.problem(message)
            continue
        values = ANSWER_VALUES[question.id]
        for key, table in (("answers", question.answers), ("meanings", question.meanings)):
            for answer in values:
                if answer not in table:
                    message = f'{key} has no text for the answer "{answer}".'
                    yield entry.problem(message)
            for answer in table.keys() - set(values):
                message = f'{key} has an unknown answer "{answer}" (expected: {", ".join(values)}).'
                yield entry.problem(message)
    for question_id in readable.missing("questions", QUESTION_IDS):
        yield problem(
            places.where,
            f'no [[questions]] entry for "{question_id}"; the pack must word all five '
            "proportionality questions.",
        )


def _consent_points(readable: Readable, places: PackPlaces) -> Iterator[str]:
    """The pack words exactly the four informed-consent points the record asks about."""
    for point_id in readable.missing("consent_points", CONSENT_POINT_IDS):
        yield problem(
            places.where,
            f'no [[consent_points]] entry with id "{point_id}"; '
            "the pack must word all four informed-consent points.",
        )
    for entry in places.each("consent_points", readable.pack.consent_points):
        if entry.item.id not in CONSENT_POINT_IDS:
            message = "unknown id; use one of: " + ", ".join(CONSENT_POINT_IDS) + "."
            yield entry.problem(message)


def _glossary_terms(pack: PackFile, places: PackPlaces) -> Iterator[str]:
    """Each term once, however it is capitalised, since the scanner matches it either way."""
    first: dict[str, Placed[Term]] = {}
    for entry in places.each("glossary", pack.glossary):
        key = entry.item.term.casefold()
        if key in first:
            earlier = first[key]
            at = f" (line {earlier.line})" if earlier.line else ""
            message = f'"{entry.item.term}" is already defined at entry {earlier.number}{at}.'
            yield entry.problem(message)
        else:
            first[key] = entry


def _jargon_phrases(pack: PackFile, places: PackPlaces) -> Iterator[str]:
    """Each phrase once, however it is spaced or capitalised, and never blank."""
    seen: dict[str, str] = {}
    for phrase in pack.jargon:
        key = " ".join(phrase.casefold().split())
        if not re.search(r"\w", phrase):
            yield problem(*places.jargon(phrase, "the phrase is empty."))
        elif key in seen:
            yield problem(*places.jargon(phrase, f'the same phrase as "{seen[key]}".'))
        else:
            seen[key] = phrase


def _notes(readable: Readable, places: PackPlaces) -> Iterator[str]:
    """Every note the reasoning raises, worded with only the {places} that note fills."""
    for entry in places.each("notes", readable.pack.notes):
        note = entry.item
        if note.id not in NOTE_PARAMS:
            yield entry.problem(f'"{note.id}" is not a note the reasoning raises.')
            continue
        allowed = NOTE_PARAMS[note.id]
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(note.text) if name}
        except ValueError:
            yield entry.problem("a { or } is unmatched; write {{ or }} for a brace.")
            continue
        for name in sorted(used - allowed):
            known = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
            yield entry.problem(f'"{{{name}}}" is not a place this note fills ({known}).')
    for note_id in readable.missing("notes", sorted(NOTE_PARAMS)):
        yield problem(
            places.where,
            f'no [[notes]] entry with id "{note_id}"; the reasoning raises it, so the pack '
            "must word it.",
        )
