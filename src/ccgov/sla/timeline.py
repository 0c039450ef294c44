"""An incident as it stood at a moment: the one reading of its timestamps that
the report, ``sla status`` and ``sla explain`` all measure.

Rules (docs/sla.md, "Response and resolution"):

* Nothing recorded after the moment has happened yet: a response,
  resolution, reopening or closing after it is ignored, and a pause that
  begins after it does not exist.
* A pause that has begun ends at its ``end`` or at the moment, whichever is
  first: one still running (or recorded without an end, the incident still
  waiting) counts as paused up to the moment.
* The response clock stops at ``responded``, else the first resolution, else
  ``closed``.
* The resolution clock runs in spells: from ``opened`` to the first
  ``resolved``, then from each reopening to the resolution that follows it.
  The time from a resolution to the next reopening is a gap: it does not
  count, like a pause. The clock has stopped when the last spell known at
  the moment was resolved, or when the incident was closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ccgov.records.incident import Incident
from ccgov.sla.clock import as_utc


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch ``[start, end)`` of real time (aware UTC): a pause or a gap."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Timeline:
    """What had happened to an incident by ``now`` (every instant in UTC)."""

    now: datetime
    opened: datetime
    responded: datetime | None  # when the response clock stopped; None while it runs
    resolved: datetime | None  # when the resolution clock stopped for good; None while it runs
    pauses: tuple[Span, ...]  # begun by now, clipped to now, in the record's order
    gaps: tuple[Span, ...]  # resolution to the next reopening, both by now

    @property
    def stops(self) -> tuple[Span, ...]:
        """Everything that stops the resolution clock: pauses and gaps, by start."""
        return tuple(sorted((*self.pauses, *self.gaps), key=lambda span: span.start))

    def spells(self) -> list[Span]:
        """The stretches the incident was open (not resolved) up to ``now``: from
        opened to the first resolution, from each reopening to the next."""
        end = self.resolved if self.resolved is not None else max(self.now, self.opened)
        found: list[Span] = []
        cursor = self.opened
        for gap in self.gaps:
            found.append(Span(cursor, gap.start))
            cursor = gap.end
        found.append(Span(cursor, end))
        return [spell for spell in found if spell.start < spell.end]


def _by(value: datetime | None, now: datetime) -> datetime | None:
    """``value`` in UTC if it had happened by ``now``."""
    if value is None:
        return None
    value = as_utc(value, "timestamp")
    return value if value <= now else None


def as_of(incident: Incident, now: datetime) -> Timeline:
    """The incident as it stood at ``now``."""
    now = as_utc(now, "now")
    opened = as_utc(incident.opened, "opened")
    first = next((v for v in (incident.responded, incident.resolved, incident.closed) if v), None)
    pauses = []
    for pause in incident.pauses:
        start = as_utc(pause.start, "pause start")
        # Clipped to now: one that begins later is empty, it does not exist yet.
        end = now if pause.end is None else min(as_utc(pause.end, "pause end"), now)
        if start < end:
            pauses.append(Span(start, end))
    gaps: list[Span] = []
    stopped = _by(incident.resolved, now)
    if stopped is not None:
        for reopening in incident.reopened:
            reopened = _by(reopening.at, now)
            if reopened is None:
                break
            gaps.append(Span(stopped, reopened))
            stopped = _by(reopening.resolved, now)
            if stopped is None:
                break
    if stopped is None:
        stopped = _by(incident.closed, now)
    return Timeline(now, opened, _by(first, now), stopped, tuple(pauses), tuple(gaps))
