"""``ccgov sla explain``: the intervals behind one incident's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.incident import Incident
from ccgov.sla.calendar import BusinessClock, Segment, as_utc, intervals
from ccgov.sla.figures import incident_figure
from ccgov.sla.measure import TargetResult, clock_for
from ccgov.sla.terms import Terms, TermsResolver
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
                    "deadline": r.deadline.isoformat(),
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


def explain(repository: Repository, incident_id: str, now: datetime) -> Explanation:
    incident = next(
        (r.record for r in repository.of("incident") if r.record.id == incident_id), None
    )
    if incident is None:
        raise RefusedError(f"there is no incident {incident_id}")
    terms = TermsResolver(repository).for_moment(incident.sla, incident.opened)
    if terms is None:
        raise RefusedError(f"{incident_id} names SLA {incident.sla}, which does not exist")
    now = as_utc(now)
    figure = incident_figure(incident, terms, now)
    severity_terms = terms.sla.severities.get(incident.severity)

    def segments(result: TargetResult | None, pauses: bool) -> list[Segment]:
        if result is None or severity_terms is None:
            return []
        target = severity_terms.response if result.name == "response" else severity_terms.resolution
        clock: BusinessClock = clock_for(target, terms.calendar)
        end = result.stopped or max(now, incident.opened)
        return intervals(clock, incident.opened, end, incident.pauses if pauses else ())

    return Explanation(
        incident,
        terms,
        figure.response,
        figure.resolution,
        segments(figure.response, False),
        segments(figure.resolution, True),
    )
