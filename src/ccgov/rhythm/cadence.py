"""When a routine happens: its cadence as an RFC 5545 rule, repeated in the
routine's own time zone (a 10:00 CAB stays at 10:00 across a DST change).
Pure: no clock, no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from ccgov.records.base import duration_minutes
from ccgov.records.config import RepoConfig
from ccgov.records.routine import Routine, cadence_rule


class Cadence:
    """A routine's occurrences as aware datetimes."""

    def __init__(self, routine: Routine, config: RepoConfig | None) -> None:
        self.routine = routine
        self.zone = ZoneInfo(routine.timezone or (config.timezone if config else "UTC"))
        self.start = routine.starts.astimezone(self.zone)
        rule = rrulestr(cadence_rule(routine.cadence), dtstart=self.start.replace(tzinfo=None))
        assert isinstance(rule, rrule)
        self.rule = rule
        self.length = timedelta(minutes=duration_minutes(routine.duration))

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def _aware(self, local: datetime | None) -> datetime | None:
        return None if local is None else local.replace(tzinfo=self.zone)

    def first(self) -> datetime | None:
        return self._aware(self.rule.after(self.start.replace(tzinfo=None), inc=True))

    def after(self, moment: datetime, *, inclusive: bool = False) -> datetime | None:
        """The first occurrence after ``moment`` (at it, when ``inclusive``)."""
        return self._aware(self.rule.after(self._local(moment), inc=inclusive))

    def before(self, moment: datetime, *, inclusive: bool = False) -> datetime | None:
        return self._aware(self.rule.before(self._local(moment), inc=inclusive))

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences in [start, end)."""
        found = self.rule.between(self._local(start), self._local(end), inc=True)
        return [moment.replace(tzinfo=self.zone) for moment in found if moment < self._local(end)]

    def nearest(self, moment: datetime) -> datetime | None:
        """The occurrence a meeting at ``moment`` stands for: the closest one, so
        a CAB moved a day earlier or later still counts for its week."""
        before = self.before(moment, inclusive=True)
        after = self.after(moment)
        if before is None:
            return after
        if after is None or moment - before <= after - moment:
            return before
        return after
