"""The span table (counted time and deadlines by binary search) against a
straightforward reference that walks real time minute by minute, on random
calendars: time zones with daylight saving (Chicago, London, Lord Howe's
half-hour change, Santiago's changes at midnight, Chatham's +12:45, Havana's
skipped and repeated midnight), random
split hours, listed and public holidays, one-date exceptions, and pauses.

The reference knows only the rules as docs/sla.md states them: a minute
counts when it lies in a working span of its local date and in no pause. A
span starts at the first instant whose wall clock shows its start or later
(a start inside a spring-forward gap stands for the transition) and ends at
the first instant that shows its end or later (so a fall-back hour is worked
once). Walking the minutes of a local date in order, that is: the minute
counts when the latest wall time shown so far that date lies in the span.
Then the hand-computed cases of the table itself, on made-up days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ccgov.records.config import Calendar
from ccgov.sla.calendar import BusinessClock, business_day_deadline, business_time, deadline
from ccgov.sla.spans import FIRST_DAY, LAST_DAY, DayUs, SpanTable, utc_date
from helpers import examples

MINUTE = timedelta(minutes=1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A clock change in each zone, as a UTC instant, to aim the ranges at.
CHANGES = {
    "America/Chicago": [datetime(2026, 3, 8, 8, tzinfo=UTC), datetime(2026, 11, 1, 7, tzinfo=UTC)],
    "Europe/London": [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)],
    "Australia/Lord_Howe": [
        datetime(2026, 4, 4, 15, tzinfo=UTC),
        datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
    ],
    "America/Santiago": [datetime(2026, 4, 5, 3, tzinfo=UTC), datetime(2026, 9, 6, 4, tzinfo=UTC)],
    "Pacific/Chatham": [
        datetime(2026, 4, 4, 14, tzinfo=UTC),
        datetime(2026, 9, 26, 14, tzinfo=UTC),
    ],
    # Havana skips midnight in March and repeats it in November.
    "America/Havana": [datetime(2026, 3, 8, 5, tzinfo=UTC), datetime(2026, 11, 1, 5, tzinfo=UTC)],
}


def wall(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def spans(draw: st.DrawFn, most: int = 2) -> list[str]:
    """Up to ``most`` spans on a 15-minute grid; they may overlap or touch."""
    found = []
    for _ in range(draw(st.integers(0, most))):
        start = draw(st.integers(0, 95)) * 15
        end = draw(st.integers(start // 15 + 1, 96)) * 15
        found.append(f"{wall(start)}-{wall(end)}")
    return found


@dataclass(frozen=True)
class Case:
    calendar: Calendar
    start: datetime  # a whole UTC minute
    minutes: int  # length of the range
    pauses: tuple[tuple[datetime, datetime], ...]


@st.composite
def cases(draw: st.DrawFn, longest: int = 4 * 24 * 60) -> Case:
    zone = draw(st.sampled_from(sorted(CHANGES)))
    change = draw(st.sampled_from(CHANGES[zone]))
    start = change + draw(st.integers(-3 * 24 * 60, 2 * 24 * 60)) * MINUTE
    near = [(start + timedelta(days=d)).date() for d in range(-2, 6)]
    hours = {day: draw(spans()) for day in WEEKDAYS if draw(st.booleans())}
    if not any(hours.values()):
        hours["mon"] = ["09:00-17:00"]
    exceptions = [
        {"date": day.isoformat(), "hours": draw(spans(1))}
        for day in sorted(draw(st.sets(st.sampled_from(near), max_size=2)))
    ]
    listed = sorted(draw(st.sets(st.sampled_from(near), max_size=2)))
    country = "US" if zone == "America/Chicago" and draw(st.booleans()) else None
    calendar = Calendar.model_validate(
        {
            "timezone": zone,
            "hours": hours,
            "holidays": {"country": country, "dates": [d.isoformat() for d in listed]},
            "exceptions": exceptions,
        }
    )
    pauses = []
    cursor = start - timedelta(hours=6)
    for _ in range(draw(st.integers(0, 3))):
        cursor += draw(st.integers(0, 36 * 60)) * MINUTE
        length = draw(st.integers(1, 24 * 60)) * MINUTE
        pauses.append((cursor, cursor + length))
        cursor += length
    return Case(calendar, start, draw(st.integers(0, longest)), tuple(pauses))


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime


class Reference:
    """Counted minutes, walked one real minute at a time from a local midnight."""

    def __init__(self, calendar: Calendar) -> None:
        self.zone = ZoneInfo(calendar.timezone)
        self.calendar = calendar
        self.exceptions = {e.date: e.hours for e in calendar.exceptions}
        country = calendar.holidays.country
        self.public = holidays.country_holidays(country, years=range(2025, 2028)) if country else {}

    def spans(self, day: date) -> list[tuple[int, int]]:
        if day in self.exceptions:
            texts = self.exceptions[day]
        elif day in self.calendar.holidays.dates or day in self.public:
            texts = []
        else:
            texts = self.calendar.hours.get(WEEKDAYS[day.weekday()], [])
        return [(int(t[0:2]) * 60 + int(t[3:5]), int(t[6:8]) * 60 + int(t[9:11])) for t in texts]

    def minutes(self, start: datetime, end: datetime) -> list[tuple[datetime, date]]:
        """The working minutes in [start, end) (pauses aside), each with its local date."""
        # Begin well before start, at a local midnight, so that each date's walk is whole.
        cursor = datetime.combine(
            (start - timedelta(days=2)).astimezone(self.zone).date(), datetime.min.time(), self.zone
        ).astimezone(UTC)
        latest: dict[date, int] = {}
        found = []
        while cursor < end:
            local = cursor.astimezone(self.zone)
            day = local.date()
            latest[day] = max(latest.get(day, -1), local.hour * 60 + local.minute)
            shown = latest[day]
            if cursor >= start and any(low <= shown < high for low, high in self.spans(day)):
                found.append((cursor, day))
            cursor += MINUTE
        return found


def paused(instant: datetime, pauses: tuple[tuple[datetime, datetime], ...]) -> bool:
    return any(low <= instant < high for low, high in pauses)


PROPERTY = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(cases())
def test_counted_time_matches_the_minute_walk(case: Case) -> None:
    clock = BusinessClock(case.calendar)
    end = case.start + case.minutes * MINUTE
    counted = [
        m
        for m, _ in Reference(case.calendar).minutes(case.start, end)
        if not paused(m, case.pauses)
    ]
    gaps = [Gap(a, b) for a, b in case.pauses]
    assert business_time(clock, case.start, end, gaps) == len(counted) * MINUTE


@PROPERTY
@given(cases(longest=0), st.integers(0, 16 * 60))
def test_deadline_matches_the_minute_walk(case: Case, budget: int) -> None:
    clock = BusinessClock(case.calendar)
    window = case.start + 10 * timedelta(days=1)
    walked = [
        m
        for m, _ in Reference(case.calendar).minutes(case.start, window)
        if not paused(m, case.pauses)
    ]
    assume(len(walked) >= budget)
    expected = case.start if budget == 0 else walked[budget - 1] + MINUTE
    gaps = [Gap(a, b) for a, b in case.pauses]
    assert deadline(clock, case.start, budget, gaps) == expected


@PROPERTY
@given(cases(longest=0), st.integers(0, 2))
def test_business_days_match_the_minute_walk(case: Case, days: int) -> None:
    clock = BusinessClock(case.calendar)
    walked = Reference(case.calendar).minutes(case.start, case.start + timedelta(days=12))
    working_days = sorted({day for _, day in walked})
    assume(len(working_days) > days)
    target = working_days[days]  # the first working minute's date is the start day
    close = max(m for m, day in walked if day == target) + MINUTE
    assume(close < case.start + timedelta(days=11))  # the walk saw that whole day
    assert business_day_deadline(clock, case.start, days) == close


# --- the table itself, on made-up days ------------------------------------------------------

HOUR = 3_600_000_000
DAY = 24 * HOUR


def made_up(day: date) -> DayUs:
    """Days of 24 h from 1970-01-01; odd days work 09-12 and 13-17, even days are closed."""
    start = (day - date(1970, 1, 1)).days * DAY
    if day.toordinal() % 2:
        return DayUs(start, start + DAY, ((start + 9 * HOUR, start + 12 * HOUR),
                                          (start + 13 * HOUR, start + 17 * HOUR)))  # fmt: skip
    return DayUs(start, start + DAY, ())


def odd_day(n: int) -> int:
    """The start of the n-th odd (working) day from 1970-01-01, in microseconds."""
    first = 0 if date(1970, 1, 1).toordinal() % 2 else 1
    return (first + 2 * n) * DAY


def test_worked_is_a_difference_of_cumulative_sums() -> None:
    table = SpanTable(made_up)
    base = odd_day(1000)
    # 10:00 to 14:00 the same day: 10-12 (2 h) + 13-14 (1 h).
    assert table.worked(base + 10 * HOUR, base + 14 * HOUR) == 3 * HOUR
    # From 09:00 to 09:00 two days later (one closed day between): 7 h.
    assert table.worked(base + 9 * HOUR, base + 2 * DAY + 9 * HOUR) == 7 * HOUR
    # Lunch and nights count nothing; the end is exclusive.
    assert table.worked(base + 12 * HOUR, base + 13 * HOUR) == 0
    assert table.worked(base + 17 * HOUR, base + 2 * DAY + 9 * HOUR) == 0
    assert table.worked(base + 9 * HOUR, base + 9 * HOUR) == 0
    # Far earlier than the table holds: it is rebuilt from further back.
    early = odd_day(10)
    assert table.worked(early + 11 * HOUR, early + 16 * HOUR) == 4 * HOUR
    assert table.first <= date(1970, 1, 1) + timedelta(days=20)
    assert table.worked(base + 10 * HOUR, base + 14 * HOUR) == 3 * HOUR


def test_reach_is_the_earliest_instant() -> None:
    table = SpanTable(made_up)
    base = odd_day(500)
    far = base + 100 * DAY
    assert table.reach(base + 10 * HOUR, 2 * HOUR, far) == base + 12 * HOUR  # not 13:00
    assert table.reach(base + 10 * HOUR, 2 * HOUR + 1, far) == base + 13 * HOUR + 1
    # 7 h from 09:00 spends the whole day; 8 h runs into the next odd day.
    assert table.reach(base + 9 * HOUR, 7 * HOUR, far) == base + 17 * HOUR
    assert table.reach(base + 9 * HOUR, 8 * HOUR, far) == base + 2 * DAY + 10 * HOUR
    # Starting in the night: the work starts at the next opening.
    assert table.reach(base + 20 * HOUR, HOUR, far) == base + 2 * DAY + 10 * HOUR
    # Past the limit: None, even when the answer is just beyond it.
    assert table.reach(base + 9 * HOUR, 8 * HOUR, base + 2 * DAY + 10 * HOUR - 1) is None
    # A year and more ahead: the table grows to find it (7 h a working day).
    assert table.reach(base + 9 * HOUR, 7 * HOUR * 400, base + 1000 * DAY) == base + 798 * DAY + (
        17 * HOUR
    )


def test_close_of_business_counts_working_days() -> None:
    table = SpanTable(made_up)
    base = odd_day(700)
    far = base + 100 * DAY
    assert table.close_of_business(base + 10 * HOUR, 0, far) == base + 17 * HOUR
    assert table.close_of_business(base + 10 * HOUR, 1, far) == base + 2 * DAY + 17 * HOUR
    # In the lunch break the day has not closed; after 17:00 it has.
    assert table.close_of_business(base + 12 * HOUR + 1, 0, far) == base + 17 * HOUR
    assert table.close_of_business(base + 17 * HOUR, 0, far) == base + 2 * DAY + 17 * HOUR
    # On a closed day: the next working day is the start day.
    assert table.close_of_business(base + DAY, 1, far) == base + 4 * DAY + 17 * HOUR
    assert table.close_of_business(base + 10 * HOUR, 1, base + 2 * DAY + 17 * HOUR - 1) is None
    assert table.close_of_business(base + 10 * HOUR, 300, base + 700 * DAY) == base + 600 * DAY + (
        17 * HOUR
    )


def test_nothing_to_find_stops_at_the_limit() -> None:
    table = SpanTable(lambda day: DayUs(made_up(day).start, made_up(day).end, ()))
    assert table.reach(0, HOUR, 400 * DAY) is None
    assert table.close_of_business(0, 0, 400 * DAY) is None
    assert table.worked(0, 50 * DAY) == 0


def test_the_table_never_leaves_the_dates_python_can_hold() -> None:
    assert date.min < FIRST_DAY and date.max > LAST_DAY
    table = SpanTable(made_up)
    near_end = (LAST_DAY - date(1970, 1, 1)).days * DAY
    # No working time after LAST_DAY is ever asked for: the search gives up instead.
    assert table.reach(near_end - 3 * DAY, 100 * HOUR, near_end + 10 * DAY) is None
    assert table.last == LAST_DAY
    assert table.close_of_business(near_end, 50, near_end + 10 * DAY) is None
    # The same at the other edge: walking back never passes FIRST_DAY.
    near_start = (FIRST_DAY - date(1970, 1, 1)).days * DAY
    assert table.worked(near_start, near_start + 5 * DAY) == 3 * 7 * HOUR
    assert table.first == FIRST_DAY


def test_a_far_jump_starts_afresh_instead_of_filling_the_years_between() -> None:
    asked: list[date] = []

    def counted(day: date) -> DayUs:
        asked.append(day)
        return made_up(day)

    table = SpanTable(counted)
    base = odd_day(100)
    assert table.worked(base + 10 * HOUR, base + 11 * HOUR) == HOUR
    far = odd_day(100 + 5 * 365)
    assert table.worked(far + 10 * HOUR, far + 11 * HOUR) == HOUR
    assert table.first > date(1975, 1, 1)  # the first years are gone
    assert table.worked(base + 10 * HOUR, base + 11 * HOUR) == HOUR  # and come back
    assert len(asked) < 100  # a few days around each question, not five years
    # Near what is held, it grows back instead, keeping what it has, and reaching
    # further back than asked (by as much as it held, up to a year).
    assert table.worked(base, base + 40 * DAY) == 20 * 7 * HOUR
    last = table.last
    assert table.worked(base - 30 * DAY, base) == 15 * 7 * HOUR
    assert table.last == last
    assert table.first <= utc_date(base) - timedelta(days=40)


def test_growing_forward_a_day_at_a_time_misses_no_day() -> None:
    table = SpanTable(made_up)
    base = odd_day(300)
    for days in range(1, 30):
        # Each question reaches one day further than the table holds.
        assert table.worked(base, base + days * DAY) == ((days + 1) // 2) * 7 * HOUR


def test_a_limit_is_inclusive() -> None:
    table = SpanTable(made_up)
    base = odd_day(900)
    found = base + 2 * DAY + 10 * HOUR  # 8 h from 09:00: the next odd day, 10:00
    assert table.reach(base + 9 * HOUR, 8 * HOUR, found) == found
    assert table.reach(base + 9 * HOUR, 8 * HOUR, found - 1) is None
    close = base + 2 * DAY + 17 * HOUR
    assert table.close_of_business(base + 10 * HOUR, 1, close) == close
    assert table.close_of_business(base + 10 * HOUR, 1, close - 1) is None
