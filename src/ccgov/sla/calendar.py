"""Business time as intervals of real time.

A :class:`BusinessClock` turns a :class:`~ccgov.records.config.Calendar` into,
for each local date, the UTC instants at which work happens. Everything else
is built on those intervals, never on fixed 86,400-second days, so that a
daylight-saving day has 23 or 25 real hours and is counted as such.

Rules a reader can replay by hand:

* A working span ``HH:MM-HH:MM`` on a date starts at the first instant the
  local wall clock shows the start and ends at the first instant it shows the
  end, the way a shift is worked. A time inside a spring-forward gap never
  shows, so it stands for the first instant that exists (the transition):
  ``00:00-24:00`` is 23 real hours that day. A fall-back hour is worked once,
  in real time: ``00:00-24:00`` is 25 real hours, ``00:00-02:00`` is 3, and
  ``01:00-01:30`` ends at the first 01:30 (30 minutes).
* A local day runs from the first instant its wall clock shows 00:00 (or the
  transition instant, when midnight itself is skipped) to the same instant of
  the next day; days therefore partition the timeline.
* Holidays (listed dates and a country's public holidays) close the whole
  local day.
* Segment precedence: ``paused`` > ``holiday`` > ``off_hours`` > ``counted``.
  A pause is shown as paused wherever it lies, even at night, so that the
  explanation shows every pause; only ``counted`` time is ever counted.
* The 24x7 clock counts every instant (no off-hours, no holidays) except
  pauses.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from ccgov.records.base import duration_minutes
from ccgov.records.config import Calendar, Weekday

SegmentKind = Literal["counted", "paused", "off_hours", "holiday"]

_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
# How far deadline searches look before giving up: a calendar whose working
# time is all holidays must fail, not loop. Ten years plus leap days.
HORIZON_DAYS = 3653
_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
# Same grammar as records.base.Duration; the unit matters here (d = business days).
_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")

UtcSpan = tuple[datetime, datetime]


class Interval(Protocol):
    """Anything with a start and an end instant: a Pause, a Segment."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True)
class Segment:
    """A stretch ``[start, end)`` of real time (aware UTC) and how it counts."""

    start: datetime
    end: datetime
    kind: SegmentKind

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class _Day:
    start: datetime
    end: datetime
    holiday: str | None
    spans: tuple[UtcSpan, ...]


def as_utc(value: datetime, what: str = "instant") -> datetime:
    """``value`` in UTC; a naive instant is an error, not a guess (DESIGN)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} {value.isoformat()} has no time zone; SLA maths needs aware instants"
        )
    return value.astimezone(UTC)


def _wall_minutes(span: str) -> tuple[int, int]:
    match = _SPAN.match(span)
    if not match:
        raise ValueError(f"{span!r} is not a time span; write HH:MM-HH:MM")
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    return start_h * 60 + start_m, end_h * 60 + end_m


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    # Overlapping or touching spans ("08:00-12:00", "11:00-13:00") must not count twice.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _merge_utc(spans: Iterable[UtcSpan]) -> list[UtcSpan]:
    merged: list[UtcSpan] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=512)
def _country_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    import holidays  # slow to import; only calendars that name a country pay for it

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise ValueError(_country_message(country, subdivision, exc)) from exc
    return {day: str(name) for day, name in found.items() if day.year == year}


def _country_message(country: str, subdivision: str | None, exc: Exception) -> str:
    if subdivision is None:
        return f"holidays country {country!r} is not known ({exc}); use an ISO 3166 code such as US"
    return (
        f"holidays country {country!r} with subdivision {subdivision!r} is not known ({exc}); "
        "use an ISO 3166 code such as US and a subdivision such as TX"
    )


@functools.lru_cache(maxsize=64)
def _check_country(country: str, subdivision: str | None) -> None:
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        raise ValueError(_country_message(country, subdivision, exc)) from exc


class BusinessClock:
    """Working time of a calendar, or every instant when built from ``None`` (24x7)."""

    def __init__(self, calendar: Calendar | None) -> None:
        self.calendar = calendar
        self._zone = ZoneInfo(calendar.timezone) if calendar is not None else ZoneInfo("UTC")
        hours = calendar.hours if calendar is not None else {}
        self._week = tuple(
            _merge(_wall_minutes(span) for span in hours.get(name, [])) for name in _WEEKDAYS
        )
        self._listed = frozenset(calendar.holidays.dates) if calendar is not None else frozenset()
        self._country = calendar.holidays.country if calendar is not None else None
        self._subdivision = calendar.holidays.subdivision if calendar is not None else None
        self._days: dict[date, _Day] = {}
        if self._country is not None:
            # Fail when the clock is built, not on a holiday lookup deep in a report.
            _check_country(self._country, self._subdivision)

    @property
    def is_24x7(self) -> bool:
        return self.calendar is None

    @property
    def timezone(self) -> ZoneInfo:
        """The calendar's zone; UTC for the 24x7 clock."""
        return self._zone

    @property
    def has_working_hours(self) -> bool:
        return self.is_24x7 or any(self._week)

    def local_date(self, instant: datetime) -> date:
        return as_utc(instant, "instant").astimezone(self._zone).date()

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is closed, or None when it is not a holiday (24x7 has none)."""
        if self.is_24x7:
            return None
        if self._country is not None:
            name = _country_year(self._country, self._subdivision, day.year).get(day)
            if name is not None:
                return name
        return "company holiday" if day in self._listed else None

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def day_bounds(self, day: date) -> UtcSpan:
        """The local day ``[start, end)`` as UTC instants (23, 24 or 25 real hours)."""
        found = self._day(day)
        return found.start, found.end

    def working_spans(self, day: date) -> tuple[UtcSpan, ...]:
        """The day's working time as sorted, disjoint UTC spans; empty when closed."""
        return self._day(day).spans

    def _day(self, day: date) -> _Day:
        cached = self._days.get(day)
        if cached is not None:
            return cached
        midnight = datetime.combine(day, time())
        start, end = self._to_utc(midnight), self._to_utc(midnight + _DAY)
        holiday = self.holiday_name(day)
        spans: list[UtcSpan] = []
        if self.is_24x7:
            spans = [(start, end)]
        elif holiday is None:
            for wall_start, wall_end in self._week[day.weekday()]:
                span_start = self._to_utc(midnight + timedelta(minutes=wall_start))
                span_end = self._to_utc(midnight + timedelta(minutes=wall_end))
                # Clipping only matters for zones whose transitions straddle midnight.
                span_start, span_end = max(span_start, start), min(span_end, end)
                if span_start < span_end:
                    spans.append((span_start, span_end))
            spans = _merge_utc(spans)
        found = _Day(start, end, holiday, tuple(spans))
        self._days[day] = found
        return found

    def _offset(self, instant: datetime) -> timedelta:
        return instant.astimezone(self._zone).utcoffset() or timedelta(0)

    def _first_change(self, low: datetime, high: datetime) -> datetime:
        """The first whole second in (low, high] whose UTC offset differs from low's."""
        base = self._offset(low)
        lo, hi = 0, math.ceil((high - low) / _SECOND)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._offset(low + mid * _SECOND) == base:
                lo = mid
            else:
                hi = mid
        return low + hi * _SECOND

    def _to_utc(self, wall: datetime) -> datetime:
        """The first instant whose wall clock shows ``wall`` (or the gap's end if none does)."""
        first = wall.replace(tzinfo=self._zone, fold=0).astimezone(UTC)
        second = wall.replace(tzinfo=self._zone, fold=1).astimezone(UTC)
        if first == second:
            return first
        early, late = min(first, second), max(first, second)
        if early.astimezone(self._zone).replace(tzinfo=None) == wall:
            return early  # fall-back: the first pass of the repeated hour
        return self._first_change(early, late)  # spring-forward gap: the transition instant


def _pauses(pauses: Iterable[Interval], low: datetime, high: datetime | None) -> list[UtcSpan]:
    """Pauses as sorted, disjoint UTC spans clipped to [low, high); empty ones dropped."""
    spans: list[UtcSpan] = []
    for pause in pauses:
        start = max(as_utc(pause.start, "pause start"), low)
        end = as_utc(pause.end, "pause end")
        if high is not None:
            end = min(end, high)
        if start < end:
            spans.append((start, end))
    # Overlapping pauses are a validation finding (INC002); here they simply count once.
    return _merge_utc(spans)


def _outside_pauses(start: datetime, end: datetime, paused: list[UtcSpan]) -> Iterator[UtcSpan]:
    """[start, end) minus the pauses."""
    index = bisect.bisect_right([pause_end for _, pause_end in paused], start)
    cursor = start
    while index < len(paused) and paused[index][0] < end:
        pause_start, pause_end = paused[index]
        if cursor < pause_start:
            yield cursor, pause_start
        cursor = max(cursor, pause_end)
        index += 1
    if cursor < end:
        yield cursor, end


def _base_segments(clock: BusinessClock, start: datetime, end: datetime) -> Iterator[Segment]:
    """[start, end) as counted / off_hours / holiday, before pauses are laid over it."""
    if clock.is_24x7:
        yield Segment(start, end, "counted")
        return
    # One day of margin each side: local dates and day bounds can disagree near odd transitions.
    day = clock.local_date(start) - _DAY
    last = clock.local_date(end) + _DAY
    while day <= last:
        day_start, day_end = clock.day_bounds(day)
        if day_end > start and day_start < end:
            pieces: list[Segment] = []
            if clock.is_holiday(day):
                pieces.append(Segment(day_start, day_end, "holiday"))
            else:
                cursor = day_start
                for span_start, span_end in clock.working_spans(day):
                    if cursor < span_start:
                        pieces.append(Segment(cursor, span_start, "off_hours"))
                    pieces.append(Segment(span_start, span_end, "counted"))
                    cursor = span_end
                if cursor < day_end:
                    pieces.append(Segment(cursor, day_end, "off_hours"))
            for piece in pieces:
                low, high = max(piece.start, start), min(piece.end, end)
                if low < high:
                    yield Segment(low, high, piece.kind)
        day += _DAY


def intervals(
    clock: BusinessClock, start: datetime, end: datetime, pauses: Iterable[Interval] = ()
) -> list[Segment]:
    """Partition ``[start, end)`` into consecutive segments, each counted, paused,
    off_hours or holiday (precedence paused > holiday > off_hours > counted),
    adjacent segments of one kind merged. End at or before start gives []."""
    start, end = as_utc(start, "start"), as_utc(end, "end")
    if end <= start:
        return []
    paused = _pauses(pauses, start, end)
    segments: list[Segment] = []
    for base in _base_segments(clock, start, end):
        cursor = base.start
        for free_start, free_end in _outside_pauses(base.start, base.end, paused):
            if cursor < free_start:
                segments.append(Segment(cursor, free_start, "paused"))
            segments.append(Segment(free_start, free_end, base.kind))
            cursor = free_end
        if cursor < base.end:
            segments.append(Segment(cursor, base.end, "paused"))
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].kind == segment.kind and merged[-1].end == segment.start:
            merged[-1] = Segment(merged[-1].start, segment.end, segment.kind)
        else:
            merged.append(segment)
    return merged


def business_time(
    clock: BusinessClock, start: datetime, end: datetime, pauses: Iterable[Interval] = ()
) -> timedelta:
    """Counted time in ``[start, end)`` as an exact timedelta."""
    total = timedelta(0)
    for segment in intervals(clock, start, end, pauses):
        if segment.kind == "counted":
            total += segment.end - segment.start
    return total


def business_minutes(
    clock: BusinessClock, start: datetime, end: datetime, pauses: Iterable[Interval] = ()
) -> float:
    """Counted minutes in ``[start, end)``; 0 when end is at or before start."""
    return business_time(clock, start, end, pauses).total_seconds() / 60


def _budget(minutes: float | timedelta) -> timedelta:
    budget = minutes if isinstance(minutes, timedelta) else timedelta(minutes=minutes)
    if budget < timedelta(0):
        raise ValueError(f"a target cannot be negative ({minutes} minutes)")
    return budget


def _no_hours(clock: BusinessClock) -> None:
    if not clock.has_working_hours:
        raise ValueError("calendar has no working hours; every deadline on it is unreachable")


def _beyond_horizon(start: datetime) -> ValueError:
    return ValueError(
        f"no working time found within {HORIZON_DAYS // 365} years of {start.isoformat()}; "
        "check the calendar's hours, holidays and the pauses"
    )


def deadline(
    clock: BusinessClock,
    start: datetime,
    minutes: float | timedelta,
    pauses: Iterable[Interval] = (),
) -> datetime:
    """The earliest instant ``t`` with ``business_time(clock, start, t, pauses)`` equal
    to ``minutes``. Walks day by day for at most :data:`HORIZON_DAYS`."""
    start = as_utc(start, "start")
    budget = _budget(minutes)
    if budget == timedelta(0):
        return start
    paused = _pauses(pauses, start, None)
    if clock.is_24x7:
        for free_start, free_end in _outside_pauses(
            start, datetime.max.replace(tzinfo=UTC), paused
        ):
            if free_end - free_start >= budget:
                return free_start + budget
            budget -= free_end - free_start
        raise AssertionError("unreachable: the last free stretch is unbounded")
    _no_hours(clock)
    day = clock.local_date(start) - _DAY
    for _ in range(HORIZON_DAYS + 2):
        for span_start, span_end in clock.working_spans(day):
            if span_end <= start:
                continue
            for free_start, free_end in _outside_pauses(max(span_start, start), span_end, paused):
                if free_end - free_start >= budget:
                    return free_start + budget
                budget -= free_end - free_start
        day += _DAY
    raise _beyond_horizon(start)


def business_day_deadline(clock: BusinessClock, start: datetime, days: int) -> datetime:
    """Deadline of "within N business days".

    The start day is the local date of the first working instant at or after
    ``start``: during working hours (or before opening) that is the same day,
    after closing, on a weekend or a holiday it is the next working day. The
    deadline is the close of business (end of the last span) of the N-th
    working day after the start day; N = 0 means close of business on the
    start day itself. A working day is a non-holiday with working hours.
    On the 24x7 clock it is ``start + N * 24h`` of real time.
    """
    start = as_utc(start, "start")
    if days < 0:
        raise ValueError(f"a number of business days cannot be negative ({days})")
    if clock.is_24x7:
        return start + days * _DAY
    _no_hours(clock)
    day = clock.local_date(start) - _DAY
    limit = day + HORIZON_DAYS * _DAY
    while not any(span_end > start for _, span_end in clock.working_spans(day)):
        day += _DAY
        if day > limit:
            raise _beyond_horizon(start)
    counted = 0
    while counted < days:
        day += _DAY
        if day > limit:
            raise _beyond_horizon(start)
        if clock.working_spans(day):
            counted += 1
    return clock.working_spans(day)[-1][1]


def _parse(within: str) -> tuple[int, str]:
    match = _DURATION.match(within)
    if not match:
        raise ValueError(f"{within!r} is not a duration; write e.g. 15m, 4h or 2d")
    return int(match.group(1)), match.group(2)


def target_budget(clock: BusinessClock, start: datetime, within: str) -> timedelta:
    """The counted time a target allows from ``start``: the duration itself, except
    that ``Nd`` on a business clock means N business days (see
    :func:`business_day_deadline`), so its budget depends on the start."""
    count, unit = _parse(within)
    if unit == "d" and not clock.is_24x7:
        return business_time(clock, start, business_day_deadline(clock, start, count))
    return timedelta(minutes=duration_minutes(within))


def target_minutes(clock: BusinessClock, start: datetime, within: str) -> float:
    """:func:`target_budget` in minutes."""
    return target_budget(clock, start, within).total_seconds() / 60


def target_deadline(
    clock: BusinessClock, start: datetime, within: str, pauses: Iterable[Interval] = ()
) -> datetime:
    """When a target started at ``start`` runs out: its budget spent on ``clock``
    with pauses excluded. Without pauses, ``2d`` on a business clock is exactly
    :func:`business_day_deadline`; pauses push it out by the working time they stop."""
    return deadline(clock, start, target_budget(clock, start, within), pauses)
