"""Per-incident SLA figures: an incident measured against the SLA version in
force when it opened (:mod:`ccgov.sla.terms`), as the report, ``sla status``
and ``sla explain`` all show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ccgov.records.incident import Incident
from ccgov.sla.measure import IncidentMeasurement, TargetResult, Verdict, measure
from ccgov.sla.terms import Terms

FigureVerdict = Verdict | Literal["not_in_force"]


@dataclass(frozen=True, slots=True)
class IncidentFigure:
    """One incident's figures and the terms they were measured against."""

    incident: Incident
    terms: Terms
    measurement: IncidentMeasurement

    @property
    def response(self) -> TargetResult | None:
        return self.measurement.response

    @property
    def resolution(self) -> TargetResult | None:
        return self.measurement.resolution

    @property
    def verdict(self) -> FigureVerdict:
        """The measurement's verdict; ``not_in_force`` when no SLA version applied
        on the day the incident opened (its effective dates)."""
        return self.measurement.verdict if self.terms.in_force else "not_in_force"

    def to_json(self) -> dict[str, Any]:
        return self.measurement.to_json() | {
            "verdict": self.verdict,
            "opened": self.incident.opened.isoformat(),
            "sla_version": self.terms.sla.version,
            "sla_commit": self.terms.commit,
        }


def incident_figure(incident: Incident, terms: Terms, now: datetime) -> IncidentFigure:
    """The incident measured against ``terms`` as of ``now`` (not measured at all
    when the terms were not in force)."""
    if not terms.in_force:
        return IncidentFigure(
            incident, terms, IncidentMeasurement(incident.id, incident.severity, None, None)
        )
    return IncidentFigure(incident, terms, measure(incident, terms.sla, terms.business, now))
