"""The four example consultations of the domain brief, read from data files shipped with the app.

Each example is a draft written as a practitioner would write it: facts with their sources, kept
apart from opinion, the people and their consent, and the five answers. Decisions follow what the
guidance supports; the "older friends" case is left undecided, because the guidance says to take
advice first. The records live as JSON in ``example_records/`` (one file each, so that a reader
can check them against the brief without reading Python) and are validated by the record model
itself on every load, so an example can never drift from the shape real records must have.
Everything is fixed (ids, dates), so screens and snapshots built from them are stable; give a copy
a new id before storing it twice. The people are invented.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable

from pydantic import ValidationError

from .record import AdviceEntry, Consultation
from .shipped import read_shipped_text

__all__ = [
    "EXAMPLE_NAMES",
    "ExampleRecordError",
    "all_examples",
    "bruised_baby",
    "example",
    "example_file",
    "older_friends",
    "older_friends_after_first_advice",
    "perinatal_referral",
    "read_example_file",
    "separation_upset",
]

# In the order the domain brief lists them; each names a file in example_records/.
EXAMPLE_NAMES: tuple[str, ...] = (
    "bruised_baby",
    "separation_upset",
    "older_friends",
    "perinatal_referral",
)
EXAMPLE_FOLDER = "example_records"


class ExampleRecordError(Exception):
    """An example file shipped with the app is missing or not a valid record.

    It is a fault in the installation or in an edit to the data, never the practitioner's: the
    message names the file so that whoever changed it can put it right.
    """


def example_file(name: str) -> Traversable:
    """Where the example called ``name`` is kept (inside the package, so a wheel carries it)."""
    if name not in EXAMPLE_NAMES:
        raise ExampleRecordError(
            f"There is no example called {name!r}; the examples are: {', '.join(EXAMPLE_NAMES)}."
        )
    return resources.files(__package__).joinpath(EXAMPLE_FOLDER, f"{name}.json")


def read_example_file(source: Traversable) -> Consultation:
    """One example file, validated by the record model; a bad file fails naming itself."""
    text = read_shipped_text(source, f"The example record file {source}", ExampleRecordError)
    try:
        return Consultation.model_validate_json(text)
    except ValidationError as exc:
        raise ExampleRecordError(
            f"The example record file {source} is not a valid consultation:\n{exc}"
        ) from None


@functools.cache
def _validated(name: str) -> Consultation:
    # Read and checked once per process; callers get a deep copy they may change freely.
    return read_example_file(example_file(name))


def example(name: str) -> Consultation:
    """A fresh copy of the example called ``name`` (one of EXAMPLE_NAMES)."""
    return _validated(name).model_copy(deep=True)


def _named(name: str, summary: str) -> Callable[[], Consultation]:
    def build() -> Consultation:
        return example(name)

    build.__name__ = build.__qualname__ = name
    build.__doc__ = summary
    return build


bruised_baby = _named(
    "bruised_baby",
    "Health visitor: a 4-month-old with an unexplained bruise; the parents' accounts differ.",
)
separation_upset = _named(
    "separation_upset",
    "DSL: a Year 4 pupil upset by her parents' separation; the parents decline early help.",
)
older_friends = _named(
    "older_friends",
    'Youth worker: a 15-year-old mentions "older friends", lifts and gifts. Left undecided.',
)
perinatal_referral = _named(
    "perinatal_referral",
    "Health visitor: a mother with postnatal depression asks for a perinatal referral.",
)


def all_examples() -> list[Consultation]:
    """The four example consultations, in the order the domain brief lists them."""
    return [example(name) for name in EXAMPLE_NAMES]


# Kept here (not in tests) so a demo can show a second rung of the ladder on the older-friends case.
def older_friends_after_first_advice() -> Consultation:
    """The older-friends case after one anonymised discussion that left it unclear."""
    record = older_friends()
    record.advice.append(
        AdviceEntry(
            id="ex0of0advc01",
            who="Duty manager",
            role="Youth service duty manager",
            organisation="Riverside Youth Project",
            anonymised=True,
            at=datetime(2025, 3, 11, 9, 30, tzinfo=UTC),
            advice="Could be exploitation or could be ordinary friendships; not enough to say. "
            "Suggested a general discussion with the children's services front door.",
        )
    )
    return record
