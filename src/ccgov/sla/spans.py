"""Working time as a table: every working span of consecutive local days, in
integer microseconds since the epoch, with the working time before it.

Counted time between two instants is then a difference of two binary
searches (``W(end) - W(start)``, where ``W(t)`` is the working time from the
table's first day to ``t``), a deadline is the inverse search, and "N
business days" is an index into the list of working days. The table grows
forward a year at a time and is rebuilt (doubling) when an earlier day is
asked for; a clock keeps one, so a report computes each day once.

The days come from a function (the clock's ``day_us``): this module knows
nothing about calendars, time zones or holidays.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

Us = int  # microseconds since 1970-01-01 UTC

_DAY_US = 86_400_000_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Grown forward this many days at a time; a report over a year grows it once or twice.
_GROW_DAYS = 366
# A local date is within a day of its instant's UTC date (offsets are under 24 h);
# two days of margin cover it without knowing the zone.
_MARGIN = 2
# The dates the table may hold: clear of date.min and date.max, so that no
# search, however far it runs, can overflow; it gives up at the edge instead.
FIRST_DAY = date(1, 1, 5)
LAST_DAY = date(9999, 12, 27)


class DayUs(NamedTuple):
    """A local day: its bounds and its working spans, sorted and disjoint."""

    start: Us
    end: Us
    spans: tuple[tuple[Us, Us], ...]


def utc_date(instant: Us) -> date:
    return date.fromordinal(_EPOCH_ORDINAL + instant // _DAY_US)


def _plus(day: date, days: int) -> date:
    """``day`` moved by ``days``, never past FIRST_DAY or LAST_DAY."""
    moved = day.toordinal() + days
    return date.fromordinal(min(max(moved, FIRST_DAY.toordinal()), LAST_DAY.toordinal()))


class SpanTable:
    """The working spans of the days ``first`` to ``last`` (local dates)."""

    def __init__(self, day: Callable[[date], DayUs]) -> None:
        self._day = day
        self.first = self.last = date(1970, 1, 1)
        self.low = self.high = 0  # the covered instants: [low, high)
        self._reset()

    def _reset(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.before = array("q")  # working time before each span
        self.after = array("q")  # working time up to the end of each span
        self.span_day = array("q")  # index into the working days of each span's day
        self.day_last = array("q")  # the last span of each working day
        self.empty = True

    def _append(self, day: date) -> None:
        start, end, spans = self._day(day)
        if self.empty:
            self.first, self.low, self.empty = day, start, False
        self.last, self.high = day, end
        if not spans:
            return
        index = len(self.day_last)
        done = self.after[-1] if self.after else 0
        for span_start, span_end in spans:
            self.starts.append(span_start)
            self.ends.append(span_end)
            self.before.append(done)
            done += span_end - span_start
            self.after.append(done)
            self.span_day.append(index)
        self.day_last.append(len(self.ends) - 1)

    def _fill(self, first: date, last: date) -> None:
        day = first
        while day <= last:
            self._append(day)
            day += timedelta(days=1)

    def cover(self, low: Us, high: Us) -> None:
        """Hold every day that contains an instant of ``[low, high]``."""
        far = _GROW_DAYS * _DAY_US
        if self.empty or high < self.low - far or low > self.high + far:
            # Nothing yet, or far from what is held: start afresh rather than
            # fill the years in between (an --at centuries ahead, then back).
            self._reset()
            self._fill(_plus(utc_date(low), -_MARGIN), _plus(utc_date(high), _MARGIN))
        elif low < self.low:
            # Rebuilt from further back than needed (up to a year more), so that
            # walking back one incident at a time does not rebuild each time.
            reach = min((self.last - self.first).days, _GROW_DAYS)
            first = min(_plus(utc_date(low), -_MARGIN), _plus(self.first, -reach))
            last = self.last
            self._reset()
            self._fill(first, last)
        if high >= self.high:
            self._fill(_plus(self.last, 1), _plus(utc_date(high), _MARGIN))

    def _grow(self) -> bool:
        """Add the next days; False when the table already reaches LAST_DAY."""
        if self.last >= LAST_DAY:
            return False
        self._fill(_plus(self.last, 1), _plus(self.last, _GROW_DAYS))
        return True

    def _worked_until(self, instant: Us) -> Us:
        """Working time from the table's first day to ``instant`` (covered)."""
        index = bisect.bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0
        return self.before[index] + min(instant, self.ends[index]) - self.starts[index]

    def worked(self, start: Us, end: Us) -> Us:
        """Working time in ``[start, end)``."""
        self.cover(start, end)
        return self._worked_until(end) - self._worked_until(start)

    def reach(self, start: Us, work: Us, limit: Us) -> Us | None:
        """The earliest instant by which ``work`` (> 0) of working time has passed
        since ``start``, or None if it is after ``limit``."""
        self.cover(start, start)
        goal = self._worked_until(start) + work
        while True:
            index = bisect.bisect_left(self.after, goal)
            if index < len(self.after):
                found = self.starts[index] + goal - self.before[index]
                return found if found <= limit else None
            if self.high > limit or not self._grow():
                return None

    def close_of_business(self, start: Us, days: int, limit: Us) -> Us | None:
        """The end of the last span of the ``days``-th working day after the start
        day, the day of the first working instant at or after ``start``; None
        if that is after ``limit``."""
        self.cover(start, start)
        while (index := bisect.bisect_right(self.ends, start)) >= len(self.ends):
            if self.high > limit or not self._grow():
                return None
        wanted = self.span_day[index] + days
        while wanted >= len(self.day_last):
            if self.high > limit or not self._grow():
                return None
        found = self.ends[self.day_last[wanted]]
        return found if found <= limit else None
