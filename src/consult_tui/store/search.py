"""Finding past consultations: letter folding, the text each record is indexed under, and queries.

Names arrive spelt every way (Zoë or Zoe, Łukasz or Lukasz, Nguyễn or Nguyen), so the index and
every query go through the same ``fold``: accents are taken off, and letters that Unicode does not
decompose (Ł, Ø, ß, Đ…) are spelt out by hand. Nothing here speaks SQL: the index itself (SQLite
FTS5) lives in engine.py, and review_queries.py turns a ReviewQuery into a portable query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from consult_tui.domain.record import Addendum, Consultation, DecisionOutcome, Status

# Letters with no Unicode decomposition into a base letter plus accent: without these, "lukasz"
# would never find Łukasz. Capitals are mapped too, because casefold happens afterwards.
_UNDECOMPOSABLE = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "ẞ": "SS",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Ɖ": "D",
        "ɖ": "d",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "TH",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŀ": "L",
        "ŀ": "l",
        "Ŧ": "T",
        "ŧ": "t",
        "Ŋ": "NG",
        "ŋ": "ng",
        "ĸ": "k",
        "ſ": "s",
        "ƒ": "f",
    }
)
# What the index treats as a word: letters and digits (the unicode61 tokenizer's categories L*,
# N* and Co); "_" and punctuation separate words, so "HV-2291" is the words "hv" and "2291".
_WORD = re.compile(r"[^\W_]+")
# A word this short as a prefix would match half the index; it is matched whole instead.
MIN_PREFIX_LENGTH = 2

# The index's columns, in the order engine.py declares them.
SEARCH_COLUMNS = ("case_reference", "people", "professionals", "narrative", "addenda")


def fold(text: str) -> str:
    """Text as the index holds it: lower case, accents off, special letters spelt out.

    The same function folds indexed text and queries, so each finds the other either way.
    """
    if text.isascii():
        return text.lower()
    spelt = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    bare = "".join(ch for ch in spelt if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, as the index splits them."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One word typed in the search box: its folded tokens, matched as a phrase."""

    tokens: tuple[str, ...]
    prefix: bool


def search_terms(query: str, *, prefix: bool = True) -> list[SearchTerm]:
    """Split what was typed into terms; every term must match (search as you type: prefixes)."""
    terms: list[SearchTerm] = []
    for typed in query.split():
        tokens = tuple(words(typed))
        if tokens:
            terms.append(SearchTerm(tokens, prefix=prefix and len(tokens[-1]) >= MIN_PREFIX_LENGTH))
    return terms


def _join(parts: Iterable[str]) -> str:
    return "\n".join(fold(part) for part in parts if part and part.strip())


def index_columns(record: Consultation, addenda: Iterable[Addendum] = ()) -> dict[str, str]:
    """The folded text a record is found by, column by column.

    ``addenda`` are those kept apart from the body (the store keeps them in their own table);
    any held in the record itself are indexed too.
    """
    notes = {note.id: note for note in record.addenda}
    notes.update({note.id: note for note in addenda})
    people = [person.name for person in record.people]
    practitioner = record.practitioner
    professionals = [practitioner.name, practitioner.role, practitioner.organisation]
    for recipient in record.recipients:
        professionals += [recipient.name, recipient.role, recipient.agency]
    for entry in record.advice:
        professionals += [entry.who, entry.role, entry.organisation]
    narrative: list[str] = []
    for fact in record.facts:
        narrative += [fact.text, fact.source]
    narrative += [
        record.purpose,
        record.information_to_share,
        record.decision.reason,
        record.transparency.not_told_reason,
        record.context.stated_purpose,
        record.context.verification_method,
        record.lawful_basis.statutory_duty,
        record.lawful_basis.notes,
        record.sharing.what_was_shared,
        record.sharing.understanding_checked,
    ]
    for person in record.people:
        consent = person.consent
        narrative += [
            person.relation,
            consent.views,
            consent.not_sought_reason,
            consent.partial_scope,
        ]
    narrative += [entry.advice for entry in record.advice]
    addenda_text: list[str] = []
    for note in notes.values():
        addenda_text += [note.reason, note.text, note.author]
    return {
        "case_reference": fold(record.case_reference),
        "people": _join(people),
        "professionals": _join(professionals),
        "narrative": _join(narrative),
        "addenda": _join(addenda_text),
    }


# -- what the review screen asks for -------------------------------------------------------------


class SortColumn(StrEnum):
    """The review table's columns, each sortable; ties fall back to the date, then the id."""

    CASE_REFERENCE = "case_reference"
    DATE = "created_at"
    PRACTITIONER = "practitioner"
    CHILD = "child_label"
    DECISION = "decision"
    STATUS = "status"
    REVIEW_DATE = "review_date"


class ReviewDue(StrEnum):
    ANY = "any"
    DUE = "due"  # a review date from today up to DUE_WITHIN_DAYS ahead, or already past
    OVERDUE = "overdue"  # a review date before today


DUE_WITHIN_DAYS = 14


@dataclass(frozen=True, slots=True)
class ReviewQuery:
    """A search and its filters, as the review screen, the home screen and the CLI ask them."""

    text: str = ""
    status: Status | None = None
    decisions: frozenset[DecisionOutcome] = field(default_factory=frozenset)
    date_from: date | None = None  # the consultation's date (created), inclusive
    date_to: date | None = None  # inclusive
    review: ReviewDue = ReviewDue.ANY
    anonymised_only: bool = False
    case_reference: str | None = None  # exactly this case reference
    sort: SortColumn = SortColumn.DATE
    descending: bool = True
    today: date | None = None  # fixed by tests; the local date otherwise

    def on(self) -> date:
        return self.today or date.today()

    def review_bounds(self) -> tuple[date | None, date | None]:
        """(earliest, before) review dates that count; (None, None) when there is no filter."""
        today = self.on()
        if self.review is ReviewDue.OVERDUE:
            return None, today
        if self.review is ReviewDue.DUE:
            return None, today + timedelta(days=DUE_WITHIN_DAYS + 1)
        return None, None


# -- what the store answers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attention:
    """What the home screen leads with: unfinished drafts and reviews coming due."""

    drafts: int
    reviews_due: int  # due within DUE_WITHIN_DAYS, overdue included
    reviews_overdue: int
    oldest_drafts: tuple = ()  # RecordSummary, oldest first
    soonest_reviews: tuple = ()  # RecordSummary, earliest review date first


class EntryKind(StrEnum):
    CONSULTATION = "consultation"
    ADDENDUM = "addendum"


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One line of a case chronology: a consultation, or a later addendum to one."""

    at: datetime
    kind: EntryKind
    record_id: str
    case_reference: str
    child_label: str
    practitioner: str
    status: Status
    decision: DecisionOutcome | str
    summary: str  # the decision's reason, or the addendum's reason and text: plain text
    review_date: date | None = None
    unverified: bool = False  # the record was imported with --unverified
