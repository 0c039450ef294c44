"""Business time as intervals of real time.

A :class:`~ccgov.sla.clock.BusinessClock` turns a
:class:`~ccgov.records.config.Calendar` into, for each local date, the UTC
instants at which work happens. Everything else is built on those intervals,
never on fixed 86,400-second days, so that a daylight-saving day has 23 or
25 real hours and is counted as such.

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
  local day. A calendar exception gives one date its own hours instead of its
  weekday's, holiday or not (a half day, a one-off opening); an exception
  without hours closes the date.
* Segment precedence: ``paused`` > ``holiday`` > ``off_hours`` > ``counted``.
  A pause is shown as paused wherever it lies, even at night, so that the
  explanation shows every pause; only ``counted`` time is ever counted.
* The 24x7 clock counts every instant (no off-hours, no holidays) except
  pauses.

The clock is passed in: these functions keep no state of their own. Counted
time and deadlines use the clock's span table (integer microseconds and
binary search); :func:`intervals` walks the days one by one to name every
segment, for explanations.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from ccgov.records.base import duration_minutes
from ccgov.sla.clock import BusinessClock, as_utc, from_us, to_us
from ccgov.sla.spans import Us

__all__ = [
    "HORIZON_DAYS",
    "BeyondHorizon",
    "BusinessClock",
    "Interval",
    "Segment",
    "SegmentKind",
    "as_utc",
    "business_day_deadline",
    "business_minutes",
    "business_time",
    "deadline",
    "intervals",
    "target_budget",
    "target_deadline",
    "target_minutes",
]

# "resolved" (the time from a resolution to a reopening) is never produced here:
# intervals() lays it down as a pause, and sla explain names it.
SegmentKind = Literal["counted", "paused", "resolved", "off_hours", "holiday"]

_DAY = timedelta(days=1)
_DAY_US = 86_400_000_000
# How far deadline searches look before giving up: a calendar whose working
# time is all holidays must fail, not loop. Ten years plus leap days.
HORIZON_DAYS = 3653
# Same grammar as records.base.Duration; the unit matters here (d = business days).
_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")

UtcSpan = tuple[datetime, datetime]


class Interval(Protocol):
    """Anything with a start and an end instant: a pause, a Segment."""

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


def _merged(spans: Iterable[tuple[Us, Us]]) -> list[tuple[Us, Us]]:
    merged: list[tuple[Us, Us]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _pauses(pauses: Iterable[Interval], low: Us, high: Us | None) -> list[tuple[Us, Us]]:
    """Pauses as sorted, disjoint spans clipped to [low, high); empty ones dropped.
    Overlapping pauses are a validation finding (INC002); here they count once."""
    spans = []
    for pause in pauses:
        start = max(to_us(pause.start, "pause start"), low)
        end = to_us(pause.end, "pause end")
        if high is not None:
            end = min(end, high)
        if start < end:
            spans.append((start, end))
    return _merged(spans)


def _outside_pauses(start: Us, end: Us, paused: list[tuple[Us, Us]]) -> Iterator[tuple[Us, Us]]:
    """[start, end) minus the (sorted, disjoint) pauses."""
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
    paused = _pauses(pauses, to_us(start), to_us(end))
    segments: list[Segment] = []
    for base in _base_segments(clock, start, end):
        cursor = base.start
        for free_start, free_end in _outside_pauses(to_us(base.start), to_us(base.end), paused):
            low, high = from_us(free_start), from_us(free_end)
            if cursor < low:
                segments.append(Segment(cursor, low, "paused"))
            segments.append(Segment(low, high, base.kind))
            cursor = high
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
    """Counted time in ``[start, end)`` as an exact timedelta: the working time
    minus the working time the pauses (clipped to the range) stop."""
    low, high = to_us(start, "start"), to_us(end, "end")
    total = clock.worked(low, high)  # 0 when end is at or before start
    for pause_start, pause_end in _pauses(pauses, low, high):
        total -= clock.worked(pause_start, pause_end)
    return timedelta(microseconds=total)


def business_minutes(
    clock: BusinessClock, start: datetime, end: datetime, pauses: Iterable[Interval] = ()
) -> float:
    """Counted minutes in ``[start, end)``; 0 when end is at or before start."""
    return business_time(clock, start, end, pauses).total_seconds() / 60


class BeyondHorizon(ValueError):
    """No working time within :data:`HORIZON_DAYS` of the start: a calendar whose
    every working day is a holiday, or pauses that run for years. The maths
    refuses to search further; callers that must not fail show no deadline."""


def _budget(minutes: float | timedelta) -> Us:
    budget = minutes if isinstance(minutes, timedelta) else timedelta(minutes=minutes)
    if budget < timedelta(0):
        raise ValueError(f"a target cannot be negative ({minutes} minutes)")
    return budget // timedelta(microseconds=1)


def _no_hours(clock: BusinessClock) -> None:
    if not clock.has_working_hours:
        raise BeyondHorizon("calendar has no working hours; every deadline on it is unreachable")


def _beyond_horizon(start: datetime) -> BeyondHorizon:
    return BeyondHorizon(
        f"no working time found within {HORIZON_DAYS // 365} years of {start.isoformat()}; "
        "check the calendar's hours, holidays and the pauses"
    )


def _horizon(start: Us) -> Us:
    return start + (HORIZON_DAYS + 1) * _DAY_US


def deadline(
    clock: BusinessClock,
    start: datetime,
    minutes: float | timedelta,
    pauses: Iterable[Interval] = (),
) -> datetime:
    """The earliest instant ``t`` with ``business_time(clock, start, t, pauses)`` equal
    to ``minutes``. Looks at most :data:`HORIZON_DAYS` ahead."""
    start = as_utc(start, "start")
    budget = _budget(minutes)
    if budget == 0:
        return start
    _no_hours(clock)
    cursor = to_us(start)
    limit = _horizon(cursor)
    # Spend the budget on the working time between pauses, stretch by stretch.
    for pause_start, pause_end in _pauses(pauses, cursor, None):
        available = clock.worked(cursor, pause_start)
        if available >= budget:
            break
        budget -= available
        cursor = pause_end
        if cursor > limit:
            raise _beyond_horizon(start)
    found = clock.reach(cursor, budget, limit)
    if found is None:
        raise _beyond_horizon(start)
    return from_us(found)


def business_day_deadline(clock: BusinessClock, start: datetime, days: int) -> datetime:
    """Deadline of "within N business days".

    The start day is the local date of the first working instant at or after
    ``start``: during working hours (or before opening) that is the same day,
    after closing, on a weekend or a holiday it is the next working day. The
    deadline is the close of business (end of the last span) of the N-th
    working day after the start day; N = 0 means close of business on the
    start day itself. A working day is a date with working hours (not a
    holiday, or opened by a calendar exception).
    On the 24x7 clock it is ``start + N * 24h`` of real time.
    """
    return from_us(_business_day_deadline(clock, to_us(start, "start"), days))


def _business_day_deadline(clock: BusinessClock, start: Us, days: int) -> Us:
    if days < 0:
        raise ValueError(f"a number of business days cannot be negative ({days})")
    if clock.is_24x7:
        return start + days * _DAY_US
    _no_hours(clock)
    found = clock.table.close_of_business(start, days, _horizon(start))
    if found is None:
        raise _beyond_horizon(from_us(start))
    return found


@functools.lru_cache(maxsize=256)
def _parse(within: str) -> tuple[int, str, timedelta]:
    """(count, unit, fixed duration): an SLA has a handful of targets, parsed once."""
    match = _DURATION.match(within)
    if not match:
        raise ValueError(f"{within!r} is not a duration; write e.g. 15m, 4h or 2d")
    return int(match.group(1)), match.group(2), timedelta(minutes=duration_minutes(within))


def target_budget(clock: BusinessClock, start: datetime, within: str) -> timedelta:
    """The counted time a target allows from ``start``: the duration itself, except
    that ``Nd`` on a business clock means N business days (see
    :func:`business_day_deadline`), so its budget depends on the start."""
    count, unit, fixed = _parse(within)
    if unit == "d" and not clock.is_24x7:
        low = to_us(start, "start")
        return timedelta(microseconds=clock.worked(low, _business_day_deadline(clock, low, count)))
    return fixed


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
