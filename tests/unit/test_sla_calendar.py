"""Business time: hand-computed cases in America/Chicago, then properties.

Every expected figure below is worked out by hand in the comment beside it
(CST is UTC-6, CDT is UTC-5; 2026-03-08 springs forward at 02:00, 2026-11-01
falls back at 02:00).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ccgov.records.config import Calendar
from ccgov.records.incident import Pause
from ccgov.sla.calendar import (
    HORIZON_DAYS,
    BeyondHorizon,
    BusinessClock,
    Segment,
    business_day_deadline,
    business_minutes,
    business_time,
    deadline,
    intervals,
    target_budget,
    target_deadline,
    target_minutes,
)
from helpers import examples

CHICAGO = ZoneInfo("America/Chicago")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE_HOURS = {day: ["08:00-17:00"] for day in WEEKDAYS}


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO, fold=fold)


def chicago(hours: dict[str, list[str]], **holidays: object) -> BusinessClock:
    return BusinessClock(
        Calendar.model_validate(
            {"timezone": "America/Chicago", "hours": hours, "holidays": holidays}
        )
    )


@dataclass(frozen=True)
class Gap:
    """A pause as the maths sees it: anything with start and end."""

    start: datetime
    end: datetime


OFFICE = chicago(OFFICE_HOURS)
SPLIT = chicago({day: ["08:00-12:00", "13:00-17:00"] for day in WEEKDAYS})
SUNDAY_ALL_DAY = chicago({**OFFICE_HOURS, "sun": ["00:00-24:00"]})
US_OFFICE = chicago(OFFICE_HOURS, country="US")
ALWAYS = BusinessClock(None)


def local(segments: list[Segment]) -> list[tuple[str, str, str]]:
    """Segments as local wall-clock text, for readable assertions."""
    fmt = "%a %m-%d %H:%M%z"
    return [
        (s.start.astimezone(CHICAGO).strftime(fmt), s.end.astimezone(CHICAGO).strftime(fmt), s.kind)
        for s in segments
    ]


def assert_partition(segments: list[Segment], start: datetime, end: datetime) -> None:
    assert segments, "a non-empty range has segments"
    assert segments[0].start == start and segments[-1].end == end
    for segment in segments:
        assert segment.start < segment.end
        assert segment.start.tzinfo is UTC and segment.end.tzinfo is UTC
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start, "no gaps, no overlaps"
        assert before.kind != after.kind, "neighbours of one kind are merged"


# --- a Mon-Fri 08:00-17:00 office ---------------------------------------------


def test_within_one_working_day() -> None:
    assert business_minutes(OFFICE, at(2026, 1, 12, 9), at(2026, 1, 12, 11, 30)) == 150


def test_weekend_is_not_counted() -> None:
    # Fri 16:00-17:00 (60) + Mon 08:00-09:00 (60).
    start, end = at(2026, 1, 9, 16), at(2026, 1, 12, 9)
    assert business_minutes(OFFICE, start, end) == 120
    segments = intervals(OFFICE, start, end)
    assert local(segments) == [
        ("Fri 01-09 16:00-0600", "Fri 01-09 17:00-0600", "counted"),
        ("Fri 01-09 17:00-0600", "Mon 01-12 08:00-0600", "off_hours"),
        ("Mon 01-12 08:00-0600", "Mon 01-12 09:00-0600", "counted"),
    ]
    assert_partition(segments, start, end)


def test_range_outside_hours_counts_nothing() -> None:
    assert business_minutes(OFFICE, at(2026, 1, 10, 9), at(2026, 1, 11, 20)) == 0
    assert business_minutes(OFFICE, at(2026, 1, 12, 17), at(2026, 1, 13, 8)) == 0


def test_end_not_after_start_gives_zero_and_no_segments() -> None:
    assert business_minutes(OFFICE, at(2026, 1, 12, 10), at(2026, 1, 12, 9)) == 0
    assert business_minutes(OFFICE, at(2026, 1, 12, 10), at(2026, 1, 12, 10)) == 0
    assert intervals(OFFICE, at(2026, 1, 12, 10), at(2026, 1, 12, 9)) == []


def test_instants_in_other_zones_are_the_same_instants() -> None:
    # 15:00Z is 09:00 CST; 11:30 CST is 17:30Z.
    start = datetime(2026, 1, 12, 15, tzinfo=UTC)
    end = datetime(2026, 1, 12, 17, 30, tzinfo=ZoneInfo("Europe/London"))
    assert business_minutes(OFFICE, start, end) == 150


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        business_minutes(OFFICE, datetime(2026, 1, 12, 9), at(2026, 1, 12, 10))
    with pytest.raises(ValueError, match="no time zone"):
        deadline(OFFICE, datetime(2026, 1, 12, 9), 60)


def test_overlapping_spans_count_once() -> None:
    clock = chicago({"mon": ["08:00-12:00", "11:00-13:00"]})
    assert business_minutes(clock, at(2026, 1, 12), at(2026, 1, 13)) == 5 * 60


# --- split shift ----------------------------------------------------------------


def test_split_shift_lunch_is_off_hours() -> None:
    # 11:00-12:00 (60) + 13:00-14:00 (60).
    start, end = at(2026, 1, 12, 11), at(2026, 1, 12, 14)
    assert business_minutes(SPLIT, start, end) == 120
    assert [s.kind for s in intervals(SPLIT, start, end)] == ["counted", "off_hours", "counted"]
    assert deadline(SPLIT, at(2026, 1, 12, 11, 30), 45) == at(2026, 1, 12, 13, 15)
    assert business_minutes(SPLIT, at(2026, 1, 12), at(2026, 1, 13)) == 8 * 60


# --- daylight saving --------------------------------------------------------------


def test_24x7_across_spring_forward_counts_real_time() -> None:
    # Fri 16:00 CST (22:00Z) to Mon 09:00 CDT (14:00Z): 64 h, not the 65 h the wall clock suggests.
    assert business_minutes(ALWAYS, at(2026, 3, 6, 16), at(2026, 3, 9, 9)) == 64 * 60
    assert business_minutes(ALWAYS, at(2026, 3, 8), at(2026, 3, 9)) == 23 * 60


def test_24x7_across_fall_back_counts_real_time() -> None:
    # Fri 16:00 CDT (21:00Z) to Mon 09:00 CST (15:00Z): 66 h.
    assert business_minutes(ALWAYS, at(2026, 10, 30, 16), at(2026, 11, 2, 9)) == 66 * 60
    assert business_minutes(ALWAYS, at(2026, 11, 1), at(2026, 11, 2)) == 25 * 60


def test_office_hours_across_dst_weekends() -> None:
    # The change happens on a Sunday: Fri 16-17 + Mon 08-09 either way.
    assert business_minutes(OFFICE, at(2026, 3, 6, 16), at(2026, 3, 9, 9)) == 120
    assert business_minutes(OFFICE, at(2026, 10, 30, 16), at(2026, 11, 2, 9)) == 120


def test_all_day_sunday_has_23_and_25_real_hours() -> None:
    spring, fall = date(2026, 3, 8), date(2026, 11, 1)
    assert SUNDAY_ALL_DAY.working_spans(spring) == ((at(2026, 3, 8), at(2026, 3, 9)),)
    assert SUNDAY_ALL_DAY.day_bounds(fall) == (at(2026, 11, 1), at(2026, 11, 2))
    assert business_minutes(SUNDAY_ALL_DAY, at(2026, 3, 8), at(2026, 3, 9)) == 23 * 60
    assert business_minutes(SUNDAY_ALL_DAY, at(2026, 11, 1), at(2026, 11, 2)) == 25 * 60
    # Fri 16-17 (60) + Sunday + Mon 08-09 (60).
    assert (
        business_minutes(SUNDAY_ALL_DAY, at(2026, 3, 6, 16), at(2026, 3, 9, 9)) == 60 + 23 * 60 + 60
    )
    assert (
        business_minutes(SUNDAY_ALL_DAY, at(2026, 10, 30, 16), at(2026, 11, 2, 9))
        == 60 + 25 * 60 + 60
    )
    segments = intervals(SUNDAY_ALL_DAY, at(2026, 11, 1), at(2026, 11, 2))
    assert [(s.kind, s.minutes) for s in segments] == [("counted", 25 * 60)]


def test_within_the_changing_hours() -> None:
    # 01:00 CST (07:00Z) to 04:00 CDT (09:00Z): two real hours.
    assert business_minutes(SUNDAY_ALL_DAY, at(2026, 3, 8, 1), at(2026, 3, 8, 4)) == 120
    # 00:30 CDT (05:30Z) to the second 01:30, in CST (07:30Z): two real hours.
    assert (
        business_minutes(SUNDAY_ALL_DAY, at(2026, 11, 1, 0, 30), at(2026, 11, 1, 1, 30, fold=1))
        == 120
    )
    assert (
        business_minutes(SUNDAY_ALL_DAY, at(2026, 11, 1, 0, 30), at(2026, 11, 1, 1, 30, fold=0))
        == 60
    )


@pytest.mark.parametrize(
    ("span", "day", "minutes"),
    [
        # Spring forward: 02:00-03:00 never shows on the wall clock.
        ("02:30-05:00", date(2026, 3, 8), 120),  # starts at the transition, 03:00 CDT
        ("01:00-02:30", date(2026, 3, 8), 60),  # ends at the transition
        ("02:00-02:30", date(2026, 3, 8), 0),  # entirely in the gap
        ("01:00-04:00", date(2026, 3, 8), 120),
        # Fall back: 01:00-02:00 shows twice; a shift is worked in real time.
        ("00:00-02:00", date(2026, 11, 1), 180),  # 00:00 CDT to 02:00 CST
        ("01:30-05:00", date(2026, 11, 1), 270),  # 01:30 CDT to 05:00 CST
        ("01:00-01:30", date(2026, 11, 1), 30),  # ends at the first 01:30
        ("00:00-24:00", date(2026, 11, 1), 25 * 60),
        ("08:00-17:00", date(2026, 11, 1), 9 * 60),  # away from the change: unaffected
    ],
)
def test_spans_on_dst_days(span: str, day: date, minutes: int) -> None:
    clock = chicago({"sun": [span]})
    start, end = clock.day_bounds(day)
    assert business_minutes(clock, start, end) == minutes


def test_local_days_partition_the_timeline() -> None:
    day = date(2026, 2, 20)
    for _ in range(400):
        assert OFFICE.day_bounds(day)[1] == OFFICE.day_bounds(day + timedelta(days=1))[0]
        day += timedelta(days=1)


# --- holidays -----------------------------------------------------------------------


def test_listed_holiday_closes_the_whole_local_day() -> None:
    clock = chicago(OFFICE_HOURS, dates=["2026-01-14"])
    # Tue 16-17 (60) + Thu 08-09 (60); Wednesday is a company holiday.
    start, end = at(2026, 1, 13, 16), at(2026, 1, 15, 9)
    assert business_minutes(clock, start, end) == 120
    assert local(intervals(clock, start, end)) == [
        ("Tue 01-13 16:00-0600", "Tue 01-13 17:00-0600", "counted"),
        ("Tue 01-13 17:00-0600", "Wed 01-14 00:00-0600", "off_hours"),
        ("Wed 01-14 00:00-0600", "Thu 01-15 00:00-0600", "holiday"),
        ("Thu 01-15 00:00-0600", "Thu 01-15 08:00-0600", "off_hours"),
        ("Thu 01-15 08:00-0600", "Thu 01-15 09:00-0600", "counted"),
    ]
    assert clock.holiday_name(date(2026, 1, 14)) == "company holiday"
    assert clock.working_spans(date(2026, 1, 14)) == ()


def test_us_public_holidays_from_the_country() -> None:
    assert US_OFFICE.holiday_name(date(2026, 1, 19)) == "Martin Luther King Jr. Day"
    # Fri 16-17 + Tue 08-09: Monday 2026-01-19 is MLK day.
    assert business_minutes(US_OFFICE, at(2026, 1, 16, 16), at(2026, 1, 20, 9)) == 120
    # Thu 12-24 16-17 + Mon 12-28 08-09: Christmas is Friday.
    start, end = at(2026, 12, 24, 16), at(2026, 12, 28, 9)
    assert business_minutes(US_OFFICE, start, end) == 120
    assert local(intervals(US_OFFICE, start, end)) == [
        ("Thu 12-24 16:00-0600", "Thu 12-24 17:00-0600", "counted"),
        ("Thu 12-24 17:00-0600", "Fri 12-25 00:00-0600", "off_hours"),
        ("Fri 12-25 00:00-0600", "Sat 12-26 00:00-0600", "holiday"),
        ("Sat 12-26 00:00-0600", "Mon 12-28 08:00-0600", "off_hours"),
        ("Mon 12-28 08:00-0600", "Mon 12-28 09:00-0600", "counted"),
    ]
    # Without the country the same range counts Christmas Day.
    assert business_minutes(OFFICE, start, end) == 120 + 9 * 60


def test_subdivision_holidays() -> None:
    texas = chicago(OFFICE_HOURS, country="US", subdivision="TX")
    assert texas.is_holiday(date(2026, 3, 2))  # Texas Independence Day
    assert not US_OFFICE.is_holiday(date(2026, 3, 2))
    # Monday 2 March is not worked in Texas: Fri 16-17 + Tue 08-09.
    assert business_minutes(texas, at(2026, 2, 27, 16), at(2026, 3, 3, 9)) == 120
    assert business_minutes(US_OFFICE, at(2026, 2, 27, 16), at(2026, 3, 3, 9)) == 120 + 9 * 60


def test_year_end() -> None:
    # Wed 2025-12-31 16-17 + Fri 2026-01-02 08-09; New Year's Day is a Thursday.
    start, end = at(2025, 12, 31, 16), at(2026, 1, 2, 9)
    assert business_minutes(US_OFFICE, start, end) == 120
    assert business_minutes(OFFICE, start, end) == 120 + 9 * 60
    assert deadline(US_OFFICE, start, 120) == end


def test_24x7_ignores_holidays() -> None:
    assert business_minutes(ALWAYS, at(2026, 12, 25), at(2026, 12, 26)) == 24 * 60


def test_unknown_country_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="holidays country 'XX' is not known"):
        chicago(OFFICE_HOURS, country="XX")
    with pytest.raises(ValueError, match="subdivision 'ZZ'"):
        chicago(OFFICE_HOURS, country="US", subdivision="ZZ")


# --- calendar exceptions (one date's own hours) -------------------------------------------


def with_exceptions(*exceptions: dict[str, object], **holidays: object) -> BusinessClock:
    return BusinessClock(
        Calendar.model_validate(
            {
                "timezone": "America/Chicago",
                "hours": OFFICE_HOURS,
                "holidays": holidays,
                "exceptions": list(exceptions),
            }
        )
    )


def test_a_half_day_replaces_the_weekdays_hours() -> None:
    clock = with_exceptions({"date": "2026-12-23", "hours": ["08:00-12:00"]})
    # Wed 23 December: 08:00-12:00 only. Tue 16-17 (60) + Wed 08-12 (240) + Thu 08-09 (60).
    assert business_minutes(clock, at(2026, 12, 22, 16), at(2026, 12, 24, 9)) == 360
    assert clock.working_spans(date(2026, 12, 23)) == ((at(2026, 12, 23, 8), at(2026, 12, 23, 12)),)
    # 2 h from Wed 11:00: 11-12 (60), then Thu 08-09 (60).
    assert deadline(clock, at(2026, 12, 23, 11), 120) == at(2026, 12, 24, 9)
    # Wed afternoon is off hours now.
    assert [s.kind for s in intervals(clock, at(2026, 12, 23, 11), at(2026, 12, 23, 14))] == [
        "counted",
        "off_hours",
    ]


def test_an_exception_opens_a_public_holiday_and_a_weekend() -> None:
    clock = with_exceptions(
        {"date": "2026-12-25", "hours": ["09:00-11:00"], "reason": "Claims surge cover"},
        {"date": "2026-12-26", "hours": ["10:00-12:00"]},
        country="US",
    )
    assert clock.holiday_name(date(2026, 12, 25)) is None  # Christmas, but opened
    assert not clock.is_holiday(date(2026, 12, 26))
    # Thu 16-17 (60) + Fri 09-11 (120) + Sat 10-12 (120) + Mon 08-09 (60).
    assert business_minutes(clock, at(2026, 12, 24, 16), at(2026, 12, 28, 9)) == 360
    # Without the exceptions: 120 (see test_us_public_holidays_from_the_country).
    assert business_minutes(US_OFFICE, at(2026, 12, 24, 16), at(2026, 12, 28, 9)) == 120


def test_an_exception_without_hours_closes_the_date_under_its_reason() -> None:
    clock = with_exceptions({"date": "2026-01-14", "hours": [], "reason": "Office move"})
    assert clock.holiday_name(date(2026, 1, 14)) == "Office move"
    assert clock.working_spans(date(2026, 1, 14)) == ()
    # Tue 16-17 + Thu 08-09, as for a listed holiday.
    assert business_minutes(clock, at(2026, 1, 13, 16), at(2026, 1, 15, 9)) == 120
    assert "holiday" in [s.kind for s in intervals(clock, at(2026, 1, 13, 16), at(2026, 1, 15, 9))]
    unnamed = with_exceptions({"date": "2026-01-14", "hours": []})
    assert unnamed.holiday_name(date(2026, 1, 14)) == "calendar exception"


def test_business_days_count_the_exceptions() -> None:
    clock = with_exceptions(
        {"date": "2026-01-10", "hours": ["09:00-13:00"]},  # Saturday opened
        {"date": "2026-01-12", "hours": []},  # Monday closed
    )
    # Fri 9 January 10:00, 1 business day: Saturday (opened) closes at 13:00.
    assert business_day_deadline(clock, at(2026, 1, 9, 10), 1) == at(2026, 1, 10, 13)
    # 2 business days: Monday is closed, so Tuesday 17:00.
    assert business_day_deadline(clock, at(2026, 1, 9, 10), 2) == at(2026, 1, 13, 17)
    # Fri 10-17 (420) + Sat 09-13 (240) + Tue 08-17 (540).
    assert target_minutes(clock, at(2026, 1, 9, 10), "2d") == 420 + 240 + 540


def test_a_calendar_of_exceptions_only_has_working_hours() -> None:
    clock = BusinessClock(
        Calendar.model_validate(
            {
                "timezone": "America/Chicago",
                "hours": {},
                "exceptions": [{"date": "2026-02-07", "hours": ["10:00-11:00"]}],
            }
        )
    )
    assert clock.has_working_hours
    assert deadline(clock, at(2026, 1, 1), 30) == at(2026, 2, 7, 10, 30)


def test_an_exception_on_a_dst_day_is_worked_in_real_time() -> None:
    # Sunday 8 March 2026 springs forward at 02:00: 00:00-06:00 is 5 real hours.
    clock = with_exceptions({"date": "2026-03-08", "hours": ["00:00-06:00"]})
    start, end = clock.day_bounds(date(2026, 3, 8))
    assert business_minutes(clock, start, end) == 5 * 60


def test_an_exception_date_may_be_listed_once() -> None:
    with pytest.raises(ValueError, match="2026-12-24 is listed twice"):
        with_exceptions(
            {"date": "2026-12-24", "hours": ["08:00-12:00"]},
            {"date": "2026-12-24", "hours": []},
        )


# --- pauses -----------------------------------------------------------------------------


def test_pause_inside_working_hours() -> None:
    start, end = at(2026, 1, 12, 9), at(2026, 1, 12, 12)
    pauses = [Pause(start=at(2026, 1, 12, 10), end=at(2026, 1, 12, 10, 30), reason="customer")]
    assert business_minutes(OFFICE, start, end, pauses) == 150
    assert [(s.kind, s.minutes) for s in intervals(OFFICE, start, end, pauses)] == [
        ("counted", 60),
        ("paused", 30),
        ("counted", 90),
    ]


def test_pause_straddling_off_hours_is_shown_as_paused() -> None:
    # Counted: Mon 16:00-16:30 (30) and Tue 08:30-10:00 (90).
    start, end = at(2026, 1, 12, 16), at(2026, 1, 13, 10)
    pauses = [Gap(at(2026, 1, 12, 16, 30), at(2026, 1, 13, 8, 30))]
    assert business_minutes(OFFICE, start, end, pauses) == 120
    assert local(intervals(OFFICE, start, end, pauses)) == [
        ("Mon 01-12 16:00-0600", "Mon 01-12 16:30-0600", "counted"),
        ("Mon 01-12 16:30-0600", "Tue 01-13 08:30-0600", "paused"),
        ("Tue 01-13 08:30-0600", "Tue 01-13 10:00-0600", "counted"),
    ]


def test_pause_in_the_weekend_changes_nothing_but_is_shown() -> None:
    start, end = at(2026, 1, 9, 16), at(2026, 1, 12, 9)
    pauses = [Gap(at(2026, 1, 10, 10), at(2026, 1, 10, 12))]
    assert business_minutes(OFFICE, start, end, pauses) == 120
    assert [s.kind for s in intervals(OFFICE, start, end, pauses)] == [
        "counted",
        "off_hours",
        "paused",
        "off_hours",
        "counted",
    ]


def test_pause_beats_holiday() -> None:
    start, end = at(2026, 12, 24, 16), at(2026, 12, 28, 9)
    pauses = [Gap(at(2026, 12, 24, 16, 30), at(2026, 12, 28, 8, 30))]
    assert [s.kind for s in intervals(US_OFFICE, start, end, pauses)] == [
        "counted",
        "paused",
        "counted",
    ]
    assert business_minutes(US_OFFICE, start, end, pauses) == 60


def test_overlapping_and_outside_pauses_count_once() -> None:
    start, end = at(2026, 1, 12, 9), at(2026, 1, 12, 12)
    pauses = [
        Gap(at(2026, 1, 12, 10), at(2026, 1, 12, 11)),
        Gap(at(2026, 1, 12, 10, 30), at(2026, 1, 12, 11, 30)),  # overlaps the first: INC002
        Gap(at(2026, 1, 12, 7), at(2026, 1, 12, 9, 15)),  # starts before the range
        Gap(at(2026, 1, 12, 14), at(2026, 1, 12, 13)),  # inverted: INC003, ignored
    ]
    # Counted: 09:15-10:00 (45) + 11:30-12:00 (30).
    assert business_minutes(OFFICE, start, end, pauses) == 75
    assert_partition(intervals(OFFICE, start, end, pauses), start, end)


def test_24x7_minus_pauses() -> None:
    pauses = [Gap(at(2026, 3, 7, 22), at(2026, 3, 8, 4))]  # 6 wall hours, 5 real: spring forward
    assert (
        business_minutes(ALWAYS, at(2026, 3, 7, 12), at(2026, 3, 8, 12), pauses) == 23 * 60 - 5 * 60
    )


# --- deadlines ------------------------------------------------------------------------------


def test_deadline_is_the_inverse_of_business_minutes() -> None:
    # Fri 15:00 + 4 h: Fri 15-17 (2 h) then Mon 08-10.
    assert deadline(OFFICE, at(2026, 1, 9, 15), 240) == at(2026, 1, 12, 10)
    assert business_minutes(OFFICE, at(2026, 1, 9, 15), at(2026, 1, 12, 10)) == 240


def test_deadline_is_the_earliest_instant() -> None:
    # Budget used up exactly at closing: 17:00 Monday, not 08:00 Tuesday.
    assert deadline(OFFICE, at(2026, 1, 12, 16), 60) == at(2026, 1, 12, 17)
    # Starting off-hours: the clock starts at opening.
    assert deadline(OFFICE, at(2026, 1, 10, 11), 30) == at(2026, 1, 12, 8, 30)
    assert deadline(OFFICE, at(2026, 1, 12, 9), 0) == at(2026, 1, 12, 9)
    assert deadline(OFFICE, at(2026, 1, 10, 9), 0) == at(2026, 1, 10, 9)


def test_deadline_with_pauses_and_holidays() -> None:
    # Fri 2026-01-16 16:00 + 3 h with a Fri 16:30-17:00 pause: 30 min Fri, MLK Monday off,
    # Tue 08:00-10:30.
    pauses = [Gap(at(2026, 1, 16, 16, 30), at(2026, 1, 16, 17))]
    assert deadline(US_OFFICE, at(2026, 1, 16, 16), 180, pauses) == at(2026, 1, 20, 10, 30)


def test_deadline_24x7_with_pauses_and_dst() -> None:
    # Sat 12:00 CST + 24 h of real time lands at Sun 13:00 CDT; a 1 h pause adds one.
    assert deadline(ALWAYS, at(2026, 3, 7, 12), 24 * 60) == at(2026, 3, 8, 13)
    pauses = [Gap(at(2026, 3, 7, 13), at(2026, 3, 7, 14))]
    assert deadline(ALWAYS, at(2026, 3, 7, 12), 24 * 60, pauses) == at(2026, 3, 8, 14)


def test_deadline_accepts_fractions_and_refuses_negatives() -> None:
    assert deadline(OFFICE, at(2026, 1, 12, 9), 0.5) == at(2026, 1, 12, 9) + timedelta(seconds=30)
    with pytest.raises(ValueError, match="negative"):
        deadline(OFFICE, at(2026, 1, 12, 9), -1)


def test_deadline_on_a_calendar_without_hours_fails_fast() -> None:
    closed = chicago({})
    with pytest.raises(
        BeyondHorizon, match=r"^calendar has no working hours; every deadline on it is unreachable$"
    ):
        deadline(closed, at(2026, 1, 12, 9), 60)
    with pytest.raises(
        BeyondHorizon, match=r"^calendar has no working hours; every deadline on it is unreachable$"
    ):
        business_day_deadline(closed, at(2026, 1, 12, 9), 1)
    assert business_minutes(closed, at(2026, 1, 12), at(2026, 2, 12)) == 0


def test_deadline_gives_up_after_ten_years() -> None:
    # Work only on Mondays and every Monday for 12 years is a holiday.
    mondays = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(12 * 53)]
    clock = chicago({"mon": ["08:00-17:00"]}, dates=[d.isoformat() for d in mondays])
    with pytest.raises(ValueError, match="no working time found within 10 years"):
        deadline(clock, at(2026, 1, 1), 60)
    endless = [Gap(at(2026, 1, 1), at(2040, 1, 1))]
    with pytest.raises(ValueError, match="no working time found"):
        deadline(OFFICE, at(2026, 1, 1), 60, endless)


def test_deadline_is_efficient_over_long_spans() -> None:
    # About six working years of 9-hour days.
    budget = 6 * 250 * 9 * 60
    due = deadline(US_OFFICE, at(2026, 1, 1), budget)
    assert business_minutes(US_OFFICE, at(2026, 1, 1), due) == budget


# --- business days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (at(2026, 1, 12, 10), 1, at(2026, 1, 13, 17)),  # Mon during hours: Tue close
        (at(2026, 1, 12, 7), 1, at(2026, 1, 13, 17)),  # Mon before opening: same day counts
        (at(2026, 1, 12, 18), 1, at(2026, 1, 14, 17)),  # Mon after closing: from Tue
        (at(2026, 1, 10, 10), 1, at(2026, 1, 13, 17)),  # Saturday: from Mon
        (at(2026, 1, 9, 10), 1, at(2026, 1, 12, 17)),  # Friday: the weekend is skipped
        (at(2026, 1, 12, 10), 0, at(2026, 1, 12, 17)),  # zero: close of the start day
        (at(2026, 1, 12, 10), 5, at(2026, 1, 19, 17)),
    ],
)
def test_business_day_deadline(start: datetime, days: int, expected: datetime) -> None:
    assert business_day_deadline(OFFICE, start, days) == expected


def test_business_day_deadline_skips_holidays_and_lunch() -> None:
    # Fri 2026-01-16: day 1 is Tue (MLK Monday), day 2 Wed.
    assert business_day_deadline(US_OFFICE, at(2026, 1, 16, 10), 2) == at(2026, 1, 21, 17)
    # Starting on the holiday counts from Tuesday.
    assert business_day_deadline(US_OFFICE, at(2026, 1, 19, 10), 1) == at(2026, 1, 21, 17)
    # In the lunch break of a split shift the day has not closed yet.
    assert business_day_deadline(SPLIT, at(2026, 1, 12, 12, 30), 1) == at(2026, 1, 13, 17)


def test_business_day_deadline_24x7_is_real_days() -> None:
    # Sat 12:00 CST + 1 day = 24 real hours = Sun 13:00 CDT.
    assert business_day_deadline(ALWAYS, at(2026, 3, 7, 12), 1) == at(2026, 3, 8, 13)


def test_target_deadline_units() -> None:
    start = at(2026, 1, 9, 15)
    assert target_deadline(OFFICE, start, "4h") == at(2026, 1, 12, 10)
    assert target_deadline(OFFICE, start, "90m") == at(2026, 1, 9, 16, 30)
    assert target_deadline(OFFICE, start, "30min") == at(2026, 1, 9, 15, 30)
    assert target_deadline(OFFICE, start, "2d") == business_day_deadline(OFFICE, start, 2)
    assert target_deadline(ALWAYS, start, "2d") == start + timedelta(hours=48)
    assert target_minutes(ALWAYS, start, "2d") == 2 * 24 * 60
    # Fri 15-17 (2 h) + Mon + Tue (9 h each).
    assert target_minutes(OFFICE, start, "2d") == 20 * 60
    assert target_budget(OFFICE, start, "4h") == timedelta(hours=4)
    with pytest.raises(ValueError, match="not a duration"):
        target_deadline(OFFICE, start, "2w")


def test_business_days_with_pauses_move_by_the_paused_working_time() -> None:
    # Mon 09:00, 2 business days = close of Wed (8 + 9 + 9 h); a 1 h pause on Monday
    # pushes the deadline one working hour on: Thu 09:00.
    start = at(2026, 1, 12, 9)
    pauses = [Gap(at(2026, 1, 12, 10), at(2026, 1, 12, 11))]
    assert target_deadline(OFFICE, start, "2d", pauses) == at(2026, 1, 15, 9)


# --- properties ----------------------------------------------------------------------------

ZONES = [
    "America/Chicago",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Sao_Paulo",
]
CLOCKS = [
    ALWAYS,
    OFFICE,
    SPLIT,
    SUNDAY_ALL_DAY,
    US_OFFICE,
    # Lord Howe moves its clocks by 30 minutes, at 02:00.
    BusinessClock(
        Calendar.model_validate(
            {
                "timezone": "Australia/Lord_Howe",
                "hours": {"sun": ["01:00-03:00"], "mon": ["00:00-24:00"]},
            }
        )
    ),
    BusinessClock(
        Calendar.model_validate(
            {
                "timezone": "Europe/London",
                "hours": {day: ["09:00-12:30", "13:30-17:30"] for day in WEEKDAYS},
                "holidays": {"country": "GB", "subdivision": "ENG", "dates": ["2026-03-30"]},
            }
        )
    ),
]
# Transitions in 2025-2027 in the zones above, as UTC instants, to aim examples at.
TRANSITIONS = [
    datetime(2025, 3, 9, 8, tzinfo=UTC),
    datetime(2025, 11, 2, 7, tzinfo=UTC),
    datetime(2026, 3, 8, 8, tzinfo=UTC),
    datetime(2026, 11, 1, 7, tzinfo=UTC),
    datetime(2027, 3, 14, 8, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe
    datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
]
PROPERTY = settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

near_transition = st.builds(
    lambda base, minutes, zone: (base + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone)),
    st.sampled_from(TRANSITIONS),
    st.integers(-3 * 24 * 60, 3 * 24 * 60),
    st.sampled_from(ZONES),
)
anywhere = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.sampled_from([ZoneInfo(zone) for zone in ZONES]),
).map(lambda value: value.replace(microsecond=0))
instants = st.one_of(near_transition, anywhere)
spans = st.integers(0, 9 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))


def later(start: datetime, length: timedelta) -> datetime:
    """``length`` of real time after ``start``, in start's zone.

    Arithmetic on two datetimes sharing a ZoneInfo is wall-clock arithmetic in
    Python, so real durations go through UTC.
    """
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def overlap(pauses: list[Gap], start: datetime, end: datetime) -> timedelta:
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    return sum(
        (max(timedelta(0), min(p.end, end) - max(p.start, start)) for p in pauses), timedelta(0)
    )


@st.composite
def gaps(draw: st.DrawFn, start: datetime) -> list[Gap]:
    """Up to three disjoint pauses near ``start``, in order, as UTC instants."""
    result: list[Gap] = []
    cursor = start.astimezone(UTC) - timedelta(hours=6)
    for _ in range(draw(st.integers(0, 3))):
        cursor += timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
        length = timedelta(minutes=draw(st.integers(1, 2 * 24 * 60)))
        result.append(Gap(cursor, cursor + length))
        cursor += length
    return result


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, spans, spans, st.data())
def test_additive_over_a_split_point(
    clock: BusinessClock, a: datetime, ab: timedelta, bc: timedelta, data: st.DataObject
) -> None:
    b, c = later(a, ab), later(a, ab + bc)
    pauses = data.draw(gaps(a))
    whole = business_time(clock, a, c, pauses)
    assert whole == business_time(clock, a, b, pauses) + business_time(clock, b, c, pauses)
    assert timedelta(0) <= whole <= ab + bc


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, spans.filter(bool), st.data())
def test_segments_partition_the_range(
    clock: BusinessClock, start: datetime, length: timedelta, data: st.DataObject
) -> None:
    end = later(start, length)
    pauses = data.draw(gaps(start))
    segments = intervals(clock, start, end, pauses)
    assert_partition(segments, start.astimezone(UTC), end.astimezone(UTC))
    counted = sum((s.end - s.start for s in segments if s.kind == "counted"), timedelta(0))
    assert counted == business_time(clock, start, end, pauses)
    # Paused segments are exactly the pauses' time within the range (they are disjoint).
    paused = sum((s.end - s.start for s in segments if s.kind == "paused"), timedelta(0))
    assert paused == overlap(pauses, start, end)
    if clock.is_24x7:
        assert {s.kind for s in segments} <= {"counted", "paused"}


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, spans)
def test_nothing_counts_outside_working_time(
    clock: BusinessClock, start: datetime, length: timedelta
) -> None:
    for segment in intervals(clock, start, later(start, length)):
        if segment.kind != "counted":
            assert business_time(clock, segment.start, segment.end) == timedelta(0)
        else:
            assert business_time(clock, segment.start, segment.end) == segment.end - segment.start


@PROPERTY
@given(instants, spans, st.data())
def test_24x7_is_wall_time_minus_pauses(
    start: datetime, length: timedelta, data: st.DataObject
) -> None:
    end = later(start, length)
    pauses = data.draw(gaps(start))
    assert business_time(ALWAYS, start, end, pauses) == length - overlap(pauses, start, end)
    assert business_minutes(ALWAYS, start, end) == length.total_seconds() / 60


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, st.integers(0, 40 * 60), st.data())
def test_deadline_round_trip(
    clock: BusinessClock, start: datetime, minutes: int, data: st.DataObject
) -> None:
    pauses = data.draw(gaps(start))
    due = deadline(clock, start, minutes, pauses)
    assert due >= start.astimezone(UTC)
    assert business_time(clock, start, due, pauses) == timedelta(minutes=minutes)
    if minutes:
        # Earliest: a second before, the budget is not yet spent.
        assert business_time(clock, start, due - timedelta(seconds=1), pauses) < timedelta(
            minutes=minutes
        )


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, spans)
def test_business_minutes_round_trip(
    clock: BusinessClock, start: datetime, length: timedelta
) -> None:
    end = later(start, length)
    elapsed = business_time(clock, start, end)
    due = deadline(clock, start, elapsed)
    assert start.astimezone(UTC) <= due <= end.astimezone(UTC)
    assert business_time(clock, start, due) == elapsed


@PROPERTY
@given(st.sampled_from(CLOCKS), instants, st.integers(0, 12))
def test_business_day_deadline_is_a_close_of_business(
    clock: BusinessClock, start: datetime, days: int
) -> None:
    due = business_day_deadline(clock, start, days)
    # In UTC: an aware datetime in a repeated hour (fold=1) never == one in another zone.
    start = start.astimezone(UTC)
    assert due > start or (days == 0 and due == start)
    if not clock.is_24x7:
        day = clock.local_date(due - timedelta(microseconds=1))
        assert clock.working_spans(day)[-1][1] == due
        assert business_day_deadline(clock, start, days + 1) > due


# A brute-force oracle, minute by minute, on whole-minute ranges that avoid clock changes:
# an instant counts when its local wall time falls in a span of a non-holiday local date.
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CLOCKS[1:]), anywhere, st.integers(0, 2 * 24 * 60))
def test_matches_a_minute_by_minute_oracle(
    clock: BusinessClock, start: datetime, minutes: int
) -> None:
    start = start.astimezone(UTC).replace(second=0)
    end = start + timedelta(minutes=minutes)
    zone = clock.timezone
    offsets = {
        (start + timedelta(hours=h)).astimezone(zone).utcoffset()
        for h in range(-24, minutes // 60 + 26)
    }
    assume(len(offsets) == 1)
    assert clock.calendar is not None
    hours: dict[str, list[str]] = dict(clock.calendar.hours)
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    expected = 0
    instant = start
    while instant < end:
        wall = instant.astimezone(zone)
        minute_of_day = wall.hour * 60 + wall.minute
        if not clock.is_holiday(wall.date()) and any(
            int(s[0:2]) * 60 + int(s[3:5]) <= minute_of_day < int(s[6:8]) * 60 + int(s[9:11])
            for s in hours.get(names[wall.weekday()], [])
        ):
            expected += 1
        instant += timedelta(minutes=1)
    assert business_minutes(clock, start, end) == expected


# --- what each function says about a naive instant, and other messages -------------------


def naive(hour: int = 9) -> datetime:
    return datetime(2026, 1, 12, hour)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: business_minutes(OFFICE, naive(), at(2026, 1, 12, 10)), "start"),
        (lambda: business_minutes(OFFICE, at(2026, 1, 12, 9), naive(10)), "end"),
        (lambda: business_minutes(OFFICE, at(2026, 1, 12, 9), at(2026, 1, 12, 12),
                                  [Gap(naive(10), at(2026, 1, 12, 11))]), "pause start"),
        (lambda: business_minutes(OFFICE, at(2026, 1, 12, 9), at(2026, 1, 12, 12),
                                  [Gap(at(2026, 1, 12, 10), naive(11))]), "pause end"),
        (lambda: intervals(OFFICE, naive(), at(2026, 1, 12, 10)), "start"),
        (lambda: intervals(OFFICE, at(2026, 1, 12, 9), naive(10)), "end"),
        (lambda: deadline(OFFICE, naive(), 60), "start"),
        (lambda: business_day_deadline(OFFICE, naive(), 1), "start"),
        (lambda: target_budget(OFFICE, naive(), "2d"), "start"),
        (lambda: OFFICE.local_date(naive()), "instant"),
    ],
)  # fmt: skip
def test_a_naive_instant_is_named_in_the_error(call: Any, named: str) -> None:
    with pytest.raises(ValueError, match=rf"^{named} 2026-01-12T\d\d:00:00 has no time zone;"):
        call()


def test_other_refusals_say_why() -> None:
    with pytest.raises(ValueError, match=r"business days cannot be negative \(-1\)"):
        business_day_deadline(OFFICE, at(2026, 1, 12, 9), -1)
    with pytest.raises(ValueError, match=r"a target cannot be negative \(-1 minutes\)"):
        deadline(OFFICE, at(2026, 1, 12, 9), -1)
    with pytest.raises(
        ValueError, match=r"use an ISO 3166 code such as US and a subdivision such as TX$"
    ):
        chicago(OFFICE_HOURS, country="US", subdivision="ZZ")
    with pytest.raises(ValueError, match=r"use an ISO 3166 code such as US$"):
        chicago(OFFICE_HOURS, country="XX")
    # No working day for twelve years: the search names its start and what to check.
    mondays = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(12 * 53)]
    clock = chicago({"mon": ["08:00-17:00"]}, dates=[d.isoformat() for d in mondays])
    with pytest.raises(
        BeyondHorizon,
        match=r"^no working time found within 10 years of 2026-01-01T06:00:00\+00:00; "
        "check the calendar's hours, holidays and the pauses$",
    ):
        business_day_deadline(clock, at(2026, 1, 1), 1)


def test_pauses_are_clipped_to_the_range_at_both_ends() -> None:
    # 09:00-12:00 with a pause 11:00-14:00: only 11-12 is taken out of the range.
    pauses = [Gap(at(2026, 1, 12, 11), at(2026, 1, 12, 14))]
    assert business_minutes(OFFICE, at(2026, 1, 12, 9), at(2026, 1, 12, 12), pauses) == 120
    segments = intervals(OFFICE, at(2026, 1, 12, 9), at(2026, 1, 12, 12), pauses)
    assert [(s.kind, s.minutes) for s in segments] == [("counted", 120), ("paused", 60)]


def test_the_24x7_search_stops_at_ten_years_exactly() -> None:
    start = at(2026, 1, 1)
    ten_years = timedelta(days=HORIZON_DAYS + 1)
    assert deadline(ALWAYS, start, ten_years) == later(start, ten_years)
    with pytest.raises(BeyondHorizon):
        deadline(ALWAYS, start, ten_years + timedelta(microseconds=1))


def test_touching_spans_are_one_span() -> None:
    clock = chicago({"mon": ["08:00-12:00", "12:00-13:00"]})
    assert clock.working_spans(date(2026, 1, 12)) == ((at(2026, 1, 12, 8), at(2026, 1, 12, 13)),)


def test_the_24x7_clock_works_every_utc_day_whole() -> None:
    clock = BusinessClock(None)  # a fresh clock: nothing cached by earlier tests
    start, end = clock.day_bounds(date(2026, 3, 8))
    assert (start, end) == (datetime(2026, 3, 8, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC))
    assert clock.working_spans(date(2026, 3, 8)) == ((start, end),)
    assert clock.holiday_name(date(2026, 12, 25)) is None


def test_havana_skips_and_repeats_midnight() -> None:
    clock = BusinessClock(
        Calendar.model_validate({"timezone": "America/Havana", "hours": {"sun": ["00:00-03:00"]}})
    )
    # 8 March 2026: 00:00 never shows (clocks go to 01:00 at 05:00 UTC); the day and
    # its first span start at the transition: 00:00-03:00 is two real hours.
    spring = date(2026, 3, 8)
    assert clock.day_bounds(spring)[0] == datetime(2026, 3, 8, 5, tzinfo=UTC)
    assert business_minutes(clock, *clock.day_bounds(spring)) == 120
    # 1 November 2026: 00:00-01:00 shows twice; the shift is worked in real time, 4 hours,
    # from the first midnight (04:00 UTC) to 03:00 CST (08:00 UTC).
    assert clock.working_spans(date(2026, 11, 1)) == (
        (datetime(2026, 11, 1, 4, tzinfo=UTC), datetime(2026, 11, 1, 8, tzinfo=UTC)),
    )


def test_spans_joined_by_a_spring_forward_gap_are_one_span() -> None:
    # 01:00-02:15 ends at the transition (03:00 CDT), 02:30-04:00 starts there: one span,
    # 01:00 CST to 04:00 CDT, two real hours. A span wholly inside the gap is no span.
    clock = chicago({"sun": ["01:00-02:15", "02:30-04:00"]})
    assert clock.working_spans(date(2026, 3, 8)) == ((at(2026, 3, 8, 1), at(2026, 3, 8, 4)),)
    assert chicago({"sun": ["02:00-02:30"]}).working_spans(date(2026, 3, 8)) == ()


def test_instants_keep_their_microseconds() -> None:
    start = datetime(2026, 1, 12, 15, 0, 0, 250, tzinfo=UTC)
    end = datetime(2026, 1, 12, 15, 1, 0, 750, tzinfo=UTC)
    assert business_time(ALWAYS, start, end) == timedelta(seconds=60, microseconds=500)


def test_nested_and_many_pauses_merge_into_disjoint_stretches() -> None:
    # 08:00-13:00 with pauses 08:00-08:30, 09:00-09:10, 10:00-12:00 and 10:30-11:00 (inside
    # the one before): 30 + 10 + 120 minutes paused, 140 counted.
    pauses = [
        Gap(at(2026, 1, 12, 8), at(2026, 1, 12, 8, 30)),
        Gap(at(2026, 1, 12, 9), at(2026, 1, 12, 9, 10)),
        Gap(at(2026, 1, 12, 10), at(2026, 1, 12, 12)),
        Gap(at(2026, 1, 12, 10, 30), at(2026, 1, 12, 11)),
    ]
    assert business_minutes(OFFICE, at(2026, 1, 12, 8), at(2026, 1, 12, 13), pauses) == 140
    assert deadline(OFFICE, at(2026, 1, 12, 8), 140, pauses) == at(2026, 1, 12, 13)
