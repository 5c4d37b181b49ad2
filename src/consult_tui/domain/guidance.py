"""The guidance pack: a partnership's wording of the guidance, loaded from TOML and checked on load.

Everything a local safeguarding partnership would word differently (the key points, the five
questions and their answer labels, the consent points, the communication tips, the guidance points
that notes cite, the glossary and the jargon list) lives in a TOML file, not in code. The app ships
one (``consult_tui/guidance/default.toml``); a partnership can point ``[guidance] pack`` in the
config file at its own. A pack that cannot be used is refused with every problem listed, each
naming the file and the place in it, so that whoever edits the file can fix it without a traceback.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .advice_rules import NOTE_PARAMS
from .record import InformedConsent, Level, Proportionality, YesNo
from .shipped import read_shipped_text

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

DEFAULT_PACK_LABEL = "the built-in guidance pack (default.toml)"


class PackError(Exception):
    """A guidance pack cannot be used; the message names the file, the place and the fix."""


@dataclass(frozen=True, slots=True)
class GuidancePoint:
    """A point of guidance that notes cite: summarised in the pack's own words, with its source."""

    id: str
    title: str
    summary: str
    source: str


@dataclass(frozen=True, slots=True)
class NoteWording:
    """How the pack words one note the reasoning raises: its text and the points it rests on."""

    id: str
    text: str  # may hold {parameter} places the rules fill in
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    text: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One proportionality question: its id is the Proportionality field it answers."""

    id: str
    title: str
    help: str
    answers: dict[str, str]  # answer value -> label shown to the practitioner
    meanings: dict[str, str] = field(default_factory=dict)  # answer value -> what it means
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    term: str  # as usually written, e.g. "CAMHS", "s47"
    meaning: str  # the expansion, e.g. "Child and Adolescent Mental Health Services"
    plain: str  # what it is, in plain English


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
    return _Builder(raw, text, where).build()


@dataclass(frozen=True, slots=True)
class _Entry:
    """One ``[[section]]`` table of a pack, with its id and where it is, for messages."""

    table: dict[str, Any]
    id: str
    place: str
    line: int | None
    number: int  # counted from 1, as a person editing the file would count


class _Builder:
    """Reads the parsed TOML into a pack, collecting every problem rather than stopping at one."""

    def __init__(self, raw: dict[str, Any], text: str, where: str) -> None:
        self.raw = raw
        self.lines = text.splitlines()
        self.where = where
        self.problems: list[str] = []

    # -- messages --------------------------------------------------------------------------

    def problem(self, place: str, message: str, line: int | None = None) -> None:
        at = f"{place} (line {line})" if line else place
        self.problems.append(f"{at}: {message}")

    def line_of(self, key: str, value: str) -> int | None:
        """The line where ``key = "value"`` is written, so a message can point at it."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*[\"']{re.escape(value)}[\"']")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    def line_of_quoted_key(self, key: str) -> int | None:
        pattern = re.compile(rf"^\s*[\"']{re.escape(key)}[\"']\s*=")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    def line_of_header(self, header: str, index: int) -> int | None:
        """The line of the index-th ``[[header]]`` (0-based)."""
        seen = -1
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    # -- typed reads -----------------------------------------------------------------------

    def text(self, table: dict[str, Any], key: str, place: str, line: int | None) -> str:
        if key not in table:
            self.problem(place, f'missing "{key}".', line)
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem(place, f'"{key}" must be text in quotes.', line)
            return ""
        if not value.strip():
            self.problem(place, f'"{key}" is empty.', line)
        return value.strip()

    def optional_text(self, table: dict[str, Any], key: str, place: str, line: int | None) -> str:
        if key not in table:
            return ""
        return self.text(table, key, place, line)

    def entries(self, name: str) -> list[dict[str, Any]]:
        value = self.raw.get(name)
        if value is None:
            self.problem(self.where, f"no [[{name}]] entries; the pack needs them.")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(self.where, f'"{name}" must be written as [[{name}]] tables.')
            return []
        return value

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], place: str, line: int | None
    ) -> None:
        for key in table:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.problem(place, f'unknown key "{key}" (expected: {expected}).', line)

    def each_entry(
        self, name: str, allowed: set[str], *, key: str = "id", numbered: bool = False
    ) -> Iterator[_Entry]:
        """Every ``[[name]]`` table with its id and where it is written, for messages.

        Once its id is known an entry is named by it (``[[points]] "seed-quality"``), or with
        ``numbered`` by its number and id, where ids may clash (``[[glossary]] entry 2 ("CP")``);
        keys the section does not know are reported here, once for every section.
        """
        for index, table in enumerate(self.entries(name)):
            line = self.line_of_header(name, index)
            place = f"{self.where}, [[{name}]] entry {index + 1}"
            entry_id = self.text(table, key, place, line)
            if entry_id:
                named = f'entry {index + 1} ("{entry_id}")' if numbered else f'"{entry_id}"'
                place = f"{self.where}, [[{name}]] {named}"
            self.unknown_keys(table, allowed, place, line)
            yield _Entry(table, entry_id, place, line, index + 1)

    def cites(self, table: dict[str, Any], place: str, line: int | None) -> tuple[str, ...]:
        value = table.get("cites", [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(place, '"cites" must be a list of guidance point ids in quotes.', line)
            return ()
        return tuple(value)

    # -- sections --------------------------------------------------------------------------

    def build(self) -> GuidancePack:
        header = self.raw.get("pack")
        if not isinstance(header, dict):
            self.problem(self.where, "missing the [pack] table (name, version and so on).")
            header = {}
        place = f"{self.where}, [pack]"
        name = self.text(header, "name", place, None)
        version = self.text(header, "version", place, None)
        long_words = header.get("long_sentence_words", 25)
        if not isinstance(long_words, int) or isinstance(long_words, bool) or long_words < 5:
            self.problem(place, '"long_sentence_words" must be a whole number of 5 or more.')
            long_words = 25
        plain_capitals = header.get("plain_capitals", [])
        if not isinstance(plain_capitals, list) or not all(
            isinstance(v, str) for v in plain_capitals
        ):
            self.problem(place, '"plain_capitals" must be a list of words in quotes.')
            plain_capitals = []
        self.unknown_keys(
            header,
            {"name", "version", "long_sentence_words", "plain_capitals", "description"},
            place,
            None,
        )

        points = self.build_points()
        # Built in the order the file is usually written, so problems are listed in that order.
        pack = GuidancePack(
            name=name,
            version=version,
            points=points,
            key_points=self.build_checklist("key_points", points),
            questions=self.build_questions(points),
            consent_points=self.build_checklist("consent_points", points),
            communication_tips=self.build_checklist("communication_tips", points),
            glossary=self.build_glossary(),
            jargon=self.build_jargon(),
            notes=self.build_notes(points),
            long_sentence_words=long_words,
            plain_capitals=frozenset(plain_capitals),
            source=self.where,
        )
        self.check_consent_points(pack.consent_points)
        for point_id in sorted(REQUIRED_POINT_IDS - set(points)):
            self.problem(
                self.where,
                f'no guidance point "{point_id}"; the reasoning cites it, so the pack must '
                "summarise it in a [[points]] entry.",
            )
        if self.problems:
            count = len(self.problems)
            heading = (
                f"The guidance pack {self.where} cannot be used ({count} problem"
                f"{'s' if count != 1 else ''}):"
            )
            raise PackError("\n".join([heading, *(f"- {p}" for p in self.problems)]))
        return pack

    def check_consent_points(self, consent_points: list[ChecklistItem]) -> None:
        """The pack words exactly the four informed-consent points the record asks about."""
        consent_ids = [item.id for item in consent_points]
        for point_id in CONSENT_POINT_IDS:
            if consent_ids and point_id not in consent_ids:
                self.problem(
                    self.where,
                    f'no [[consent_points]] entry with id "{point_id}"; '
                    "the pack must word all four informed-consent points.",
                )
        for item in consent_points:
            if item.id not in CONSENT_POINT_IDS:
                self.problem(
                    f'{self.where}, [[consent_points]] "{item.id}"',
                    "unknown id; use one of: " + ", ".join(CONSENT_POINT_IDS) + ".",
                    self.line_of("id", item.id),
                )

    def build_points(self) -> dict[str, GuidancePoint]:
        points: dict[str, GuidancePoint] = {}
        for entry in self.each_entry("points", {"id", "title", "summary", "source"}):
            table, point_id, place, line = entry.table, entry.id, entry.place, entry.line
            point = GuidancePoint(
                id=point_id,
                title=self.text(table, "title", place, line),
                summary=self.text(table, "summary", place, line),
                source=self.text(table, "source", place, line),
            )
            if point_id in points:
                self.problem(place, f'the id "{point_id}" is used twice.', line)
            elif point_id:
                points[point_id] = point
        return points

    def check_citations(
        self,
        cited: tuple[str, ...],
        points: dict[str, GuidancePoint],
        place: str,
        line: int | None,
    ) -> None:
        for point_id in cited:
            if point_id not in points:
                self.problem(
                    place,
                    f'cites "{point_id}", which is not a guidance point in this pack.',
                    line,
                )

    def build_notes(self, points: dict[str, GuidancePoint]) -> dict[str, NoteWording]:
        """The wording of every note the reasoning can raise; none may be missing or unknown."""
        notes: dict[str, NoteWording] = {}
        for entry in self.each_entry("notes", {"id", "text", "cites"}):
            table, note_id, place, line = entry.table, entry.id, entry.place, entry.line
            cited = self.cites(table, place, line)
            self.check_citations(cited, points, place, line)
            if not cited:
                self.problem(place, "a note must cite at least one guidance point.", line)
            text = self.text(table, "text", place, line)
            if note_id and note_id not in NOTE_PARAMS:
                self.problem(place, f'"{note_id}" is not a note the reasoning raises.', line)
                continue
            if note_id in notes:
                self.problem(place, f'the note "{note_id}" is worded twice.', line)
                continue
            allowed = NOTE_PARAMS.get(note_id, frozenset())
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            except ValueError:
                self.problem(place, "a { or } is unmatched; write {{ or }} for a brace.", line)
                continue
            for name in sorted(used - allowed):
                known = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
                self.problem(place, f'"{{{name}}}" is not a place this note fills ({known}).', line)
            if note_id:
                notes[note_id] = NoteWording(note_id, text, cited)
        for note_id in sorted(set(NOTE_PARAMS) - set(notes)):
            self.problem(
                self.where,
                f'no [[notes]] entry with id "{note_id}"; the reasoning raises it, so the pack '
                "must word it.",
            )
        return notes

    def build_checklist(self, name: str, points: dict[str, GuidancePoint]) -> list[ChecklistItem]:
        items: list[ChecklistItem] = []
        seen: set[str] = set()
        for entry in self.each_entry(name, {"id", "text", "help", "cites"}):
            table, item_id, place, line = entry.table, entry.id, entry.place, entry.line
            self.check_citations(self.cites(table, place, line), points, place, line)
            if item_id in seen:
                self.problem(place, f'the id "{item_id}" is used twice.', line)
            seen.add(item_id)
            items.append(
                ChecklistItem(
                    id=item_id,
                    text=self.text(table, "text", place, line),
                    help=self.optional_text(table, "help", place, line),
                )
            )
        return items

    def build_questions(self, points: dict[str, GuidancePoint]) -> list[Question]:
        by_id: dict[str, Question] = {}
        allowed = {"id", "title", "help", "answers", "meanings", "cites"}
        for entry in self.each_entry("questions", allowed):
            table, question_id, place, line = entry.table, entry.id, entry.place, entry.line
            if question_id and question_id not in QUESTION_IDS:
                self.problem(
                    place,
                    f'"{question_id}" is not one of the five questions '
                    f"({', '.join(QUESTION_IDS)}).",
                    line,
                )
                continue
            if question_id in by_id:
                self.problem(place, f'the question "{question_id}" is worded twice.', line)
                continue
            cited = self.cites(table, place, line)
            self.check_citations(cited, points, place, line)
            values = ANSWER_VALUES.get(question_id, ())
            answers = self.answer_table(table, "answers", values, place, line)
            meanings = self.answer_table(table, "meanings", values, place, line)
            question = Question(
                id=question_id,
                title=self.text(table, "title", place, line),
                help=self.text(table, "help", place, line),
                answers=answers,
                meanings=meanings,
                cites=cited,
            )
            if question_id:
                by_id[question_id] = question
        for question_id in QUESTION_IDS:
            if question_id not in by_id:
                self.problem(
                    self.where,
                    f'no [[questions]] entry for "{question_id}"; the pack must word all five '
                    "proportionality questions.",
                )
        return [by_id[q] for q in QUESTION_IDS if q in by_id]

    def answer_table(
        self,
        table: dict[str, Any],
        key: str,
        values: tuple[str, ...],
        place: str,
        line: int | None,
    ) -> dict[str, str]:
        value = table.get(key)
        if not isinstance(value, dict):
            self.problem(place, f'missing the "{key}" table (one entry per answer).', line)
            return {}
        result: dict[str, str] = {}
        for answer in values:
            text = value.get(answer)
            if not isinstance(text, str) or not text.strip():
                self.problem(place, f'{key} has no text for the answer "{answer}".', line)
            else:
                result[answer] = text.strip()
        for answer in value:
            if answer not in values:
                self.problem(
                    place,
                    f'{key} has an unknown answer "{answer}" (expected: {", ".join(values)}).',
                    line,
                )
        return result

    def build_glossary(self) -> dict[str, Term]:
        glossary: dict[str, Term] = {}
        first_seen: dict[str, tuple[int, int | None]] = {}
        allowed = {"term", "meaning", "plain"}
        for entry in self.each_entry("glossary", allowed, key="term", numbered=True):
            table, term, place, line = entry.table, entry.id, entry.place, entry.line
            if term and not re.fullmatch(r"[A-Za-z0-9&]+", term):
                self.problem(
                    place,
                    "a term must be one word of letters, digits or &, with no spaces "
                    "(put variants such as CLA and LAC in separate entries).",
                    line,
                )
            defined = Term(
                term=term,
                meaning=self.text(table, "meaning", place, line),
                plain=self.text(table, "plain", place, line),
            )
            key = term.casefold()
            if key in first_seen:
                earlier, earlier_line = first_seen[key]
                at = f" (line {earlier_line})" if earlier_line else ""
                self.problem(place, f'"{term}" is already defined at entry {earlier}{at}.', line)
            elif term:
                first_seen[key] = (entry.number, line)
                glossary[term] = defined
        return glossary

    def build_jargon(self) -> dict[str, str]:
        value = self.raw.get("jargon")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(self.where, '"jargon" must be a [jargon] table of "phrase" = "plainer".')
            return {}
        jargon: dict[str, str] = {}
        seen: dict[str, str] = {}
        for phrase, plainer in value.items():
            place = f'{self.where}, [jargon] "{phrase}"'
            line = self.line_of_quoted_key(phrase)
            if not isinstance(plainer, str) or not plainer.strip():
                self.problem(place, "give the plainer wording as text in quotes.", line)
                continue
            if not phrase.strip() or not re.search(r"\w", phrase):
                self.problem(place, "the phrase is empty.", line)
                continue
            key = " ".join(phrase.casefold().split())
            if key in seen:
                self.problem(place, f'the same phrase as "{seen[key]}".', line)
                continue
            seen[key] = phrase
            jargon[phrase.strip()] = plainer.strip()
        return jargon
