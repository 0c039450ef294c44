"""What an incident step's note says: where the SLA clock stands (the
response or resolution figure, on its clock) and what the policy's duties
ask next (the next update to the center, the root-cause analysis due)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ccgov.records.config import RepoConfig
from ccgov.records.incident import Incident
from ccgov.records.incident_lifecycle import final_resolution, state
from ccgov.sla.calendar import BusinessClock
from ccgov.sla.duties import communication_rule, next_update_due, rca_due, rca_rule
from ccgov.sla.figures import incident_figure
from ccgov.sla.measure import TargetResult
from ccgov.sla.terms import TermsResolver
from ccgov.store.repo import Repository


def _minutes(value: float) -> str:
    hours, minutes = divmod(round(value), 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes}m"


def _figure(target: TargetResult | None) -> str | None:
    if target is None:
        return None
    verdict = {"met": "met", "breached": "breached", "open": "running"}[target.state]
    return (
        f"{target.name} {_minutes(target.elapsed_minutes)} on the {target.clock} clock, target "
        f"{target.within}: {verdict}"
    )


def _clock(config: RepoConfig, name: str | None) -> BusinessClock | None:
    """A calendar's clock (around the clock for None); None when it cannot be built."""
    calendar = config.calendars.get(name) if name is not None else None
    if name is not None and calendar is None:
        return None
    try:
        return BusinessClock(calendar)
    except ValueError:  # an unknown holiday country: REF008 says so
        return None


def clock_notes(repository: Repository, incident: Incident, action: str, at: datetime) -> list[str]:
    """Where the SLA clock and the policy's duties stand after a step."""
    config = repository.config
    if config is None:
        return []
    notes: list[str] = []
    terms = TermsResolver(repository).for_moment(incident.sla, incident.opened)
    if terms is not None and terms.in_force:
        try:
            figure = incident_figure(incident, terms, at)
        except ValueError as exc:  # a business target without a calendar (SLA001 says so)
            notes.append(str(exc))
        else:
            if action == "respond":
                notes += [n for n in [_figure(figure.response)] if n]
            elif action in ("resolve", "close", "pause", "resume", "reopen"):
                notes += [n for n in [_figure(figure.resolution)] if n]
    sla = next((r.record for r in repository.of("sla") if r.record.id == incident.sla), None)
    zone = ZoneInfo(config.timezone)
    cadence = communication_rule(config.policy, incident.severity)
    cadence_clock = None if cadence is None else _clock(config, cadence.calendar)
    if cadence is not None and cadence_clock is not None and state(incident) != "closed":
        due = next_update_due(incident, cadence, cadence_clock, at)
        if due is not None:
            notes.append(
                f"next update to the {'/'.join(cadence.audience)} due by "
                f"{due.astimezone(zone).replace(microsecond=0).isoformat()} "
                f"(policy: every {cadence.every})"
            )
    demand = rca_rule(config.policy, incident.severity)
    resolved = final_resolution(incident)
    sla_clock = _clock(config, sla.calendar if sla is not None else None)
    if demand is not None and resolved is not None and sla_clock is not None:
        due = rca_due(sla_clock, resolved, demand.within)
        linked = any(incident.id in p.record.incidents for p in repository.of("problem"))
        if due is not None and not incident.root_cause and not linked:
            notes.append(
                f"root-cause analysis due by {due.astimezone(zone).isoformat()} "
                f"({demand.within}): incident update --root-cause, or problem new --from "
                f"{incident.id}"
            )
    return notes
