"""A calendar turned into working time: :class:`BusinessClock`.

For each local date the clock knows the day's bounds and its working spans
as UTC instants (see :mod:`ccgov.sla.calendar` for the rules a reader can
replay by hand), both as datetimes (for explanations) and as integer
microseconds since the epoch (for arithmetic: exact, and cheap to compare).
Counted time and deadlines over many days go through the clock's
:class:`~ccgov.sla.spans.SpanTable`, built once per clock and grown as needed,
so a report builds one clock per calendar and reuses it for every incident.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ccgov.records.config import Calendar, Weekday
from ccgov.sla.spans import DayUs, SpanTable, Us

_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
_MINUTE_US = 60_000_000
_DAY_US = 86_400_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = EPOCH.date().toordinal()
_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
# How many datetime-API days a clock keeps; explanations over decades do not
# need them all at once, and each costs a few hundred bytes.
_DAY_CACHE = 4096

WallSpans = tuple[tuple[int, int], ...]  # local minutes from midnight, merged


def as_utc(value: datetime, what: str = "instant") -> datetime:
    """``value`` in UTC; a naive instant is an error, not a guess (DESIGN)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} {value.isoformat()} has no time zone; SLA maths needs aware instants"
        )
    return value.astimezone(UTC)


def to_us(value: datetime, what: str = "instant") -> Us:
    """An aware instant as whole microseconds since 1970-01-01 UTC (exact); a
    naive one is an error, as in :func:`as_utc`."""
    if value.tzinfo is None:
        as_utc(value, what)  # raises, saying which instant
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(value: Us) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def _wall_minutes(span: str) -> tuple[int, int]:
    match = _SPAN.match(span)
    if not match:
        raise ValueError(f"{span!r} is not a time span; write HH:MM-HH:MM")
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    return start_h * 60 + start_m, end_h * 60 + end_m


def _merge(spans: Iterable[tuple[int, int]]) -> WallSpans:
    # Overlapping or touching spans ("08:00-12:00", "11:00-13:00") must not count twice.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


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
        # One date's own hours replace its weekday's and any holiday (a half day,
        # a one-off opening); no hours close it.
        self._exceptions: dict[date, tuple[WallSpans, str]] = {}
        for exception in calendar.exceptions if calendar is not None else []:
            spans = _merge(_wall_minutes(span) for span in exception.hours)
            self._exceptions[exception.date] = (spans, exception.reason or "calendar exception")
        self._listed = frozenset(calendar.holidays.dates) if calendar is not None else frozenset()
        self._country = calendar.holidays.country if calendar is not None else None
        self._subdivision = calendar.holidays.subdivision if calendar is not None else None
        self._has_hours = (
            calendar is None
            or any(self._week)
            or any(spans for spans, _ in self._exceptions.values())
        )
        self._days: dict[date, tuple[datetime, datetime, tuple[tuple[datetime, datetime], ...]]]
        self._days = {}
        self._table: SpanTable | None = None
        self._memo_day: date | None = None
        self._memo: tuple[timedelta | None, timedelta | None] = (None, None)
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
        return self._has_hours

    def local_date(self, instant: datetime) -> date:
        return as_utc(instant, "instant").astimezone(self._zone).date()

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is closed all day, or None when it is not a holiday (24x7 has none).
        A calendar exception without hours closes its date under its reason."""
        if self.is_24x7:
            return None
        exception = self._exceptions.get(day)
        if exception is not None:
            return None if exception[0] else exception[1]
        if self._country is not None:
            name = _country_year(self._country, self._subdivision, day.year).get(day)
            if name is not None:
                return name
        return "company holiday" if day in self._listed else None

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def _wall_spans(self, day: date) -> WallSpans:
        """The local working hours of ``day``: its exception's, else none on a
        holiday, else its weekday's (the rules of :meth:`holiday_name`, without
        naming the holiday: this runs once per day of every table)."""
        exception = self._exceptions.get(day)
        if exception is not None:
            return exception[0]
        if day in self._listed or (
            self._country is not None
            and day in _country_year(self._country, self._subdivision, day.year)
        ):
            return ()
        return self._week[day.weekday()]

    def day_us(self, day: date) -> DayUs:
        """``day`` as integer microseconds: its bounds and working spans."""
        midnight = datetime.combine(day, time())
        wall = (day.toordinal() - _EPOCH_ORDINAL) * _DAY_US
        if self.is_24x7:  # UTC: every day is 24 hours, all of them working time
            return DayUs(wall, wall + _DAY_US, ((wall, wall + _DAY_US),))
        offset = self._steady_offset(day)
        walls = self._wall_spans(day)
        if offset is not None:
            # No clock change today: every wall time is one fixed offset from UTC.
            start, end = wall - offset, wall + _DAY_US - offset
            spans = tuple(
                (start + low * _MINUTE_US, start + high * _MINUTE_US) for low, high in walls
            )
            return DayUs(start, end, spans)
        start, end = to_us(self._to_utc(midnight)), to_us(self._to_utc(midnight + _DAY))
        found: list[tuple[Us, Us]] = []
        for low, high in walls:
            span_start = to_us(self._to_utc(midnight + timedelta(minutes=low)))
            span_end = to_us(self._to_utc(midnight + timedelta(minutes=high)))
            # Clipping only matters for zones whose transitions straddle midnight.
            span_start, span_end = max(span_start, start), min(span_end, end)
            if span_start < span_end:
                if found and span_start <= found[-1][1]:  # a fold can join two spans
                    found[-1] = (found[-1][0], max(found[-1][1], span_end))
                else:
                    found.append((span_start, span_end))
        return DayUs(start, end, tuple(found))

    def _steady_offset(self, day: date) -> int | None:
        """The day's UTC offset in microseconds when one offset holds from this
        midnight to the next (neither is skipped or repeated), else None.

        Assumes a zone changes its offset at most once a day, as every zone's
        rules since 1970 do; a day with a change takes the exact path.
        """
        early, late = self._midnight_offsets(day), self._midnight_offsets(day + _DAY)
        if early[0] is None or not early[0] == early[1] == late[0] == late[1]:
            return None
        return early[0] // timedelta(microseconds=1)

    def _midnight_offsets(self, day: date) -> tuple[timedelta | None, timedelta | None]:
        """The UTC offsets of ``day``'s midnight read as the first and the second
        pass of a repeated hour; they differ when midnight is skipped or repeated.
        Remembers the last day asked: days are built in order, so each midnight
        is looked up once."""
        if day != self._memo_day:
            midnight = datetime.combine(day, time(), self._zone)
            self._memo_day = day
            self._memo = (midnight.utcoffset(), midnight.replace(fold=1).utcoffset())
        return self._memo

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The local day ``[start, end)`` as UTC instants (23, 24 or 25 real hours)."""
        start, end, _ = self._day(day)
        return start, end

    def working_spans(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's working time as sorted, disjoint UTC spans; empty when closed."""
        return self._day(day)[2]

    def _day(self, day: date) -> tuple[datetime, datetime, tuple[tuple[datetime, datetime], ...]]:
        cached = self._days.get(day)
        if cached is None:
            if len(self._days) >= _DAY_CACHE:
                self._days.clear()
            start, end, spans = self.day_us(day)
            cached = (
                from_us(start),
                from_us(end),
                tuple((from_us(a), from_us(b)) for a, b in spans),
            )
            self._days[day] = cached
        return cached

    @property
    def table(self) -> SpanTable:
        """The clock's working spans over consecutive days, built on first use."""
        if self._table is None:
            self._table = SpanTable(self.day_us)
        return self._table

    def worked(self, start: Us, end: Us) -> Us:
        """Working microseconds in ``[start, end)`` (no pauses); 0 if end <= start."""
        if end <= start:
            return 0
        if self.is_24x7:
            return end - start
        return self.table.worked(start, end)

    def reach(self, start: Us, work: Us, limit: Us) -> Us | None:
        """The earliest instant by which ``work`` (> 0) microseconds of working time
        have passed since ``start``; None if that is after ``limit``."""
        if self.is_24x7:
            return start + work if start + work <= limit else None
        return self.table.reach(start, work, limit)

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
