"""Where a problem in a guidance pack file is: named as its author would look for it, with the line.

A pack is edited by hand, often by someone who has never seen a traceback and should not have to.
Every problem is told as ``file, [[questions]] "risk" (line 247): what is wrong.``: the section
and the entry's id (or its number, where ids may clash), and the line of the key at fault, or of
the entry's header when the key is not there to point at. Lines are only looked for once a problem
has been found, so a good pack loads without reading its text twice.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic_core import ErrorDetails

from .guidance_schema import SECTIONS, WORDED_ERRORS, PackFile, PackHeader, entry_key

T = TypeVar("T")

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]\s]+)\s*\]")

# How a key the author wrote in the wrong form is explained, whatever pydantic found wrong with it.
_WORDING: dict[str, str] = {
    "cites": '"cites" must be a list of guidance point ids in quotes.',
    "answers": '"answers" must be a table of answer = "label", one line per answer.',
    "meanings": '"meanings" must be a table of answer = "what it means", one line per answer.',
    "long_sentence_words": '"long_sentence_words" must be a whole number of 5 or more.',
    "plain_capitals": '"plain_capitals" must be a list of words in quotes.',
}


def problem(place: str, message: str, line: int | None = None) -> str:
    """One line of the list a pack author is shown."""
    return f"{place} (line {line}): {message}" if line else f"{place}: {message}"


@dataclass(frozen=True, slots=True)
class Placed(Generic[T]):
    """An entry that passed the shape checks, and how to say where it is if it has a problem."""

    item: T
    section: str
    index: int  # in the file, from 0
    places: PackPlaces

    @property
    def number(self) -> int:
        """Counted from 1, as a person editing the file would count."""
        return self.index + 1

    @property
    def line(self) -> int | None:
        return self.places.entry(self.section, self.index)[1]

    def problem(self, message: str) -> str:
        place, line = self.places.entry(self.section, self.index)
        return problem(place, message, line)


class PackPlaces:
    """Names the places in one pack file and finds their lines."""

    def __init__(self, raw: dict[str, Any], text: str, where: str) -> None:
        self.raw = raw
        self.where = where
        self.text = text
        # For a section that lost entries to shape problems: the file index of each kept entry.
        self.positions: dict[str, list[int]] = {}

    @functools.cached_property
    def _headers(self) -> list[tuple[int, str]]:
        """Every table header as (line, name), an array of tables named "[[name]]"."""
        found = []
        for number, line in enumerate(self._lines, start=1):
            match = _HEADER.match(line)
            if match:
                name = match.group(2)
                found.append((number, name if match.group(1) == "[" else f"[[{name}]]"))
        return found

    @functools.cached_property
    def _header_lines(self) -> dict[str, list[int]]:
        """The lines of each header, in order: every ``[[points]]`` entry's, for one."""
        lines: dict[str, list[int]] = {}
        for number, name in self._headers:
            lines.setdefault(name, []).append(number)
        return lines

    def _header_line(self, header: str, index: int = 0) -> int | None:
        lines = self._header_lines.get(header, [])
        return lines[index] if index < len(lines) else None

    @functools.cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

    def _key_line(self, start: int | None, keys: Sequence[str]) -> int | None:
        """The line of ``keys`` (a key, then keys within it) in the table headed at ``start``."""
        if start is None:
            return None
        base = next(name for number, name in self._headers if number == start).strip("[]")
        end = next(
            (n for n, name in self._headers if n > start and not name.startswith(f"{base}.")),
            len(self._lines) + 1,
        )
        found = start
        for key in keys:  # a key is written as key = ..., "key" = ... or [base.key]
            quoted = rf"[\"']?{re.escape(key)}[\"']?"
            written = re.compile(rf"^\s*(?:{quoted}\s*=|\[\s*{re.escape(base)}\.{quoted}\s*\])")
            at = next((n for n in range(found, end) if written.match(self._lines[n - 1])), None)
            if at is None:
                break
            found = at
        return found

    def _top_line(self, name: str) -> int | None:
        """Where a top-level table or key is written."""
        header = self._header_line(name) or self._header_line(f"[[{name}]]")
        if header:
            return header
        written = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        first_header = self._headers[0][0] if self._headers else None
        for number, line in enumerate(self._lines[:first_header], start=1):
            if written.match(line):
                return number
        return None

    def entry(self, section: str, index: int) -> tuple[str, int | None]:
        """The place and header line of the ``index``-th (from 0) ``[[section]]`` entry."""
        table = self.raw[section][index]
        name = table.get(entry_key(section)) if isinstance(table, dict) else None
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            label = f"entry {index + 1}"
        elif section == "glossary":  # terms may clash, so the number tells them apart
            label = f'entry {index + 1} ("{name}")'
        else:
            label = f'"{name}"'
        return f"{self.where}, [[{section}]] {label}", self._header_line(f"[[{section}]]", index)

    def each(self, section: str, items: Sequence[T]) -> Iterator[Placed[T]]:
        """The entries of ``section`` that passed the shape checks, each able to say where it is."""
        indices = self.positions.get(section, range(len(items)))
        for index, item in zip(indices, items, strict=True):
            yield Placed(item, section, index, self)

    def jargon(self, phrase: str, message: str) -> tuple[str, str, int | None]:
        """A problem with one ``[jargon]`` phrase: its place, the message and its line."""
        line = self._key_line(self._header_line("jargon"), [phrase])
        return f'{self.where}, [jargon] "{phrase}"', message, line

    # -- problems of shape, as pydantic found them -------------------------------------------

    def describe(self, error: ErrorDetails) -> str:
        """One shape problem in the words and places a pack author knows."""
        section, *rest = error["loc"]
        inner = [part for part in rest[1:] if isinstance(part, str)]
        if section in SECTIONS and rest and isinstance(rest[0], int):
            place, line = self.entry(section, rest[0])
            if len(rest) == 1:
                return problem(place, f'"{section}" must be written as [[{section}]] tables.', line)
            return problem(
                place, _key_message(error, rest[1:], SECTIONS[section]), self._key_line(line, inner)
            )
        if section == "pack" and rest:
            keys = [part for part in rest if isinstance(part, str)]
            line = self._key_line(self._header_line("pack"), keys[:1])
            return problem(f"{self.where}, [pack]", _key_message(error, rest, PackHeader), line)
        if section == "jargon" and rest:
            return problem(
                *self.jargon(str(rest[0]), "give the plainer wording as text in quotes.")
            )
        return problem(
            self.where, _section_message(error, str(section)), self._top_line(str(section))
        )


def _key_message(error: ErrorDetails, loc: Sequence[str | int], model: type[Any]) -> str:
    """What is wrong with a key of one table; ``loc`` is the key's path within the table."""
    key = str(loc[0])
    path = ".".join(str(part) for part in loc if isinstance(part, str))
    kind = error["type"]
    if kind == "missing":
        return f'missing "{key}".'
    if kind == "extra_forbidden":
        return f'unknown key "{key}" ({_expected(key, model.model_fields)}).'
    if kind in WORDED_ERRORS:
        return error["msg"]
    if key in _WORDING and all(isinstance(part, int) for part in loc[1:]):
        return _WORDING[key]
    if kind == "string_type":
        return f'"{path}" must be text in quotes.'
    if kind == "string_too_short":
        return f'"{path}" is empty.'
    return f'"{path}": {error["msg"]}.'


def _section_message(error: ErrorDetails, section: str) -> str:
    """What is wrong with a whole section of the file."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return f'unknown section "{section}" ({_expected(section, PackFile.model_fields)}).'
    if section == "pack":
        if kind == "missing":
            return "missing the [pack] table (name, version and so on)."
        return '"pack" must be a [pack] table (name, version and so on).'
    if section == "jargon":
        return '"jargon" must be a [jargon] table of "phrase" = "plainer".'
    if kind == "missing":
        return f"no [[{section}]] entries; the pack needs them."
    return f'"{section}" must be written as [[{section}]] tables.'


def _expected(written: str, known: Iterable[str]) -> str:
    """The keys that may be written, led by the one a misspelling most likely meant."""
    known = list(known)
    expected = f"expected: {', '.join(known)}"
    meant = difflib.get_close_matches(written, known, n=1)
    return f'did you mean "{meant[0]}"? {expected}' if meant else expected
