"""The guidance pack: a partnership's wording of the guidance, loaded from TOML and checked on load.

Everything a local safeguarding partnership would word differently (the key points, the five
questions and their answer labels, the consent points, the communication tips, the guidance points
that notes cite, the glossary and the jargon list) lives in a TOML file, not in code. The app ships
one (``consult_tui/guidance/default.toml``); a partnership can point ``[guidance] pack`` in the
config file at its own. A pack that cannot be used is refused with every problem listed, each
naming the file and the place in it, so that whoever edits the file can fix it without a traceback.
Its shape is checked by pydantic models (``guidance_schema``), what it says by plain functions
(``guidance_checks``); this module reads the file and puts the pack together.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from .guidance_checks import (
    ANSWER_VALUES,
    CONSENT_POINT_IDS,
    QUESTION_IDS,
    REQUIRED_POINT_IDS,
    Readable,
    content_problems,
    readable_part,
)
from .guidance_places import PackPlaces
from .guidance_schema import ChecklistItem, GuidancePoint, NoteWording, PackFile, Question, Term
from .shipped import read_shipped_text

__all__ = [
    "ANSWER_VALUES",
    "CONSENT_POINT_IDS",
    "DEFAULT_PACK_LABEL",
    "QUESTION_IDS",
    "REQUIRED_POINT_IDS",
    "ChecklistItem",
    "GuidancePack",
    "GuidancePoint",
    "NoteWording",
    "PackError",
    "Question",
    "Term",
    "default_pack",
    "load_pack",
    "parse_pack",
]

DEFAULT_PACK_LABEL = "the built-in guidance pack (default.toml)"


class PackError(Exception):
    """A guidance pack cannot be used; the message names the file, the place and the fix."""


@dataclass(slots=True)
class GuidancePack:
    name: str
    version: str
    points: dict[str, GuidancePoint]
    key_points: list[ChecklistItem]
    questions: list[Question]
    consent_points: list[ChecklistItem]
    communication_tips: list[ChecklistItem]
    glossary: dict[str, Term]
    jargon: dict[str, str]  # phrase -> plainer wording
    notes: dict[str, NoteWording] = field(default_factory=dict)
    long_sentence_words: int = 25
    # All-capital words that are ordinary words, not abbreviations ("OK", "NOT" for emphasis).
    plain_capitals: frozenset[str] = frozenset()
    source: str = ""  # where the pack was loaded from, for messages and the record

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def answer_label(self, question_id: str, value: str) -> str:
        return self.question(question_id).answers.get(value, value)

    def cite(self, point_id: str) -> GuidancePoint:
        return self.points[point_id]

    @property
    def label(self) -> str:
        """Name and version, as stored with an assessment."""
        return f"{self.name} {self.version}".strip()


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@functools.cache
def default_pack() -> GuidancePack:
    """The pack shipped with the app, read once per process (works from a wheel too)."""
    resource = resources.files("consult_tui").joinpath("guidance").joinpath("default.toml")
    text = read_shipped_text(resource, DEFAULT_PACK_LABEL, PackError)
    return parse_pack(text, DEFAULT_PACK_LABEL)


def load_pack(path: Path | None = None) -> GuidancePack:
    """Load a partnership's pack from ``path``, or the shipped default when ``path`` is None."""
    if path is None:
        return default_pack()
    path = Path(path).expanduser()
    if path.is_dir():
        raise PackError(
            f"{path} is a folder. Point [guidance] pack in the config file at the pack's "
            ".toml file."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(
            f"The guidance pack {path} does not exist. Check [guidance] pack in the config file, "
            "or remove it to use the built-in pack."
        ) from None
    except UnicodeDecodeError:
        raise PackError(f"{path} is not UTF-8 text. Save the guidance pack as UTF-8.") from None
    except OSError as exc:
        raise PackError(f"The guidance pack {path} cannot be read: {exc.strerror}.") from None
    return parse_pack(text, str(path))


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def parse_pack(text: str, where: str) -> GuidancePack:
    """Build and check a pack from TOML text; ``where`` names the file in messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        position = _TOML_POSITION.search(detail)
        if position:
            detail = _TOML_POSITION.sub("", detail)
            place = f"line {position.group(1)}, column {position.group(2)}"
            raise PackError(f"{where}, {place}: this is not valid TOML ({detail}).") from None
        raise PackError(f"{where}: this is not valid TOML ({detail}).") from None
    places = PackPlaces(raw, text, where)
    try:
        readable: Readable | None = Readable(PackFile.model_validate(raw))
        problems: list[str] = []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [places.describe(error) for error in errors]
        readable = readable_part(raw, errors, places)
    if readable is not None:
        problems += content_problems(readable, places)
    if problems or readable is None:  # no readable part only ever comes with shape problems
        count = len(problems)
        heading = (
            f"The guidance pack {where} cannot be used ({count} problem"
            f"{'s' if count != 1 else ''}):"
        )
        raise PackError("\n".join([heading, *(f"- {p}" for p in problems)]))
    return _pack_from(readable.pack, where)


def _pack_from(shape: PackFile, where: str) -> GuidancePack:
    """The pack the app uses, from a file that passed every check."""
    questions = {question.id: question for question in shape.questions}
    return GuidancePack(
        name=shape.pack.name,
        version=shape.pack.version,
        points={point.id: point for point in shape.points},
        key_points=list(shape.key_points),
        questions=[questions[question_id] for question_id in QUESTION_IDS],
        consent_points=list(shape.consent_points),
        communication_tips=list(shape.communication_tips),
        glossary={term.term: term for term in shape.glossary},
        jargon={phrase.strip(): plainer for phrase, plainer in shape.jargon.items()},
        notes={note.id: note for note in shape.notes},
        long_sentence_words=shape.pack.long_sentence_words,
        plain_capitals=shape.pack.plain_capitals,
        source=where,
    )
