"""The shape of a guidance pack file, as pydantic models: what each table holds and of what type.

The models are also the pack's public parts (a ``GuidancePoint`` read from the file is the one the
panel cites), so a pack is described once. They check shape only: a key that is misspelt, text that
is not in quotes or is empty, a section that is not a list of tables. Whether the content hangs
together (citations that name a point, every answer labelled) is checked afterwards, in
``guidance_checks``, where it reads as plain code.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

# Text a pack author must write: in quotes, and not blank once the spaces around it are gone.
Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
PointIds = tuple[Annotated[str, Strict()], ...]

# Problems these models word themselves, in a pack author's words; other pydantic errors are
# worded by guidance_places.
WORDED_ERRORS = frozenset({"no_citation", "term_shape"})


class _PackTable(BaseModel):
    """A table of the pack file: unknown keys refused, values never coerced, never changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class GuidancePoint(_PackTable):
    """A point of guidance that notes cite: summarised in the pack's own words, with its source."""

    id: Text
    title: Text
    summary: Text
    source: Text


def _cites_something(cites: PointIds) -> PointIds:
    if not cites:
        raise PydanticCustomError("no_citation", "a note must cite at least one guidance point.")
    return cites


class NoteWording(_PackTable):
    """How the pack words one note the reasoning raises: its text and the points it rests on."""

    id: Text
    text: Text  # may hold {parameter} places the rules fill in
    cites: Annotated[PointIds, AfterValidator(_cites_something)]


class ChecklistItem(_PackTable):
    """A key point, consent point or communication tip: a line to tick, with help behind F1."""

    id: Text
    text: Text
    help: Text = ""
    cites: PointIds = ()


class Question(_PackTable):
    """One proportionality question: its id is the Proportionality field it answers."""

    id: Text
    title: Text
    help: Text
    answers: dict[str, Text]  # answer value -> label shown to the practitioner
    meanings: dict[str, Text]  # answer value -> what it means
    cites: PointIds = ()


def _one_word(term: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9&]+", term):
        raise PydanticCustomError(
            "term_shape",
            "a term must be one word of letters, digits or &, with no spaces "
            "(put variants such as CLA and LAC in separate entries).",
        )
    return term


class Term(_PackTable):
    """A glossary entry: an abbreviation, what it stands for, and what it is in plain English."""

    term: Annotated[Text, AfterValidator(_one_word)]  # as usually written, e.g. "CAMHS", "s47"
    meaning: Text  # the expansion, e.g. "Child and Adolescent Mental Health Services"
    plain: Text  # what it is, in plain English


class PackHeader(_PackTable):
    """The ``[pack]`` table: the pack's name and version, stored with every assessment."""

    name: Text
    version: Text
    description: Annotated[str, Strict()] = ""
    long_sentence_words: Annotated[int, Strict(), Field(ge=5)] = 25
    # All-capital words that are ordinary words, not abbreviations ("OK", "NOT" for emphasis).
    plain_capitals: frozenset[Annotated[str, Strict()]] = frozenset()


class PackFile(_PackTable):
    """A whole pack file, section by section, in the order the shipped file is written."""

    pack: PackHeader
    points: list[GuidancePoint]
    key_points: list[ChecklistItem]
    questions: list[Question]
    consent_points: list[ChecklistItem]
    communication_tips: list[ChecklistItem]
    glossary: list[Term]
    jargon: dict[str, Text] = {}  # phrase -> plainer wording
    notes: list[NoteWording]


# The ``[[section]]`` lists of a pack file, each with the model of one entry.
SECTIONS: dict[str, type[BaseModel]] = {
    "points": GuidancePoint,
    "key_points": ChecklistItem,
    "questions": Question,
    "consent_points": ChecklistItem,
    "communication_tips": ChecklistItem,
    "glossary": Term,
    "notes": NoteWording,
}


def entry_key(section: str) -> str:
    """The key that names an entry of ``section`` in messages: its id, or a glossary term."""
    return "term" if SECTIONS[section] is Term else "id"
