"""``ccgov sla explain``: the intervals behind one incident's figures."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.incident import Incident
from ccgov.sla.calendar import Segment, intervals
from ccgov.sla.figures import incident_figure
from ccgov.sla.measure import TargetResult, clock_for
from ccgov.sla.terms import Terms, TermsResolver
from ccgov.sla.timeline import Span, as_of
from ccgov.store.repo import Repository


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class Explanation:
    incident: Incident
    terms: Terms
    response: TargetResult | None
    resolution: TargetResult | None
    response_segments: list[Segment]
    resolution_segments: list[Segment]

    def to_json(self) -> dict[str, Any]:
        def segments(items: list[Segment]) -> list[dict[str, Any]]:
            return [
                {
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                    "kind": s.kind,
                    "minutes": round(s.minutes, 2),
                }
                for s in items
            ]

        def result(r: TargetResult | None) -> dict[str, Any] | None:
            return (
                None
                if r is None
                else {
                    "clock": r.clock,
                    "within": r.within,
                    "target_minutes": _round(r.target_minutes),
                    "elapsed_minutes": _round(r.elapsed_minutes),
                    "deadline": None if r.deadline is None else r.deadline.isoformat(),
                    "state": r.state,
                }
            )

        return {
            "id": self.incident.id,
            "severity": self.incident.severity,
            "sla": self.terms.sla.id,
            "sla_version": self.terms.sla.version,
            "sla_commit": self.terms.commit,
            "calendar": self.terms.sla.calendar,
            "note": self.terms.note,
            "response": result(self.response),
            "response_intervals": segments(self.response_segments),
            "resolution": result(self.resolution),
            "resolution_intervals": segments(self.resolution_segments),
        }


def _name_gaps(segments: list[Segment], gaps: tuple[Span, ...]) -> list[Segment]:
    """Paused segments, where they lie in a gap between a resolution and a
    reopening, become ``resolved``: the clock stood still because the incident
    was resolved, not because anyone waited."""
    if not gaps:
        return segments
    named: list[Segment] = []
    for segment in segments:
        if segment.kind != "paused":
            named.append(segment)
            continue
        cuts = sorted(
            {segment.start, segment.end}
            | {t for gap in gaps for t in (gap.start, gap.end) if segment.start < t < segment.end}
        )
        for low, high in itertools.pairwise(cuts):
            inside = any(gap.start <= low and high <= gap.end for gap in gaps)
            named.append(Segment(low, high, "resolved" if inside else "paused"))
    merged: list[Segment] = []
    for segment in named:
        if merged and merged[-1].kind == segment.kind and merged[-1].end == segment.start:
            merged[-1] = Segment(merged[-1].start, segment.end, segment.kind)
        else:
            merged.append(segment)
    return merged


def explain(repository: Repository, incident_id: str, now: datetime) -> Explanation:
    """The figures of one incident as of ``now`` and the intervals behind them,
    measured on the same reading of the record as the report and ``sla status``."""
    incident = next(
        (r.record for r in repository.of("incident") if r.record.id == incident_id), None
    )
    if incident is None:
        raise RefusedError(f"there is no incident {incident_id}")
    terms = TermsResolver(repository).for_moment(incident.sla, incident.opened)
    if terms is None:
        raise RefusedError(f"{incident_id} names SLA {incident.sla}, which does not exist")
    timeline = as_of(incident, now)
    figure = incident_figure(incident, terms, timeline.now)
    severity_terms = terms.sla.severities.get(incident.severity) if terms.in_force else None

    def segments(result: TargetResult | None) -> list[Segment]:
        if result is None or severity_terms is None:
            return []
        if result.name == "response":  # pauses do not stop the response clock
            clock = clock_for(severity_terms.response, terms.business)
            end = result.stopped or max(timeline.now, timeline.opened)
            return intervals(clock, timeline.opened, end)
        clock = clock_for(severity_terms.resolution, terms.business)
        end = result.stopped or max(timeline.now, timeline.opened)
        found = intervals(clock, timeline.opened, end, timeline.stops)
        return _name_gaps(found, timeline.gaps)

    return Explanation(
        incident,
        terms,
        figure.response,
        figure.resolution,
        segments(figure.response),
        segments(figure.resolution),
    )
