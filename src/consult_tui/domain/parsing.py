"""Reading dates, times and ages as a UK practitioner types them, and saying what was understood.

A practitioner writes `17/11/2026`, `17 Nov 2026`, `17.11.26` or `2026-11-17` for a date, and
`15`, `15 years`, `7 months` or `3 weeks` for an age. Each reader returns the value it understood
or raises ``NotUnderstood`` with a sentence saying what to write instead; the screens show the
understanding beside the field ("→ Tue 17 November 2026") so a misreading is seen while typing,
and keep text that could not be read rather than drop it.

Dates go through python-dateutil with day-first (UK) order. ISO dates (`2026-11-05`) are read
year-first: dateutil's day-first order would otherwise read them as 11 May.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

MAX_AGE_YEARS = 130
# A year outside this range is a slip of the keyboard, not a date in a safeguarding record.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
_DAYS_PER_YEAR = 365.2425

# Two unlikely defaults: a part that differs between two readings was not typed but filled in.
_DEFAULT_A = datetime(1904, 1, 1, 0, 0)
_DEFAULT_B = datetime(1908, 2, 2, 1, 1)

DATE_EXAMPLE = "17/11/2026 or 17 Nov 2026"
DATETIME_EXAMPLE = "17/11/2026 14:30"
AGE_EXAMPLE = "15, 15 years, 7 months or 3 weeks"


class NotUnderstood(ValueError):
    """What was typed cannot be read as the field's kind of value; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AgeUnit(StrEnum):
    """The unit an age was given in: a baby's age is in months, weeks or days, not years."""

    YEARS = "years"
    MONTHS = "months"
    WEEKS = "weeks"
    DAYS = "days"


_UNIT_WORDS: dict[str, AgeUnit] = {
    **dict.fromkeys(("y", "yr", "yrs", "year", "years", "yo", "y/o"), AgeUnit.YEARS),
    **dict.fromkeys(("m", "mo", "mos", "mth", "mths", "month", "months"), AgeUnit.MONTHS),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), AgeUnit.WEEKS),
    **dict.fromkeys(("d", "day", "days"), AgeUnit.DAYS),
}
_FILLER_WORDS = frozenset({"old", "aged", "age", "about", "approx", "approximately", "c.", "and"})
_LIMITS: dict[AgeUnit, int] = {
    AgeUnit.YEARS: MAX_AGE_YEARS,
    AgeUnit.MONTHS: MAX_AGE_YEARS * 12,
    AgeUnit.WEEKS: MAX_AGE_YEARS * 53,
    AgeUnit.DAYS: MAX_AGE_YEARS * 366,
}


@dataclass(frozen=True, slots=True)
class Age:
    """An age as given: an amount in a unit. ``years`` is the whole years the reasoning uses."""

    amount: int
    unit: AgeUnit = AgeUnit.YEARS

    @property
    def years(self) -> int:
        return whole_years(self.amount, self.unit)

    def describe(self) -> str:
        """ "7 months (0 years)", "15 years": the unit as given, with whole years beside it."""
        noun = self.unit.value[:-1] if self.amount == 1 else self.unit.value
        given = f"{self.amount} {noun}"
        if self.unit is AgeUnit.YEARS:
            return given
        years = self.years
        return f"{given} ({years} {'year' if years == 1 else 'years'})"

    def written(self) -> str:
        """How the age is written back into its field: "15", "7 months"."""
        if self.unit is AgeUnit.YEARS:
            return str(self.amount)
        noun = self.unit.value[:-1] if self.amount == 1 else self.unit.value
        return f"{self.amount} {noun}"


def whole_years(amount: int, unit: AgeUnit) -> int:
    """Completed years in an age given in any unit (7 months → 0, 18 months → 1)."""
    if unit is AgeUnit.YEARS:
        return amount
    if unit is AgeUnit.MONTHS:
        return amount // 12
    days = amount * 7 if unit is AgeUnit.WEEKS else amount
    return int(days // _DAYS_PER_YEAR)


# -- dates and times ------------------------------------------------------------------------------


def _looks_year_first(text: str) -> bool:
    """`2026-11-17`, `2026/11/17`: four digits then a separator (read year, month, day)."""
    head = text[:5]
    return len(head) == 5 and head[:4].isdigit() and not head[4].isdigit()


def _readings(text: str) -> tuple[datetime, datetime]:
    # Imported on first use: dateutil costs ~20 ms, which the first frame should not pay.
    from dateutil import parser as _dateutil

    year_first = _looks_year_first(text)
    options = {"dayfirst": not year_first, "yearfirst": year_first}
    try:
        first = _dateutil.parse(text, default=_DEFAULT_A, **options)
        second = _dateutil.parse(text, default=_DEFAULT_B, **options)
    except _dateutil.ParserError as error:
        if "out of range" in str(error) or "must be in" in str(error):
            raise NotUnderstood("There is no such day: check the day and the month.") from None
        raise NotUnderstood(f"Not read as a date: write it as {DATE_EXAMPLE}.") from None
    except (OverflowError, ValueError):
        raise NotUnderstood(f"Not read as a date: write it as {DATE_EXAMPLE}.") from None
    if not (EARLIEST_YEAR <= first.year <= LATEST_YEAR):
        raise NotUnderstood(f"Check the year: {first.year} is out of range.")
    if first.tzinfo is not None or second.tzinfo is not None:
        raise NotUnderstood("Leave out the time zone: times are your local time.")
    return first, second


def read_date(text: str) -> date:
    """A calendar date with day, month and year all given (`17/11/2026`, `17 Nov 2026`)."""
    text = text.strip()
    if not text:
        raise NotUnderstood(f"Empty: write a date such as {DATE_EXAMPLE}.")
    first, second = _readings(text)
    missing = [
        name
        for name, a, b in (
            ("day", first.day, second.day),
            ("month", first.month, second.month),
            ("year", first.year, second.year),
        )
        if a != b
    ]
    if missing:
        raise NotUnderstood(f"Add the {' and '.join(missing)}: write it as {DATE_EXAMPLE}.")
    if (first.hour, first.minute) != (0, 0) or first.second:
        raise NotUnderstood(f"A date only, without a time: write it as {DATE_EXAMPLE}.")
    return first.date()


def read_datetime(text: str) -> datetime:
    """A date with a time of day (`17/11/2026 14:30`), as the practitioner's local time."""
    text = text.strip()
    if not text:
        raise NotUnderstood(f"Empty: write a date and time such as {DATETIME_EXAMPLE}.")
    first, second = _readings(text)
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise NotUnderstood(f"Give the whole date and the time: {DATETIME_EXAMPLE}.")
    if (first.hour, first.minute) != (second.hour, second.minute):
        raise NotUnderstood(f"Add the time of day: write it as {DATETIME_EXAMPLE}.")
    return first.replace(second=0, microsecond=0).astimezone()


def describe_date(day: date) -> str:
    """ "Tue 17 November 2026": the weekday makes a day/month mix-up visible at once."""
    return f"{day:%a} {day.day} {day:%B %Y}"


def describe_datetime(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{describe_date(local.date())}, {local:%H:%M}"


def written_date(day: date) -> str:
    """How a stored date is written back into its field, in UK order."""
    return f"{day:%d/%m/%Y}"


def written_datetime(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local:%d/%m/%Y %H:%M}"


# -- ages -----------------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Words and numbers apart: "7months" → ["7", "months"], "15 y/o" → ["15", "y/o"]."""
    tokens: list[str] = []
    current = ""
    for char in text.lower().replace(",", " "):
        if char.isspace():
            if current:
                tokens.append(current)
            current = ""
        elif current and current[-1].isdigit() != char.isdigit():
            tokens.append(current)
            current = char
        else:
            current += char
    if current:
        tokens.append(current)
    return [token for token in tokens if token not in _FILLER_WORDS]


def read_age(text: str) -> Age:
    """An age: a bare number is years; a unit word says months, weeks or days.

    Years and months together ("1 year 6 months") are kept as months, so nothing typed is lost.
    """
    tokens = _tokens(text.strip())
    if not tokens:
        raise NotUnderstood(f"Empty: write an age such as {AGE_EXAMPLE}.")
    parts: list[tuple[int, AgeUnit]] = []
    index = 0
    while index < len(tokens):
        number = tokens[index]
        if not (number.isascii() and number.isdigit()):
            raise NotUnderstood(f"Not read as an age: write it as {AGE_EXAMPLE}.")
        unit = AgeUnit.YEARS
        if index + 1 < len(tokens) and not tokens[index + 1].isdigit():
            word = tokens[index + 1]
            if word not in _UNIT_WORDS:
                raise NotUnderstood(f"Not read as an age: write it as {AGE_EXAMPLE}.")
            unit = _UNIT_WORDS[word]
            index += 1
        elif parts:
            raise NotUnderstood(f"Say what each number counts: {AGE_EXAMPLE}.")
        parts.append((int(number), unit))
        index += 1
    age = _combined(parts)
    if age.amount > _LIMITS[age.unit]:
        raise NotUnderstood(f"That is older than {MAX_AGE_YEARS} years: check the age.")
    return age


def _combined(parts: list[tuple[int, AgeUnit]]) -> Age:
    if len(parts) == 1:
        amount, unit = parts[0]
        return Age(amount, unit)
    units = [unit for _, unit in parts]
    if len(set(units)) != len(units):
        raise NotUnderstood(f"Give each unit once: {AGE_EXAMPLE}.")
    if set(units) == {AgeUnit.YEARS, AgeUnit.MONTHS}:
        return Age(sum(n * 12 if u is AgeUnit.YEARS else n for n, u in parts), AgeUnit.MONTHS)
    if set(units) <= {AgeUnit.WEEKS, AgeUnit.DAYS}:
        return Age(sum(n * 7 if u is AgeUnit.WEEKS else n for n, u in parts), AgeUnit.DAYS)
    raise NotUnderstood(f"Give the age in one unit: {AGE_EXAMPLE}.")
