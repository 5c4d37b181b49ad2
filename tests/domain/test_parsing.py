"""Dates, times and ages read the way a UK practitioner writes them; nothing else read as one."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult_tui.domain.parsing import (
    Age,
    AgeUnit,
    NotUnderstood,
    describe_date,
    read_age,
    read_date,
    read_datetime,
    whole_years,
    written_date,
    written_datetime,
)

NOVEMBER_17 = date(2026, 11, 17)


@pytest.mark.parametrize(
    "typed",
    [
        "17/11/2026",
        "17 Nov 2026",
        "2026-11-17",
        "17.11.26",
        "17-11-2026",
        "17 November 2026",
        "Tue 17 Nov 2026",
        " 17/11/26 ",
        "17th November 2026",
    ],
)
def test_a_uk_date_is_read_day_first(typed: str) -> None:
    assert read_date(typed) == NOVEMBER_17


def test_day_first_order_and_iso_year_first_both_hold_for_ambiguous_days() -> None:
    assert read_date("05/11/2026") == date(2026, 11, 5)
    assert read_date("2026-11-05") == date(2026, 11, 5)


def test_what_was_understood_names_the_weekday() -> None:
    assert describe_date(NOVEMBER_17) == "Tue 17 November 2026"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("15", "month and year"),
        ("Nov 2026", "day"),
        ("31/02/2026", "no such day"),
        ("after half term", "17/11/2026"),
        ("17/11/2026 14:30", "without a time"),
        ("17/11/1066", "year"),
        ("", "Empty"),
    ],
)
def test_text_that_is_not_a_whole_date_is_refused_with_what_to_write(typed, says) -> None:
    with pytest.raises(NotUnderstood) as refused:
        read_date(typed)
    assert says in refused.value.message


@pytest.mark.parametrize(
    ("typed", "hour", "minute"),
    [("17/11/2026 14:30", 14, 30), ("17 Nov 2026 2:30pm", 14, 30), ("2026-11-17T09:05", 9, 5)],
)
def test_a_date_and_time_is_read_as_local_time(typed, hour, minute) -> None:
    moment = read_datetime(typed)
    assert moment.tzinfo is not None
    local = moment.astimezone()
    assert (local.date(), local.hour, local.minute) == (NOVEMBER_17, hour, minute)


def test_a_date_without_a_time_is_not_taken_for_midnight() -> None:
    with pytest.raises(NotUnderstood, match="time of day"):
        read_datetime("17/11/2026")


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("15", Age(15)),
        ("15 years", Age(15)),
        ("15yrs", Age(15)),
        ("15 years old", Age(15)),
        ("7 months", Age(7, AgeUnit.MONTHS)),
        ("7m", Age(7, AgeUnit.MONTHS)),
        ("3 weeks", Age(3, AgeUnit.WEEKS)),
        ("10 days", Age(10, AgeUnit.DAYS)),
        ("1 year 6 months", Age(18, AgeUnit.MONTHS)),
        ("2 weeks 3 days", Age(17, AgeUnit.DAYS)),
    ],
)
def test_an_age_is_kept_in_the_unit_it_was_given(typed: str, age: Age) -> None:
    assert read_age(typed) == age


def test_an_infants_age_says_its_whole_years_beside_it() -> None:
    assert read_age("7 months").describe() == "7 months (0 years)"
    assert read_age("18 months").describe() == "18 months (1 year)"
    assert read_age("15").describe() == "15 years"


@pytest.mark.parametrize("typed", ["ten", "15 15", "200", "7 fortnights", "3 weeks 2 months", ""])
def test_text_that_is_not_an_age_is_refused(typed: str) -> None:
    with pytest.raises(NotUnderstood):
        read_age(typed)


# -- round trips: what a field shows for a stored value reads back as that value ----------------

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days)
def test_a_stored_date_written_back_reads_as_the_same_day(day: date) -> None:
    assert read_date(written_date(day)) == day
    assert read_date(day.isoformat()) == day
    assert read_date(f"{day.day} {day:%b %Y}") == day
    assert read_date(describe_date(day)) == day


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 12, 31)).map(
        lambda m: m.replace(second=0, microsecond=0).astimezone()
    )
)
def test_a_stored_time_written_back_reads_as_the_same_minute(moment: datetime) -> None:
    assert read_datetime(written_datetime(moment)) == moment


@given(st.sampled_from(list(AgeUnit)), st.integers(min_value=0, max_value=1500))
def test_an_age_written_back_reads_as_the_same_age(unit: AgeUnit, amount: int) -> None:
    age = Age(amount, unit)
    try:
        read = read_age(age.written())
    except NotUnderstood:
        assert amount > {AgeUnit.YEARS: 130}.get(unit, 10**6)
        return
    assert read == age
    assert read.years == whole_years(amount, unit) <= amount
