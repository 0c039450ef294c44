"""Reporting periods: 2026-Q1, 2026-03, 2026, or FROM..TO (dates, inclusive)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ccgov.errors import UsageError


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
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * quarter - 2, 1)
        after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(text, *_bounds(first, after, zone))
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(match.group(2)) <= 12:
        first = date(int(match.group(1)), int(match.group(2)), 1)
        return Period(text, *_bounds(first, _next_month(first), zone))
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(text, *_bounds(date(year, 1, 1), date(year + 1, 1, 1), zone))
    if ".." in text:
        left, right = text.split("..", 1)
        try:
            first, last = date.fromisoformat(left), date.fromisoformat(right)
        except ValueError:
            raise UsageError(f"--period {text!r}: dates must be YYYY-MM-DD") from None
        if last < first:
            raise UsageError(f"--period {text!r} ends before it starts")
        return Period(text, *_bounds(first, last + timedelta(days=1), zone))
    raise UsageError(
        f"--period {text!r} is not a period",
        hint="use 2026-Q1, 2026-03, 2026 or 2026-01-01..2026-03-31",
    )
