"""Reporting periods: 2026-Q1, 2026-03, 2026, or FROM..TO (dates, inclusive)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ccgov.errors import UsageError
from ccgov.records.base import EARLIEST, LATEST


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: datetime  # inclusive, aware
    end: datetime  # exclusive, aware

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def months(self) -> list[tuple[str, datetime, datetime]]:
        """(YYYY-MM, start, end) for each calendar month the period touches."""
        found = []
        cursor = self.start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while cursor < self.end:
            following = (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
            found.append(
                (cursor.strftime("%Y-%m"), max(cursor, self.start), min(following, self.end))
            )
            cursor = following
        return found


def _bounds(first: date, after: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(first, time(), zone), datetime.combine(after, time(), zone)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


_HINT = "use 2026-Q1, 2026-03, 2026 or 2026-01-01..2026-03-31"


def _supported(zone: ZoneInfo) -> tuple[date, date]:
    """The first and last local day holding an instant of the records' own range
    (records.base.check_moment): 31 December 1969 west of UTC, 1 January 3000
    east of it. Business-time maths runs days and years past a period's end,
    which must stay within what dates can hold."""
    return EARLIEST.astimezone(zone).date(), (LATEST - timedelta(microseconds=1)).astimezone(
        zone
    ).date()


def _days(text: str, first_year: int, last_year: int) -> tuple[date, date] | None:
    """The first and last day a period names; None if it names none.
    A year outside the supported range gives days outside it too."""
    year = int(text[:4]) if re.match(r"\d{4}(-|$)", text) else None
    if year is not None and not first_year <= year <= last_year:
        return date.min, date.min  # refused below, without building year 0 or 10000
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        first = date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)
        return first, _next_month(_next_month(_next_month(first))) - timedelta(days=1)
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(match.group(2)) <= 12:
        first = date(int(match.group(1)), int(match.group(2)), 1)
        return first, _next_month(first) - timedelta(days=1)
    if year is not None and len(text) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if ".." in text:
        left, right = text.split("..", 1)
        try:
            first, last = date.fromisoformat(left), date.fromisoformat(right)
        except ValueError:
            raise UsageError(f"--period {text!r}: dates must be YYYY-MM-DD") from None
        if last < first:
            raise UsageError(f"--period {text!r} ends before it starts")
        return first, last
    return None


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def latest_quarter(moments: Iterable[datetime], timezone: str, *, today: date) -> str:
    """The quarter of the latest moment up to today (in the repository's time
    zone): where the data is. The current quarter when there is none."""
    zone = ZoneInfo(timezone)
    days = [m.astimezone(zone).date() for m in moments]
    past = [d for d in days if d <= today]
    return quarter_of(max(past)) if past else quarter_of(today)


def parse_period(text: str | None, timezone: str, *, today: date) -> Period:
    """A period in the repository's time zone; None means the current quarter."""
    zone = ZoneInfo(timezone)
    if text is None:
        text = quarter_of(today)
    text = text.strip()
    earliest, latest = _supported(zone)
    days = _days(text, earliest.year, latest.year)
    if days is None:
        raise UsageError(f"--period {text!r} is not a period", hint=_HINT)
    first, last = days
    if not (first >= earliest and last <= latest):
        raise UsageError(
            f"--period {text!r} is outside the supported range "
            f"({EARLIEST.year} to {LATEST.year - 1})",
            hint=_HINT,
        )
    return Period(text, *_bounds(first, last + timedelta(days=1), zone))
